/** `checklist`, `tick` and `untick`: a release's role checklists, ticked by the people holding each role. */
import { readFile } from 'node:fs/promises';
import { basename, extname, resolve } from 'node:path';
import type { Command } from 'commander';
import type { TickRequest } from '../../client/api-types.ts';
import { CliError, UsageError } from '../cli-errors.ts';
import { type CliContext, printJson } from '../cli-io.ts';
import { connect, type ConnectionFlags, withConnectionOptions } from '../connection.ts';
import { checklistsView, tickLines } from '../output/people-views.ts';

interface ChecklistFlags extends ConnectionFlags {
  ring?: string;
}

interface TickFlags extends ConnectionFlags {
  note?: string;
  link?: string;
  file?: string;
  mediaType?: string;
}

/** The server takes files up to 2 MiB; larger ones are refused here before being read whole. */
const MAX_FILE_BYTES = 2 * 1024 * 1024;

/** Media types of the evidence people attach most; anything else goes as application/octet-stream. */
const MEDIA_TYPES: Record<string, string> = {
  '.pdf': 'application/pdf',
  '.txt': 'text/plain',
  '.log': 'text/plain',
  '.md': 'text/markdown',
  '.csv': 'text/csv',
  '.html': 'text/html',
  '.htm': 'text/html',
  '.json': 'application/json',
  '.xml': 'application/xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.zip': 'application/zip',
  '.gz': 'application/gzip',
};

export function guessMediaType(fileName: string): string | undefined {
  return MEDIA_TYPES[extname(fileName).toLowerCase()];
}

export function registerChecklist(program: Command, context: CliContext): void {
  const { io } = context;

  withConnectionOptions(
    program
      .command('checklist <product> <version>')
      .description("a release's checklists: each role's items, who ticked them with what evidence, and each ring's verdict")
      .option('--ring <ring>', 'only this ring'),
  ).action(async (product: string, version: string, flags: ChecklistFlags) => {
    const rings = await (await connect(context, flags)).listChecklists(product, version, flags.ring);
    if (flags.json) return printJson(io, { rings });
    io.stdout.write(checklistsView(rings));
  });

  withConnectionOptions(
    program
      .command('tick <product> <version> <ring> <role> <item>')
      .description('tick a checklist item of a role you hold, with a note and evidence; ticking again replaces the tick')
      .option('--note <text>', 'what was checked, for the record')
      .option('--link <url>', 'evidence: an http(s) link (a CI run, a report)')
      .option('--file <path>', 'evidence: a file of at most 2 MiB, uploaded with the tick')
      .option('--media-type <type>', "with --file: its media type (default: from the file's extension)"),
  ).action(async (product: string, version: string, ring: string, role: string, item: string, flags: TickFlags) => {
    if (flags.mediaType !== undefined && flags.file === undefined) throw new UsageError('--media-type applies to --file only');
    const tick: TickRequest = {
      ...(flags.note === undefined ? {} : { note: flags.note }),
      ...(flags.link === undefined ? {} : { link: flags.link }),
      ...(flags.file === undefined ? {} : { file: await readEvidence(context, flags.file, flags.mediaType) }),
    };
    const answer = await (await connect(context, flags)).tickItem(product, version, ring, role, item, tick);
    if (flags.json) return printJson(io, answer);
    io.stdout.write(tickLines(answer, 'ticked'));
  });

  withConnectionOptions(
    program.command('untick <product> <version> <ring> <role> <item>').description('remove the tick of a checklist item of a role you hold'),
  ).action(async (product: string, version: string, ring: string, role: string, item: string, flags: ConnectionFlags) => {
    const answer = await (await connect(context, flags)).untickItem(product, version, ring, role, item);
    if (flags.json) return printJson(io, answer);
    io.stdout.write(tickLines(answer, 'unticked'));
  });
}

async function readEvidence(context: CliContext, file: string, mediaType: string | undefined): Promise<NonNullable<TickRequest['file']>> {
  const path = resolve(context.io.cwd, file);
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new CliError(`cannot read --file ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : String(code ?? error)}`);
  }
  if (bytes.length > MAX_FILE_BYTES) throw new CliError(`--file ${file} is ${bytes.length} bytes; evidence files may be at most 2 MiB (${MAX_FILE_BYTES} bytes): give a --link to it instead`);
  const type = mediaType ?? guessMediaType(file);
  return { name: basename(path), ...(type === undefined ? {} : { mediaType: type }), contentBase64: bytes.toString('base64') };
}

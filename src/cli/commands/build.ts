/** `build register` (what CI runs after a pipeline, or a stage of it) and `build list`. */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { isMap, isScalar, parseDocument } from 'yaml';
import { describeState } from '../../builds/build-state.ts';
import type { StageResult } from '../../builds/build-types.ts';
import type { RegisterBuild } from '../../client/api-types.ts';
import { CliError, UsageError } from '../cli-errors.ts';
import { type CliContext, printJson } from '../cli-io.ts';
import { connect, type ConnectionFlags, withConnectionOptions } from '../connection.ts';
import { readGitRange } from '../git-log.ts';
import { wholeNumber } from '../option-parsers.ts';
import { buildsTable } from '../output/views.ts';
import { readAll } from '../read-input.ts';
import { collect, parseArtifactSpec, parseStageSpec, STAGE_SPEC_HELP } from './build-specs.ts';

interface RegisterFlags extends ConnectionFlags {
  component?: string;
  version?: string;
  commit?: string;
  branch?: string;
  artifact?: [string, string][];
  stage?: StageResult[];
  file?: string;
  gitRange?: string;
}

interface ListFlags extends ConnectionFlags {
  component?: string;
  branch?: string;
  limit?: number;
}

/** Fields of a build file that are text even when YAML reads them as numbers (`commit: 1234567`). */
const TEXT_FIELDS = ['component', 'version', 'commit', 'branch'];

export function registerBuild(program: Command, context: CliContext): void {
  const build = program.command('build').description('register builds from CI and list them');

  withConnectionOptions(
    build
      .command('register <product>')
      .description('register a build of a component, or report more of its stages; registering the same build again changes nothing')
      .option('--component <name>', 'the component built')
      .option('--version <semver>', 'its semantic version, like 1.4.0 or 1.4.0-rc.1')
      .option('--commit <sha>', 'the commit it was built from')
      .option('--branch <name>', 'the git branch (a new build defaults to main)')
      .option('--artifact <kind=ref>', 'an artifact reference, like image=registry/api:1.4.0 (repeatable)', collect(parseArtifactSpec))
      .option('--stage <spec>', `a pipeline stage result: ${STAGE_SPEC_HELP} (repeatable)`, collect(parseStageSpec))
      .option('-f, --file <file>', "a YAML or JSON file with the API's fields; flags win over it ('-' reads stdin)")
      .option('--git-range <from..to>', "the commits the build brought, for release notes: runs `git log <from..to>` in this folder (merges left out); --commit defaults to the range's end"),
  ).action((product: string, flags: RegisterFlags) => register(context, product, flags));

  withConnectionOptions(
    build
      .command('list <product>')
      .description("a product's builds, newest first")
      .option('--component <name>', 'only this component')
      .option('--branch <name>', 'only this branch')
      .option('--limit <n>', 'at most this many (server default 100)', wholeNumber(1)),
  ).action(async (product: string, flags: ListFlags) => {
    const builds = await (await connect(context, flags)).listBuilds(product, { component: flags.component, branch: flags.branch, limit: flags.limit });
    if (flags.json) return printJson(context.io, { builds });
    const filtered = flags.component !== undefined || flags.branch !== undefined;
    context.io.stdout.write(builds.length > 0 ? buildsTable(builds) : `no builds of ${product}${filtered ? ' match' : ' yet'}\n`);
  });
}

async function register(context: CliContext, product: string, flags: RegisterFlags): Promise<void> {
  const { io } = context;
  const fromFile = flags.file === undefined ? {} : await readBuildFile(context, flags.file);
  const git = flags.gitRange === undefined ? null : await readGitRange(io.cwd, flags.gitRange);
  const body = combine(fromFile, { ...flags, commit: flags.commit ?? (fromFile['commit'] === undefined ? git?.end : undefined) });
  if (git) body.commits = git.commits;
  const outcome = await (await connect(context, flags)).registerBuild(product, body);
  if (flags.json) return printJson(io, outcome);
  const b = outcome.build;
  const verb = outcome.outcome === 'created' ? 'registered' : outcome.outcome;
  const commits = b.commits && b.commits.length > 0 ? `, ${b.commits.length} commit${b.commits.length === 1 ? '' : 's'}` : '';
  io.stdout.write(`${verb} ${b.component} ${b.version} (${b.artifact}), ${describeState(b.stages)}${commits}\n`);
}

/** The file's fields with the flags over them: artifacts by kind and stages by name. */
export function combine(file: Record<string, unknown>, flags: RegisterFlags): RegisterBuild {
  const body: Record<string, unknown> = { ...file };
  for (const key of ['component', 'version', 'commit', 'branch'] as const) {
    if (flags[key] !== undefined) body[key] = flags[key];
  }
  const missing = (['component', 'version', 'commit'] as const).filter((key) => body[key] === undefined);
  if (missing.length > 0) throw new UsageError(`${missing.map((k) => `--${k}`).join(', ')} ${missing.length > 1 ? 'are' : 'is'} required (as flags or in the -f file)`);

  if (flags.artifact) {
    const kinds = flags.artifact.map(([kind]) => kind);
    const twice = kinds.find((kind, i) => kinds.indexOf(kind) !== i);
    if (twice) throw new UsageError(`--artifact ${twice} is given twice`);
    body['artifacts'] = { ...asRecord(file['artifacts']), ...Object.fromEntries(flags.artifact) };
  }
  if (flags.stage) {
    const names = flags.stage.map((s) => s.name);
    const twice = names.find((name, i) => names.indexOf(name) !== i);
    if (twice) throw new UsageError(`--stage ${twice} is given twice`);
    const fileStages = Array.isArray(file['stages']) ? (file['stages'] as unknown[]) : [];
    const replaced = new Set(names);
    body['stages'] = [...fileStages.filter((s) => !replaced.has(String(asRecord(s)['name']))), ...flags.stage];
  }
  // The server checks the shape of the rest and names any wrong field.
  return body as unknown as RegisterBuild;
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

async function readBuildFile(context: CliContext, file: string): Promise<Record<string, unknown>> {
  const text = file === '-' ? await readAll(context.io.stdin) : await readText(resolve(context.io.cwd, file), file);
  const doc = parseDocument(text);
  const error = doc.errors[0];
  if (error) throw new CliError(`cannot read ${file}: ${error.message.split('\n')[0]}`);
  if (!isMap(doc.contents)) throw new CliError(`cannot read ${file}: expected a mapping with component, version, commit, branch, artifacts and stages`);
  const fields = doc.toJS() as Record<string, unknown>;
  // `commit: 0012345` reads as a number; the text as written is what was meant.
  for (const key of TEXT_FIELDS) {
    const node = doc.get(key, true);
    if (isScalar(node) && (typeof node.value === 'number' || typeof node.value === 'boolean') && node.source !== undefined) fields[key] = node.source;
  }
  return fields;
}

async function readText(path: string, file: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(`cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : (error as Error).message}`);
  }
}

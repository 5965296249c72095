/** `enrolment create`: a one-time code the agent of a pull target trades for its own token. */
import { type Command, InvalidArgumentError } from 'commander';
import { type CliContext, printJson } from '../cli-io.ts';
import { connect, type ConnectionFlags, withConnectionOptions } from '../connection.ts';
import { duration } from '../option-parsers.ts';
import { printable } from '../output/printable.ts';

interface CreateFlags extends ConnectionFlags {
  expires?: number;
}

/** The server takes lifetimes from a minute to 30 days; said here in the flag's own terms. */
const MIN_SECONDS = 60;
const MAX_SECONDS = 30 * 86_400;

function lifetime(text: string): number {
  const seconds = duration(text);
  if (seconds < MIN_SECONDS || seconds > MAX_SECONDS) throw new InvalidArgumentError('expected a lifetime from 1m to 30d, like 30m, 24h or 7d');
  return seconds;
}

export function registerEnrolment(program: Command, context: CliContext): void {
  const enrolment = program.command('enrolment').description('enrol the agents of pull targets');
  withConnectionOptions(
    enrolment
      .command('create')
      .description("create a one-time code for a pull target's agent and print it, once")
      .argument('<product>', 'the product')
      .argument('<target>', 'the pull target whose agent will use it')
      .option('--expires <duration>', 'how long the code stays usable, from 1m to 30d (default 24h)', lifetime),
  ).action((product: string, target: string, flags: CreateFlags) => createCode(context, product, target, flags));
}

async function createCode(context: CliContext, product: string, target: string, flags: CreateFlags): Promise<void> {
  const { io } = context;
  const client = await connect(context, flags);
  const created = await client.createEnrolmentCode(product, target, flags.expires);
  if (flags.json) return printJson(io, created);
  // Only the code goes to stdout, so `$(ringmaster enrolment create …)` captures just it, as `token create` does.
  io.stdout.write(`${created.code}\n`);
  io.stderr.write(
    printable(`created an enrolment code for the agent of ${created.product}/${created.target}; it works once, until ${created.expiresAt}`) +
      '\nOn the target, enrol and start the agent with:\n' +
      printable(`  ringmaster agent --server ${client.baseUrl} --enrol ${created.code} --work-dir <dir>`) +
      '\n',
  );
}

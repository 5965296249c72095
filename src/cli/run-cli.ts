/**
 * The whole CLI as a function: arguments and streams in, exit code out. The
 * `ringmaster` executable (main.ts) is a thin shim over it, and tests call it
 * in-process.
 */
import { Command, CommanderError } from 'commander';
import type { CliContext, CliIo } from './cli-io.ts';
import { registerAgent } from './commands/agent.ts';
import { registerApply } from './commands/apply.ts';
import { registerBuild } from './commands/build.ts';
import { registerBundle } from './commands/bundle.ts';
import { registerChecklist } from './commands/checklist.ts';
import { registerDeployment } from './commands/deployment.ts';
import { registerDelivery } from './commands/notifications.ts';
import { registerEnrolment } from './commands/enrolment.ts';
import { registerGet } from './commands/get.ts';
import { registerLogin } from './commands/login.ts';
import { registerPromote } from './commands/promote.ts';
import { registerRelease } from './commands/release.ts';
import { registerReport } from './commands/report.ts';
import { registerStatus } from './commands/status.ts';
import { registerToken } from './commands/token.ts';
import { registerUser } from './commands/user.ts';
import { registerVote } from './commands/vote.ts';
import { reportError } from './report-error.ts';
import { VERSION } from '../app/version.ts';

export type { CliIo } from './cli-io.ts';

/**
 * The server's modules take about half a second to load, which every client
 * command would pay: they are loaded only when `serve` is on the command line.
 * Otherwise a stand-in lists `serve` in the help.
 */
async function addServe(program: Command, argv: readonly string[]): Promise<void> {
  if (argv.includes('serve')) {
    const { registerServe } = await import('./commands/serve.ts');
    registerServe(program);
    return;
  }
  program.command('serve').description('run the Ringmaster server (see `ringmaster serve --help`)');
}

export async function buildProgram(context: CliContext, argv: readonly string[]): Promise<Command> {
  const { io } = context;
  const program = new Command('ringmaster')
    .description('Ringmaster: carry releases through rings of users, gated by evidence and people')
    .version(VERSION)
    // `build register --version 1.4.0` must reach the subcommand, not the program's
    // own --version: program options are taken before a command only.
    .enablePositionalOptions()
    // Set before any subcommand exists: subcommands copy these settings when created.
    .exitOverride()
    .configureOutput({ writeOut: (text) => void io.stdout.write(text), writeErr: (text) => void io.stderr.write(text) })
    .showHelpAfterError('(add --help for usage)')
    .showSuggestionAfterError();
  await addServe(program, argv);
  registerLogin(program, context);
  registerApply(program, context);
  registerGet(program, context);
  registerBuild(program, context);
  registerRelease(program, context);
  registerPromote(program, context);
  registerChecklist(program, context);
  registerVote(program, context);
  registerStatus(program, context);
  registerDeployment(program, context);
  registerDelivery(program, context);
  registerToken(program, context);
  registerUser(program, context);
  registerEnrolment(program, context);
  registerAgent(program, context);
  registerBundle(program, context);
  registerReport(program, context);
  return program;
}

/** `argv` is the arguments after the program name, like `['get', 'products']`. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const context: CliContext = { io };
  try {
    await (await buildProgram(context, argv)).parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (error) {
    // Commander has already printed its own message (or the help / version).
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    return reportError(context, error);
  }
}

/**
 * The whole CLI as a function: arguments and streams in, exit code out. The
 * `ringmaster` executable (main.ts) is a thin shim over it, and tests call it
 * in-process.
 */
import { Command, CommanderError } from 'commander';
import { VERSION } from '../app/create-app.ts';
import type { CliContext, CliIo } from './cli-io.ts';
import { registerApply } from './commands/apply.ts';
import { registerGet } from './commands/get.ts';
import { registerLogin } from './commands/login.ts';
import { registerServe } from './commands/serve.ts';
import { registerToken } from './commands/token.ts';
import { registerUser } from './commands/user.ts';
import { reportError } from './report-error.ts';

export type { CliIo } from './cli-io.ts';

export function buildProgram(context: CliContext): Command {
  const { io } = context;
  const program = new Command('ringmaster')
    .description('Ringmaster: carry releases through rings of users, gated by evidence and people')
    .version(VERSION)
    // Set before any subcommand exists: subcommands copy these settings when created.
    .exitOverride()
    .configureOutput({ writeOut: (text) => void io.stdout.write(text), writeErr: (text) => void io.stderr.write(text) })
    .showHelpAfterError('(add --help for usage)')
    .showSuggestionAfterError();
  registerServe(program);
  registerLogin(program, context);
  registerApply(program, context);
  registerGet(program, context);
  registerToken(program, context);
  registerUser(program, context);
  return program;
}

/** `argv` is the arguments after the program name, like `['get', 'products']`. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const context: CliContext = { io };
  try {
    await buildProgram(context).parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (error) {
    // Commander has already printed its own message (or the help / version).
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    return reportError(context, error);
  }
}

/** `login` saves a server and a verified token; `logout` forgets them. */
import type { Command } from 'commander';
import { createApiClient } from '../../client/api-client.ts';
import type { Me } from '../../client/api-types.ts';
import { UsageError } from '../cli-errors.ts';
import { type CliContext, printJson } from '../cli-io.ts';
import { type ConnectionFlags, normalizeServer, withConnectionOptions } from '../connection.ts';
import { promptHidden, readFirstLine } from '../read-input.ts';
import { readSavedLogin, removeSavedLogin, saveLogin, savedLoginPath } from '../saved-login.ts';

interface LoginFlags extends ConnectionFlags {
  user?: string;
  passwordStdin?: boolean;
}

export function registerLogin(program: Command, context: CliContext): void {
  withConnectionOptions(
    program
      .command('login')
      .description('check a token (or exchange a user name and password for one) and save it for later commands')
      .option('--user <name>', 'sign in with this user name and a password instead of a token')
      .option('--password-stdin', 'read the password from the first line of stdin (for scripts)'),
  ).action((flags: LoginFlags) => login(context, flags));

  program
    .command('logout')
    .description('forget the saved login (the token itself stays valid until revoked)')
    .option('--json', 'print the outcome as JSON')
    .action((flags: { json?: boolean }) => logout(context, flags));
}

async function login(context: CliContext, flags: LoginFlags): Promise<void> {
  const { io } = context;
  if (flags.user && flags.token) throw new UsageError('pass either --token or --user, not both');
  if (flags.passwordStdin && !flags.user) throw new UsageError('--password-stdin goes with --user NAME');
  const path = savedLoginPath(io.env);
  const serverText = flags.server || io.env['RINGMASTER_SERVER'] || (await readSavedLogin(path))?.server;
  if (!serverText) throw new UsageError('which server? pass --server URL (or set RINGMASTER_SERVER)');
  const server = normalizeServer(serverText);
  const anonymous = createApiClient({ baseUrl: server, fetch: io.fetch });

  let token: string;
  if (flags.user) {
    const password = flags.passwordStdin ? await readFirstLine(io.stdin) : await askIfTerminal(context, `Password for ${flags.user}: `, '--password-stdin');
    if (password === '') throw new UsageError('the password is empty');
    token = (await anonymous.login(flags.user, password)).secret;
    context.tokenSource = `the token just issued for ${flags.user}`;
  } else {
    token = flags.token || io.env['RINGMASTER_TOKEN'] || (await askIfTerminal(context, 'Token: ', '--token TOKEN or --user NAME')).trim();
    context.tokenSource = flags.token ? 'the --token flag' : io.env['RINGMASTER_TOKEN'] ? 'RINGMASTER_TOKEN' : 'the token typed in';
  }

  const me = await createApiClient({ baseUrl: server, token, fetch: io.fetch }).me();
  await saveLogin(path, { server, token });
  if (flags.json) printJson(io, me);
  else io.stdout.write(`logged in to ${server} as ${describeMe(me)}\n`);
}

async function askIfTerminal(context: CliContext, question: string, alternative: string): Promise<string> {
  const { stdin, stderr } = context.io;
  if (!stdin.isTTY) throw new UsageError(`no terminal to ask on: pass ${alternative}`);
  return promptHidden(stdin, stderr, question);
}

/** "user:alice (role release-manager)", "ci:maya-ci (ci token for maya-online)". */
export function describeMe(me: Me): string {
  if (me.role !== null) return `${me.actor} (role ${me.role})`;
  return `${me.actor} (${me.kind} token for ${me.target === null ? me.product : `${me.product}/${me.target}`})`;
}

async function logout(context: CliContext, flags: { json?: boolean }): Promise<void> {
  const { io } = context;
  const path = savedLoginPath(io.env);
  const saved = await readSavedLogin(path).catch(() => null); // a damaged file is still removed
  const removed = await removeSavedLogin(path);
  if (flags.json) printJson(io, { loggedOut: removed, server: saved?.server ?? null });
  else io.stdout.write(removed ? `logged out${saved ? ` of ${saved.server}` : ''}: removed ${path}\n` : 'not logged in: nothing to remove\n');
}

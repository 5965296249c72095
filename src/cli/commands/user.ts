/** `user add`: create a user with a role (and a password only through stdin, never argv). */
import { type Command, Option } from 'commander';
import { USER_ROLES, type UserRole } from '../../auth/roles.ts';
import { UsageError } from '../cli-errors.ts';
import { type CliContext, printJson } from '../cli-io.ts';
import { connect, type ConnectionFlags, withConnectionOptions } from '../connection.ts';
import { readFirstLine } from '../read-input.ts';

interface AddFlags extends ConnectionFlags {
  role: UserRole;
  email?: string;
  passwordStdin?: boolean;
}

export function registerUser(program: Command, context: CliContext): void {
  const user = program.command('user').description('manage users (list them with `get users`)');

  withConnectionOptions(
    user
      .command('add')
      .description('add a user; without a password it signs in with tokens only')
      .argument('<name>', 'the user name')
      .addOption(new Option('--role <role>', 'what the user may do').choices(USER_ROLES).makeOptionMandatory())
      .option('--email <email>', 'contact address')
      .option('--password-stdin', 'read a password from the first line of stdin, so it can sign in with `ringmaster login --user`'),
  ).action(async (name: string, flags: AddFlags) => {
    const { io } = context;
    const password = flags.passwordStdin ? await readFirstLine(io.stdin) : undefined;
    if (password === '') throw new UsageError('--password-stdin read an empty password');
    const created = await (await connect(context, flags)).createUser({ name, role: flags.role, email: flags.email, password });
    if (flags.json) return printJson(io, created);
    io.stdout.write(`added user ${created.name} as ${created.role}${created.hasPassword ? ' (with a password)' : ''}\n`);
  });
}

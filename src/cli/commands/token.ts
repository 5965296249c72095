/** `token create|revoke|list`: personal, CI and agent tokens. */
import { type Command, Option } from 'commander';
import { TOKEN_KINDS, type TokenKind } from '../../auth/auth-types.ts';
import { type CliContext, printJson } from '../cli-io.ts';
import { connect, type ConnectionFlags, withConnectionOptions } from '../connection.ts';
import { duration } from '../option-parsers.ts';
import { tokenScope, tokensTable } from '../output/views.ts';
import { resolveProduct } from '../resolve-product.ts';

interface CreateFlags extends ConnectionFlags {
  kind: TokenKind;
  user?: string;
  product?: string;
  target?: string;
  expires?: number;
}

export function registerToken(program: Command, context: CliContext): void {
  const token = program.command('token').description('create, revoke and list API tokens');

  withConnectionOptions(
    token
      .command('create')
      .description('create a token and print it, once')
      .argument('<name>', 'a name to recognise it by, like maya-ci')
      .addOption(new Option('--kind <kind>', 'user (acts as a user), ci (one product) or agent (one target)').choices(TOKEN_KINDS).default('user'))
      .option('--user <name>', 'personal tokens: whose (an admin may create them for others; default yourself)')
      .option('--product <name>', 'ci and agent tokens: the product (may be left out when there is only one)')
      .option('--target <name>', 'agent tokens: the target')
      .option('--expires <duration>', 'lifetime like 90m, 12h or 30d (default: never)', duration),
  ).action((name: string, flags: CreateFlags) => createToken(context, name, flags));

  withConnectionOptions(token.command('revoke').description('revoke a token now').argument('<id-or-name>', "the token's id, or its name when unique"))
    .action(async (idOrName: string, flags: ConnectionFlags) => {
      const revoked = await (await connect(context, flags)).revokeToken(idOrName);
      if (flags.json) return printJson(context.io, revoked);
      context.io.stdout.write(`revoked ${revoked.kind} token ${revoked.name} (${revoked.id})\n`);
    });

  withConnectionOptions(token.command('list').description('list tokens (an admin sees all, others their own)')).action((flags: ConnectionFlags) =>
    listTokens(context, flags),
  );
}

async function createToken(context: CliContext, name: string, flags: CreateFlags): Promise<void> {
  const { io } = context;
  const client = await connect(context, flags);
  const product = flags.kind === 'user' ? flags.product : await resolveProduct(client, flags.product);
  const issued = await client.createToken({ name, kind: flags.kind, user: flags.user, product, target: flags.target, expiresInSeconds: flags.expires });
  if (flags.json) return printJson(io, issued);
  const t = issued.token;
  // Only the secret goes to stdout, so `$(ringmaster token create …)` captures just the token.
  io.stderr.write(`created ${t.kind} token ${t.name} (${t.id}) for ${tokenScope(t)}, ${t.expiresAt ? `expires ${t.expiresAt}` : 'never expires'}\n`);
  io.stdout.write(`${issued.secret}\n`);
  io.stderr.write('Store it now: it will not be shown again.\n');
}

/** Shared with `get tokens`. */
export async function listTokens(context: CliContext, flags: ConnectionFlags): Promise<void> {
  const tokens = await (await connect(context, flags)).listTokens();
  if (flags.json) return printJson(context.io, { tokens });
  context.io.stdout.write(tokensTable(tokens, new Date()));
}

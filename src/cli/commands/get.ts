/** `get <things>`: list products, rings, targets, events, users and tokens. */
import { type Command, Option } from 'commander';
import { FLEET_STATUS_FILTERS } from '../../fleet/fleet-schemas.ts';
import { DELIVERY_MODES, HOSTING_KINDS } from '../../products/product-spec.ts';
import { type CliContext, printJson } from '../cli-io.ts';
import { connect, type ConnectionFlags, withConnectionOptions } from '../connection.ts';
import { wholeNumber } from '../option-parsers.ts';
import { votesView } from '../output/people-views.ts';
import { eventsTable, pageFooter, productsTable, ringsTable, targetsTable, usersTable } from '../output/views.ts';
import { trainReport } from '../output/train-report.ts';
import { resolveProduct } from '../resolve-product.ts';
import { registerNotificationGets } from './notifications.ts';
import { listTokens } from './token.ts';

interface ProductFlags extends ConnectionFlags {
  product?: string;
}

interface TargetFlags extends ProductFlags {
  ring?: string;
  hosting?: (typeof HOSTING_KINDS)[number];
  delivery?: (typeof DELIVERY_MODES)[number];
  status?: (typeof FLEET_STATUS_FILTERS)[number];
  search?: string;
  limit?: number;
  offset?: number;
}

interface EventFlags extends ConnectionFlags {
  after?: number;
  limit?: number;
  type?: string;
  subject?: string;
}

const PRODUCT_HELP = 'the product (may be left out when there is only one)';

export function registerGet(program: Command, context: CliContext): void {
  const get = program.command('get').description('list products, rings, targets, events, users or tokens');
  const { io } = context;

  withConnectionOptions(get.command('products').description('list products')).action(async (flags: ConnectionFlags) => {
    const products = await (await connect(context, flags)).listProducts();
    if (flags.json) return printJson(io, { products });
    io.stdout.write(products.length === 0 ? 'no products yet: apply one with `ringmaster apply -f FILE`\n' : productsTable(products));
  });

  withConnectionOptions(get.command('rings').description("a product's rings in order, with their gates and rollout").option('--product <name>', PRODUCT_HELP))
    .action(async (flags: ProductFlags) => {
      const client = await connect(context, flags);
      const rings = await client.listRings(await resolveProduct(client, flags.product));
      if (flags.json) return printJson(io, { rings });
      io.stdout.write(ringsTable(rings));
    });

  withConnectionOptions(
    get
      .command('targets')
      .description("a product's targets with what each runs, their agents (pull targets) and maintenance windows, filtered")
      .option('--product <name>', PRODUCT_HELP)
      .option('--ring <ring>', 'only this ring')
      .addOption(new Option('--hosting <kind>', 'only this hosting').choices(HOSTING_KINDS))
      .addOption(new Option('--delivery <mode>', 'only this delivery mode').choices(DELIVERY_MODES))
      .addOption(
        new Option('--status <status>', 'only targets that are ok, failed (last deployment), deploying now, never deployed, or unreachable (pull targets whose agent has not called in lately)').choices(
          FLEET_STATUS_FILTERS,
        ),
      )
      .option('--search <text>', 'part of the target name')
      .option('--limit <n>', 'at most this many (server default 100)', wholeNumber(1))
      .option('--offset <n>', 'skip this many', wholeNumber(0)),
  ).action(async (flags: TargetFlags) => {
    const client = await connect(context, flags);
    const product = await resolveProduct(client, flags.product);
    const page = await client.fleet(product, { ring: flags.ring, hosting: flags.hosting, delivery: flags.delivery, status: flags.status, q: flags.search, limit: flags.limit, offset: flags.offset });
    if (flags.json) return printJson(io, page);
    if (page.total === 0) return void io.stdout.write(`no targets in ${product} match\n`);
    io.stdout.write(targetsTable(page.targets));
    io.stdout.write(pageFooter(page.targets.length, page.total, flags.offset ?? 0, 'targets'));
  });

  withConnectionOptions(
    get
      .command('events')
      .description('the event log, oldest first')
      .option('--after <id>', 'only events after this id', wholeNumber(0))
      .option('--limit <n>', 'at most this many (server default 100)', wholeNumber(1))
      .option('--type <type>', "an event type, or a prefix ending in '.' like 'token.'")
      .option('--subject <subject>', 'only events about this, like product/maya-online'),
  ).action(async (flags: EventFlags) => {
    const page = await (await connect(context, flags)).listEvents({ after: flags.after, limit: flags.limit, type: flags.type, subject: flags.subject });
    if (flags.json) return printJson(io, page);
    if (page.events.length === 0) return void io.stdout.write('no events\n');
    io.stdout.write(eventsTable(page.events));
    if (page.next !== null) io.stdout.write(`more: --after ${page.next}\n`);
  });

  withConnectionOptions(get.command('train').description("where a product's release train stands: today's schedule in the train's zone, the next day, freezes, recent days").option('--product <name>', PRODUCT_HELP))
    .action(async (flags: ProductFlags) => {
      const client = await connect(context, flags);
      const product = await resolveProduct(client, flags.product);
      const status = await client.train(product);
      if (flags.json) return printJson(io, status);
      io.stdout.write(trainReport(product, status));
    });

  withConnectionOptions(get.command('votes <product> <version>').description("a release's Go/No-Go per ring: each voting role's vote and reason, and the verdict")).action(
    async (product: string, version: string, flags: ConnectionFlags) => {
      const rings = await (await connect(context, flags)).listVotes(product, version);
      if (flags.json) return printJson(io, { rings });
      io.stdout.write(votesView(rings));
    },
  );

  withConnectionOptions(get.command('users').description('list users')).action(async (flags: ConnectionFlags) => {
    const users = await (await connect(context, flags)).listUsers();
    if (flags.json) return printJson(io, { users });
    io.stdout.write(usersTable(users));
  });

  withConnectionOptions(get.command('tokens').description('list tokens (an admin sees all, others their own)')).action((flags: ConnectionFlags) =>
    listTokens(context, flags),
  );

  registerNotificationGets(get, context);
}

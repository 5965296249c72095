/** `get notifiers`, `get deliveries` and `delivery retry`: the announcements' outbox. */
import { type Command, Option } from 'commander';
import { DELIVERY_STATES, type DeliveryState } from '../../notifications/notification-types.ts';
import { type CliContext, printJson } from '../cli-io.ts';
import { connect, type ConnectionFlags, withConnectionOptions } from '../connection.ts';
import { wholeNumber } from '../option-parsers.ts';
import { deliveriesTable, notifiersView } from '../output/notification-views.ts';

interface NotifierFlags extends ConnectionFlags {
  product?: string;
}

interface DeliveryFlags extends NotifierFlags {
  state?: DeliveryState;
  notifier?: string;
  limit?: number;
}

/** Adds the notifier lists to `get`. */
export function registerNotificationGets(get: Command, context: CliContext): void {
  const { io } = context;

  withConnectionOptions(
    get
      .command('notifiers')
      .description('whether email is on (and if not, why), and the notifiers of every product: where they send, what, and how their deliveries stand')
      .option('--product <name>', 'only this product'),
  ).action(async (flags: NotifierFlags) => {
    const status = await (await connect(context, flags)).notifiers(flags.product);
    if (flags.json) return printJson(io, status);
    io.stdout.write(notifiersView(status));
  });

  withConnectionOptions(
    get
      .command('deliveries')
      .description('deliveries of events to notifiers, newest first')
      .option('--product <name>', 'only this product')
      .addOption(new Option('--state <state>', 'only pending, delivered or failed ones').choices(DELIVERY_STATES))
      .option('--notifier <name>', 'only this notifier')
      .option('--limit <n>', 'at most this many (server default 50)', wholeNumber(1)),
  ).action(async (flags: DeliveryFlags) => {
    const deliveries = await (await connect(context, flags)).listDeliveries({ product: flags.product, state: flags.state, notifier: flags.notifier, limit: flags.limit });
    if (flags.json) return printJson(io, { deliveries });
    if (deliveries.length === 0) return void io.stdout.write(flags.state || flags.notifier || flags.product ? 'no deliveries match\n' : 'no deliveries yet\n');
    io.stdout.write(deliveriesTable(deliveries));
  });
}

export function registerDelivery(program: Command, context: CliContext): void {
  const delivery = program.command('delivery').description("the notifiers' deliveries");
  const { io } = context;

  withConnectionOptions(delivery.command('retry <id>').description('try a failed (or waiting) delivery again now, with a fresh round of attempts')).action(
    async (id: string, flags: ConnectionFlags) => {
      const retried = await (await connect(context, flags)).retryDelivery(id);
      if (flags.json) return printJson(io, retried);
      io.stdout.write(`delivery ${retried.id} to ${retried.notifier} (${retried.product}) is pending again; it is sent within seconds\n`);
    },
  );
}

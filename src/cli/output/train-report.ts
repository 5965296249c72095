/** `get train`: today's schedule in the train's own zone, where the train stands, the next day and the recent ones. */
import type { TrainStatus } from '../../client/api-types.ts';
import { formatDuration } from '../../products/product-file/durations.ts';
import { zonedDate, zonedMoment, zonedTimeNear } from '../../train/zoned-time.ts';
import { formatTable } from './table.ts';

type Day = NonNullable<TrainStatus['today']>;

const NONE = '-';

export function trainReport(product: string, status: TrainStatus): string {
  const { train, timezone: tz } = status;
  const lines: string[] = [];
  if (train === null) {
    lines.push(`${product} runs no release train: add \`train:\` to its product file`);
  } else {
    lines.push(`${product} train to ${train.ring}: cut "${train.cut}", Go/No-Go "${train.vote}", deploy "${train.deploy}" (${tz})`);
    lines.push(`cuts a ${train.bump} bump of the latest green builds on ${train.branch}; a step may run up to ${formatDuration(train.graceSeconds)} late`);
  }
  if (status.frozen !== null) {
    const why = status.frozen.reason === '' ? '' : `: ${status.frozen.reason}`;
    lines.push(`FROZEN${why} until ${zonedMoment(Date.parse(status.frozen.until), tz)}`);
  }
  let text = lines.map((l) => `${l}\n`).join('');

  if (status.today !== null) {
    const cutAt = Date.parse(status.today.day);
    text += `\ntoday, ${zonedDate(cutAt, tz)} (${tz}): ${standing(status.today, tz)}\n`;
    text += stepsTable(status.today, tz);
  }
  if (status.next !== null) {
    const { cutAt, voteAt, deployAt } = status.next;
    const cut = Date.parse(cutAt);
    const at = (iso: string | null) => (iso === null ? NONE : zonedTimeNear(Date.parse(iso), cut, tz));
    text += `\nnext: ${zonedDate(cut, tz)}: cut ${at(cutAt)}, Go/No-Go ${at(voteAt)}, deploy ${at(deployAt)}\n`;
  }
  if (status.recent.length > 0) {
    text += '\nrecent days:\n';
    text += formatTable(
      ['day', 'version', 'cut', 'vote', 'deploy', 'last word'],
      status.recent.map((day) => {
        const state = (step: string) => day.steps.find((s) => s.step === step)?.state ?? NONE;
        const version = day.steps.find((s) => s.version !== null)?.version ?? NONE;
        return [zonedDate(Date.parse(day.day), tz), version, state('cut'), state('vote'), state('deploy'), day.steps.at(-1)?.outcome ?? ''];
      }),
    );
  }
  return text;
}

/** "vote done; next: deploy at 17:00", or "waiting for the cut at 15:00". */
function standing(day: Day, tz: string): string {
  const cutAt = Date.parse(day.day);
  const ran = day.steps.filter((s) => s.state !== 'waiting');
  const next = day.steps.find((s) => s.state === 'waiting');
  const nextText = next === undefined ? '' : `${next.step} at ${zonedTimeNear(Date.parse(next.dueAt), cutAt, tz)}`;
  const last = ran.at(-1);
  if (last === undefined) return next === undefined ? 'nothing to run' : `waiting for the ${nextText}`;
  const said = `${last.step} ${last.state}`;
  return next === undefined ? `${said}; the day is over` : `${said}; next: ${nextText}`;
}

function stepsTable(day: Day, tz: string): string {
  const cutAt = Date.parse(day.day);
  return formatTable(
    ['step', 'at', 'state', 'version', 'outcome'],
    day.steps.map((s) => [s.step, zonedTimeNear(Date.parse(s.dueAt), cutAt, tz), s.state, s.version ?? NONE, s.outcome]),
  );
}

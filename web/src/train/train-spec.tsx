import { Code, List, Stack, Text } from '@mantine/core';
import type { TrainStatus } from '../app/api.ts';
import { describeSeconds } from '../rings/describe-gate.ts';
import { describeCron, trainDate } from './train-words.ts';
import { ZonedMoment } from './zoned-moment.tsx';

type Spec = NonNullable<TrainStatus['train']>;

/** The train as the product file defines it, in words; the next day's times in the train's zone and the reader's. */
export function TrainSpecView({ spec, next }: { spec: Spec; next: TrainStatus['next'] }) {
  const steps = [
    { label: 'Cut a candidate', cron: spec.cut, at: next?.cutAt ?? null },
    { label: 'Open the Go/No-Go', cron: spec.vote, at: next?.voteAt ?? null },
    { label: `Deploy to ${spec.ring}`, cron: spec.deploy, at: next?.deployAt ?? null },
  ];
  return (
    <Stack gap="sm">
      <Text size="sm">
        Delivers to <b>{spec.ring}</b>, on the clock of <b>{spec.timezone}</b>. It cuts from the latest green builds on <Code>{spec.branch}</Code>, with a {spec.bump} version bump; a step
        may still run up to {describeSeconds(spec.graceSeconds)} late.
      </Text>
      {next && (
        <Text size="sm">
          Next train day: <b>{trainDate(next.cutAt, spec.timezone)}</b>
        </Text>
      )}
      <List size="sm" spacing={6} aria-label="Train schedule">
        {steps.map((s) => (
          <List.Item key={s.label}>
            <Text span size="sm" fw={500}>
              {s.label}:
            </Text>{' '}
            {describeCron(s.cron)} {spec.timezone}
            {s.at && (
              <Text span size="sm" c="dimmed">
                {' '}
                · next <ZonedMoment at={s.at} zone={spec.timezone} />
              </Text>
            )}
          </List.Item>
        ))}
      </List>
      {spec.freezes.length > 0 && (
        <Stack gap={4}>
          <Text size="sm" fw={500}>
            Freezes
          </Text>
          <List size="sm" spacing={4} aria-label="Train freezes">
            {spec.freezes.map((f) => (
              <List.Item key={f.from}>
                <ZonedMoment at={f.from} zone={spec.timezone} /> to <ZonedMoment at={f.to} zone={spec.timezone} />
                {f.reason && ` (${f.reason})`}
              </List.Item>
            ))}
          </List>
        </Stack>
      )}
    </Stack>
  );
}

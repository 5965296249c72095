import { Group, Text, Timeline } from '@mantine/core';
import type { StepView } from './train-words.ts';
import { stepLabel, stepOutcome } from './train-words.ts';
import { StateBadge } from '../shared/state-badge.tsx';
import { AnchorLink } from '../shared/links.tsx';
import { ZonedMoment } from './zoned-moment.tsx';

const BULLET_COLOR: Record<StepView['state'], string> = { waiting: 'gray', running: 'blue', done: 'teal', skipped: 'orange', failed: 'red' };

/** A train day's steps in order: each one's time, state, what happened and the release it cut. */
export function TrainDaySteps({ product, ring, zone, steps, label }: { product: string; ring: string; zone: string; steps: StepView[]; label: string }) {
  const active = steps.findLastIndex((s) => s.state !== 'waiting');
  return (
    <Timeline active={active} bulletSize={18} lineWidth={2} role="list" aria-label={label}>
      {steps.map((s) => (
        <Timeline.Item
          key={s.step}
          role="listitem"
          aria-label={`${stepLabel(s.step, ring)}: ${s.state}`}
          color={BULLET_COLOR[s.state]}
          title={
            <Group gap="xs">
              <Text fw={500} size="sm">
                {stepLabel(s.step, ring)}
              </Text>
              <StateBadge state={s.state} />
            </Group>
          }
        >
          <Text size="xs" c="dimmed">
            <ZonedMoment at={s.dueAt} zone={zone} />
          </Text>
          <Text size="sm" mt={2}>
            {stepOutcome(s)}
          </Text>
          {s.version && (
            <Text size="sm" mt={2}>
              Release{' '}
              <AnchorLink to="/products/$product/releases/$version" params={{ product, version: s.version }}>
                {s.version}
              </AnchorLink>
            </Text>
          )}
        </Timeline.Item>
      ))}
    </Timeline>
  );
}

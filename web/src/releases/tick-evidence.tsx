import { Anchor, Group, Text } from '@mantine/core';
import { api, type ChecklistItem } from '../app/api.ts';
import { Timestamp } from '../deployments/timestamp.tsx';
import { describeSize } from './checklist-words.ts';

type Tick = NonNullable<ChecklistItem['tick']>;

/** Who ticked an item and when, with their note, link and file. */
export function TickEvidence({ product, version, tick }: { product: string; version: string; tick: Tick }) {
  return (
    <div>
      <Text size="sm">
        {tick.user} · <Timestamp at={tick.at} />
      </Text>
      {tick.note && (
        <Text size="sm" fs="italic" style={{ whiteSpace: 'pre-line' }}>
          “{tick.note}”
        </Text>
      )}
      {(tick.link || tick.file) && (
        <Group gap="sm">
          {tick.link && <EvidenceLink href={tick.link} />}
          {tick.file && (
            <Anchor size="sm" href={api.evidencePath(product, version, tick.file.id)} download={tick.file.name}>
              {tick.file.name} ({describeSize(tick.file.size)})
            </Anchor>
          )}
        </Group>
      )}
    </div>
  );
}

/** The server accepts only http(s) links; anything else is shown as text, never made clickable. */
function EvidenceLink({ href }: { href: string }) {
  if (!/^https?:\/\//i.test(href)) return <Text size="sm">{href}</Text>;
  return (
    <Anchor size="sm" href={href} target="_blank" rel="noopener noreferrer">
      {href.length > 60 ? `${href.slice(0, 57)}…` : href}
    </Anchor>
  );
}

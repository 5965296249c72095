import { Container, Grid, Group, Stack } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { api, type ReleaseDetail } from '../app/api.ts';
import { keys } from '../app/query-keys.ts';
import { useNow } from '../deployments/use-now.ts';
import { useRings } from '../rings/use-rings.ts';
import { QueryView } from '../shared/query-view.tsx';
import { BillOfMaterials } from './bill-of-materials.tsx';
import { NextRing } from './next-ring.tsx';
import { ReleaseActions } from './release-actions.tsx';
import { ReleaseChecklists } from './release-checklists.tsx';
import { ReleaseDeployments } from './release-deployments.tsx';
import { ReleaseHeader } from './release-header.tsx';
import { ReleaseNotes } from './release-notes.tsx';
import { ReleaseRunbook } from './release-runbook.tsx';
import { ReleaseTimeline } from './release-timeline.tsx';
import { RingProgress } from './ring-progress.tsx';
import { ReleaseVote } from './release-vote.tsx';
import { Section } from './section.tsx';

/**
 * One release: what it is made of, how far it got, what stands before its next
 * ring, the people's Go/No-Go and checklists, its notes and runbook, where it
 * was deployed and what happened. Live events refresh it all (its queries live
 * under ['product', name]).
 */
export function ReleasePage() {
  const { product, version } = useParams({ from: '/app/products/$product/releases/$version' });
  const release = useQuery({ queryKey: keys.release(product, version), queryFn: () => api.getRelease(product, version) });
  return (
    <Container size="xl">
      <QueryView query={release} label="release">
        {(r) => <ReleaseView release={r} />}
      </QueryView>
    </Container>
  );
}

function ReleaseView({ release: r }: { release: ReleaseDetail }) {
  const now = useNow(r.rings.some((ring) => ring.state === 'deploying'));
  // The people's sections show only for products whose rings ask for them.
  const gates = useRings(r.product).data?.flatMap((ring) => ring.gates.map((g) => g.kind)) ?? [];
  return (
    <Stack gap="lg" pb="xl">
      <Group justify="space-between" align="flex-start" gap="md">
        <ReleaseHeader release={r} />
        <ReleaseActions release={r} />
      </Group>
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Section title="Rings">
            <RingProgress rings={r.rings} now={now} />
          </Section>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Section title={r.next ? `Next ring: ${r.next.ring}` : 'Next ring'}>
            <NextRing release={r} />
          </Section>
        </Grid.Col>
      </Grid>
      {gates.includes('vote') && (
        <Section title="Go/No-Go">
          <ReleaseVote release={r} />
        </Section>
      )}
      {gates.includes('checklist') && (
        <Section title="Checklists">
          <ReleaseChecklists release={r} />
        </Section>
      )}
      <Section title="Bill of materials">
        <BillOfMaterials builds={r.builds} />
      </Section>
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, xl: 6 }}>
          <Section title="Release notes">
            <ReleaseNotes release={r} />
          </Section>
        </Grid.Col>
        <Grid.Col span={{ base: 12, xl: 6 }}>
          <Section title="Runbook">
            <ReleaseRunbook release={r} />
          </Section>
        </Grid.Col>
      </Grid>
      <Section title="Deployments">
        <ReleaseDeployments release={r} />
      </Section>
      <Section title="Timeline">
        <ReleaseTimeline product={r.product} version={r.version} />
      </Section>
    </Stack>
  );
}

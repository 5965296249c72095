import { Divider, Group, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Fragment } from 'react';
import { api, type ReleaseDetail } from '../app/api.ts';
import { keys } from '../app/query-keys.ts';
import { useCan } from '../app/session.ts';
import { useSignedInPerson } from '../app/use-signed-in-person.ts';
import { QueryView } from '../shared/query-view.tsx';
import { ChecklistRole } from './checklist-role.tsx';
import { GateVerdictLine } from './gate-verdict-line.tsx';
import { isOver } from './release-editing.ts';

/**
 * The release's checklists: per ring with a checklist gate, each role's items.
 * People holding a role tick its items here; everyone sees who ticked what.
 */
export function ReleaseChecklists({ release: r }: { release: ReleaseDetail }) {
  const checklists = useQuery({ queryKey: keys.checklists(r.product, r.version), queryFn: () => api.listChecklists(r.product, r.version) });
  const can = useCan();
  const person = useSignedInPerson();
  const open = !isOver(r.state) && can('releases:vote');
  return (
    <QueryView query={checklists} label="checklists">
      {(rings) =>
        rings.length === 0 ? (
          <Text size="sm" c="dimmed">
            No ring of {r.product} has a checklist gate.
          </Text>
        ) : (
          <Stack gap="lg">
            {rings.map((ring, i) => (
              <Fragment key={ring.ring}>
                {i > 0 && <Divider />}
                <Stack gap="sm" component="section" aria-label={`Checklists for ${ring.ring}`}>
                  <Group gap="sm" align="baseline">
                    <Title order={4}>{ring.ring}</Title>
                  </Group>
                  <GateVerdictLine verdict={ring.verdict} />
                  {ring.roles.map((list) => (
                    <ChecklistRole
                      key={list.role}
                      product={r.product}
                      version={r.version}
                      ring={ring.ring}
                      list={list}
                      canTick={open && person !== null && list.holders.includes(person)}
                    />
                  ))}
                </Stack>
              </Fragment>
            ))}
          </Stack>
        )
      }
    </QueryView>
  );
}

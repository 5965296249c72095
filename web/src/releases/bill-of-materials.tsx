import { Code, Group, Stack, Table, Text, Tooltip } from '@mantine/core';
import type { Build } from '../app/api.ts';
import { formatCount } from '../shared/format.ts';
import { StateBadge } from '../shared/state-badge.tsx';

type Stage = Build['stages'][number];

/** Stage statuses in the badge vocabulary: green passed, red failed, blue running, grey skipped. */
const STAGE_STATE: Record<Stage['status'], string> = { passed: 'pass', failed: 'fail', running: 'running', skipped: 'cancelled' };
const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;

/** The builds the release is made of, with the evidence its quality gates judge. */
export function BillOfMaterials({ builds }: { builds: Build[] }) {
  return (
    <Table.ScrollContainer minWidth={980}>
      <Table striped verticalSpacing="xs" aria-label="Bill of materials">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Component</Table.Th>
            <Table.Th>Version</Table.Th>
            <Table.Th>Artifact</Table.Th>
            <Table.Th>Commit</Table.Th>
            <Table.Th>Branch</Table.Th>
            <Table.Th>Tests</Table.Th>
            <Table.Th>Coverage</Table.Th>
            <Table.Th>Vulnerabilities</Table.Th>
            <Table.Th>Stages</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {builds.map((b) => (
            <Table.Tr key={b.component}>
              <Table.Td fw={500}>{b.component}</Table.Td>
              <Table.Td>{b.version}</Table.Td>
              <Table.Td>
                <Artifact build={b} />
              </Table.Td>
              <Table.Td>
                <Code title={b.commit} style={{ whiteSpace: 'nowrap' }}>
                  {b.commit.slice(0, 7)}
                </Code>
              </Table.Td>
              <Table.Td>{b.branch}</Table.Td>
              <Table.Td>
                <Tests stages={b.stages} />
              </Table.Td>
              <Table.Td>
                <Coverage stages={b.stages} />
              </Table.Td>
              <Table.Td>
                <Vulnerabilities stages={b.stages} />
              </Table.Td>
              <Table.Td>
                <Group gap={4}>
                  {b.stages.length === 0 && <Text span c="dimmed" size="sm">none reported</Text>}
                  {b.stages.map((s) => (
                    <StateBadge key={s.name} state={STAGE_STATE[s.status]} label={`${s.name} ${s.status}`} />
                  ))}
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function Artifact({ build }: { build: Build }) {
  const refs = Object.entries(build.artifacts);
  const name = <Code style={{ whiteSpace: 'nowrap' }}>{build.artifact}</Code>;
  if (refs.length === 0) return name;
  return (
    <Tooltip
      label={
        <Stack gap={2}>
          {refs.map(([kind, ref]) => (
            <Text key={kind} size="xs">
              {kind}: {ref}
            </Text>
          ))}
        </Stack>
      }
    >
      {name}
    </Tooltip>
  );
}

function Dash() {
  return (
    <Text span c="dimmed" size="sm">
      –
    </Text>
  );
}

function Tests({ stages }: { stages: Stage[] }) {
  const counted = stages.filter((s) => s.tests);
  if (counted.length === 0) return <Dash />;
  const sum = (key: 'passed' | 'failed' | 'skipped') => counted.reduce((n, s) => n + (s.tests?.[key] ?? 0), 0);
  const failed = sum('failed');
  return (
    <Text span size="sm">
      {formatCount(sum('passed'))} passed ·{' '}
      <Text span size="sm" c={failed > 0 ? 'red' : undefined} fw={failed > 0 ? 600 : undefined}>
        {formatCount(failed)} failed
      </Text>{' '}
      · {formatCount(sum('skipped'))} skipped
    </Text>
  );
}

function Coverage({ stages }: { stages: Stage[] }) {
  const measured = stages.filter((s) => s.coverage !== undefined);
  if (measured.length === 0) return <Dash />;
  const text = measured.map((s) => `${s.coverage!.toFixed(1).replace(/\.0$/, '')} %${measured.length > 1 ? ` (${s.name})` : ''}`).join(', ');
  return (
    <Text span size="sm">
      {text}
    </Text>
  );
}

function Vulnerabilities({ stages }: { stages: Stage[] }) {
  const scanned = stages.filter((s) => s.vulnerabilities);
  if (scanned.length === 0) return <Dash />;
  const counts = SEVERITIES.map((severity) => [severity, scanned.reduce((n, s) => n + (s.vulnerabilities?.[severity] ?? 0), 0)] as const).filter(([, n]) => n > 0);
  if (counts.length === 0) return <Text span size="sm">none</Text>;
  return (
    <Text span size="sm">
      {counts.map(([severity, n], i) => (
        <Text span key={severity} size="sm" c={severity === 'critical' ? 'red' : severity === 'high' ? 'orange' : undefined} fw={severity === 'critical' ? 600 : undefined}>
          {i > 0 && ' · '}
          {formatCount(n)} {severity}
        </Text>
      ))}
    </Text>
  );
}

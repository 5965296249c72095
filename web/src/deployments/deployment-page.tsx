import { Alert, Container, Grid, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { useId } from 'react';
import { api, type Deployment } from '../app/api.ts';
import { keys } from '../app/query-keys.ts';
import { AnchorLink } from '../shared/links.tsx';
import { QueryView } from '../shared/query-view.tsx';
import { StateBadge } from '../shared/state-badge.tsx';
import { DeploymentFacts } from './deployment-facts.tsx';
import { DeploymentLog } from './deployment-log.tsx';
import { DeploymentSteps } from './deployment-steps.tsx';
import { useNow } from './use-now.ts';

/** One deployment: its facts, its steps and its log, live while it runs. */
export function DeploymentPage() {
  const { product, id } = useParams({ from: '/app/products/$product/deployments/$id' });
  // Refreshed by live deployment.* events, and once more when its log stream ends.
  const deployment = useQuery({ queryKey: keys.deployment(id), queryFn: () => api.getDeployment(id) });
  return (
    <Container size="xl">
      <QueryView query={deployment} label="deployment">
        {(d) =>
          d.product === product ? (
            <DeploymentView deployment={d} />
          ) : (
            // Deployment ids are global; the address names a product, and the header follows it.
            <Alert color="yellow" variant="light" title="Not a deployment of this product">
              <Text size="sm">
                This deployment belongs to{' '}
                <AnchorLink to="/products/$product/deployments/$id" params={{ product: d.product, id: d.id }}>
                  {d.product}
                </AnchorLink>
                .
              </Text>
            </Alert>
          )
        }
      </QueryView>
    </Container>
  );
}

function DeploymentView({ deployment: d }: { deployment: Deployment }) {
  const now = useNow(d.state === 'running');
  const stepsId = useId();
  const logId = useId();
  return (
    <Stack gap="lg">
      <Stack gap={4}>
        <AnchorLink to="/products/$product/releases/$version" params={{ product: d.product, version: d.version }} size="sm">
          ← {d.product} {d.version}
        </AnchorLink>
        <Group gap="sm" align="center">
          <Title order={2}>
            Deployment of {d.version} to {d.target}
          </Title>
          <StateBadge state={d.state} />
          {d.kind === 'rollback' && <StateBadge state="rollback" label="rollback" />}
        </Group>
      </Stack>
      {d.error && (
        <Alert color="red" variant="light" title="Why it failed">
          <Text size="sm" style={{ whiteSpace: 'pre-line' }}>
            {d.error}
          </Text>
        </Alert>
      )}
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Paper withBorder p="md">
            <DeploymentFacts deployment={d} now={now} />
          </Paper>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Paper component="section" withBorder p="md" aria-labelledby={stepsId}>
            <Title order={3} size="h4" id={stepsId} mb="sm">
              Steps
            </Title>
            <DeploymentSteps steps={d.steps} now={now} />
          </Paper>
        </Grid.Col>
      </Grid>
      <Paper component="section" withBorder p="md" aria-labelledby={logId}>
        <Title order={3} size="h4" id={logId} mb="sm">
          Log
        </Title>
        {/* Keyed: another deployment starts its log afresh. */}
        <DeploymentLog key={d.id} id={d.id} />
      </Paper>
    </Stack>
  );
}

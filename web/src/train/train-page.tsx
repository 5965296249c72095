import { Alert, Box, Container, Grid, Group, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { api, type TrainStatus } from '../app/api.ts';
import { keys } from '../app/query-keys.ts';
import { Section } from '../releases/section.tsx';
import { QueryView } from '../shared/query-view.tsx';
import { StateBadge } from '../shared/state-badge.tsx';
import { NoTrain } from './no-train.tsx';
import { RecentDays } from './recent-days.tsx';
import { TrainDaySteps } from './train-day.tsx';
import { TrainSpecView } from './train-spec.tsx';
import { trainDate, trainStanding } from './train-words.ts';
import { ZonedMoment } from './zoned-moment.tsx';

/**
 * The release train of a product: its schedule in words, where the current
 * day stands step by step, an active freeze, the next day and the recent ones.
 * Train events (subject train/<product>) refresh it live.
 */
export function TrainPage() {
  const { product } = useParams({ from: '/app/products/$product/train' });
  const train = useQuery({ queryKey: keys.train(product), queryFn: () => api.train(product) });
  return (
    <Container size="xl">
      <Stack gap="md" pb="xl">
        <Title order={2}>Release train</Title>
        <QueryView query={train} label="the train">
          {(status) => (status.train === null ? <NoTrainYet product={product} status={status} /> : <TrainView product={product} status={status} spec={status.train} />)}
        </QueryView>
      </Stack>
    </Container>
  );
}

function NoTrainYet({ product, status }: { product: string; status: TrainStatus }) {
  return (
    <Stack gap="md">
      <NoTrain product={product} />
      {status.recent.length > 0 && (
        <Section title="Earlier train days">
          <RecentDays product={product} ring="its ring" zone={status.timezone} days={status.recent} />
        </Section>
      )}
    </Stack>
  );
}

function TrainView({ product, status, spec }: { product: string; status: TrainStatus; spec: NonNullable<TrainStatus['train']> }) {
  const zone = status.timezone;
  const standing = status.today ? trainStanding(status.today.steps, spec.ring) : null;
  return (
    <Stack gap="md">
      {status.frozen && (
        <Alert color="yellow" variant="light" title="The train is frozen" role="alert">
          <Text size="sm">
            {status.frozen.reason ? `${status.frozen.reason}: n` : 'N'}o step runs until <ZonedMoment at={status.frozen.until} zone={zone} />.
          </Text>
        </Alert>
      )}
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, lg: 6 }}>
          <Section title={status.today ? `Train of ${trainDate(status.today.day, zone)}` : 'Current train day'}>
            {status.today && standing ? (
              <Stack gap="md">
                <Group gap="xs" wrap="nowrap" align="flex-start" role="status" aria-label="Where the train stands">
                  <Box miw="max-content">
                    <StateBadge state={standing.tone} label={standing.tone === 'never' ? 'idle' : standing.tone} />
                  </Box>
                  <Text size="sm">{standing.text}</Text>
                </Group>
                <TrainDaySteps product={product} ring={spec.ring} zone={zone} steps={status.today.steps} label="Today's steps" />
              </Stack>
            ) : (
              <Text size="sm" c="dimmed">
                The train has not started yet: its first day begins at its first cut.
              </Text>
            )}
          </Section>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 6 }}>
          <Section title="Schedule">
            <TrainSpecView spec={spec} next={status.next} />
            {status.next === null && (
              <Text size="sm" c="dimmed" mt="sm">
                The cut schedule never ticks again: there is no next train day.
              </Text>
            )}
          </Section>
        </Grid.Col>
      </Grid>
      <Section title="Recent train days">
        <RecentDays product={product} ring={spec.ring} zone={zone} days={status.recent} />
      </Section>
    </Stack>
  );
}

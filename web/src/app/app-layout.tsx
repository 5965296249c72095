import { useEffect } from 'react';
import { ActionIcon, AppShell, Badge, Button, Group, Menu, Select, Text, Tooltip, useComputedColorScheme, useMantineColorScheme } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Outlet, useMatches, useNavigate, useParams } from '@tanstack/react-router';
import { AnchorLink, ButtonLink } from '../shared/links.tsx';
import { api } from './api.ts';
import { LiveEventsProvider, useLiveState } from './live-events.tsx';
import { keys } from './query-keys.ts';
import { useMe } from './session.ts';

/** The frame of every signed-in page: header with product, sections, live state, theme and user. */
export function AppLayout() {
  const me = useMe();
  const navigate = useNavigate();
  const signedOut = !me.data;
  // The route let us in with a session; it ends when the server says so (a 401 makes `me` null again).
  useEffect(() => {
    if (signedOut) void navigate({ to: '/sign-in', search: { next: window.location.pathname + window.location.search }, replace: true });
  }, [signedOut, navigate]);
  if (!me.data) return null;
  return (
    <LiveEventsProvider>
      <AppShell header={{ height: 56 }} padding="md">
        <AppShell.Header>
          <Header actor={me.data.actor} role={me.data.role} />
        </AppShell.Header>
        <AppShell.Main>
          <Outlet />
        </AppShell.Main>
      </AppShell>
    </LiveEventsProvider>
  );
}

function Header({ actor, role }: { actor: string; role: string | null }) {
  const { product } = useParams({ strict: false });
  return (
    <Group h="100%" px="md" justify="space-between" wrap="nowrap">
      <Group gap="lg" wrap="nowrap">
        <AnchorLink to="/" fw={700} size="lg" underline="never">
          Ringmaster
        </AnchorLink>
        <ProductPicker current={product} />
        {product && <SectionLinks product={product} />}
      </Group>
      <Group gap="sm" wrap="nowrap">
        <LiveBadge />
        <ColorSchemeToggle />
        <UserMenu actor={actor} role={role} />
      </Group>
    </Group>
  );
}

function ProductPicker({ current }: { current: string | undefined }) {
  const navigate = useNavigate();
  const products = useQuery({ queryKey: keys.products, queryFn: () => api.listProducts() });
  const names = products.data?.map((p) => p.name) ?? [];
  if (names.length === 0) return null;
  return (
    <Select
      aria-label="Product"
      placeholder="Product"
      data={names}
      value={current ?? null}
      onChange={(name) => name && void navigate({ to: '/products/$product', params: { product: name } })}
      allowDeselect={false}
      w={200}
      size="sm"
    />
  );
}

function SectionLinks({ product }: { product: string }) {
  const sections = [
    { to: '/products/$product', label: 'Overview' },
    { to: '/products/$product/targets', label: 'Targets' },
    { to: '/products/$product/rings', label: 'Rings' },
    { to: '/products/$product/train', label: 'Train' },
    { to: '/products/$product/notifications', label: 'Notifications' },
  ] as const;
  const active = useMatches({ select: (matches) => matches.at(-1)?.fullPath });
  return (
    <Group gap="xs" component="nav" aria-label="Sections" wrap="nowrap">
      {sections.map((s) => (
        <ButtonLink key={s.to} to={s.to} params={{ product }} variant={s.to === active ? 'light' : 'subtle'} size="compact-md" aria-current={s.to === active ? 'page' : undefined}>
          {s.label}
        </ButtonLink>
      ))}
    </Group>
  );
}

const LIVE_LABELS = { live: ['Live', 'green'], connecting: ['Connecting', 'gray'], reconnecting: ['Reconnecting', 'yellow'], off: ['Offline', 'red'] } as const;

function LiveBadge() {
  const state = useLiveState();
  const [label, color] = LIVE_LABELS[state];
  return (
    <Tooltip label={state === 'live' ? 'Pages update as events happen' : 'Live updates are paused; they resume by themselves'}>
      <Badge color={color} variant="dot" role="status" aria-label={`Live updates: ${label}`}>
        {label}
      </Badge>
    </Tooltip>
  );
}

function ColorSchemeToggle() {
  const { setColorScheme } = useMantineColorScheme();
  const scheme = useComputedColorScheme('light');
  const next = scheme === 'dark' ? 'light' : 'dark';
  return (
    <ActionIcon variant="default" size="lg" aria-label={`Switch to ${next} mode`} onClick={() => setColorScheme(next)}>
      <Text size="sm" aria-hidden>
        {scheme === 'dark' ? '☀' : '☾'}
      </Text>
    </ActionIcon>
  );
}

function UserMenu({ actor, role }: { actor: string; role: string | null }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const signOut = useMutation({
    mutationFn: () => api.endSession(),
    onSettled: () => {
      queryClient.clear();
      void navigate({ to: '/sign-in' });
    },
  });
  const name = actor.replace(/^user:/, '');
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button variant="default" size="compact-md">
          {name}
          {role && (
            <Text span c="dimmed" size="xs" ml={6}>
              {role}
            </Text>
          )}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item onClick={() => signOut.mutate()}>Sign out</Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}

// The app shell: header, left navigation, the current screen, and the
// app-wide dialogs (add connection, reconnect). Only the connections list is
// in the first bundle; every other screen and the dialogs load when first
// needed (their chunks are small and local), so the first screen is
// interactive sooner.
import { lazy, Suspense, useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { AppShell, Badge, Box, Center, Group, Loader, NavLink, Stack, Text, ThemeIcon, Title, Tooltip } from '@mantine/core';
import { IconCoins, IconPlugConnected, IconSettings, IconWebhook, IconBuildingFactory2, IconListCheck } from '@tabler/icons-react';
import type { AdminClient, StreamState } from '../client/index.js';
import { AppContext, ClientContext, useClient, type AppActions, type Route } from './context.js';
import { useConnections, useCredits, useLiveEvents, useWebhooks } from './data.js';
import { ConfirmProvider } from './confirm.js';
import { ConnectionsScreen } from '../screens/connections/ConnectionsScreen.js';

const ConnectionDetail = lazy(() => import('../screens/detail/ConnectionDetail.js').then((m) => ({ default: m.ConnectionDetail })));
const CreditsScreen = lazy(() => import('../screens/credits/CreditsScreen.js').then((m) => ({ default: m.CreditsScreen })));
const SettingsScreen = lazy(() => import('../screens/settings/SettingsScreen.js').then((m) => ({ default: m.SettingsScreen })));
const AuditScreen = lazy(() => import('../screens/audit/AuditScreen.js').then((m) => ({ default: m.AuditScreen })));
const WebhooksScreen = lazy(() => import('../screens/webhooks/WebhooksScreen.js').then((m) => ({ default: m.WebhooksScreen })));
const AddConnectionModal = lazy(() => import('../screens/add/AddConnectionModal.js').then((m) => ({ default: m.AddConnectionModal })));
const ReconnectModal = lazy(() => import('../screens/reconnect/ReconnectModal.js').then((m) => ({ default: m.ReconnectModal })));

function ScreenLoading() {
  return <Center py="xl"><Loader size="sm" aria-label="Loading" /></Center>;
}

/** A dialog's code is loaded the first time it opens, and it stays mounted after (its closing animation, its state). */
function LazyDialog({ open, children }: { open: boolean; children: ReactNode }) {
  const [wanted, setWanted] = useState(open);
  useEffect(() => { if (open) setWanted(true); }, [open]);
  return wanted || open ? <Suspense fallback={null}>{children}</Suspense> : null;
}

export function App({ client }: { client: AdminClient }) {
  return (
    <ClientContext.Provider value={client}>
      <ConfirmProvider>
        <Shell />
      </ConfirmProvider>
    </ClientContext.Provider>
  );
}

function Shell() {
  const client = useClient();
  useLiveEvents();
  const [route, setRoute] = useState<Route>({ name: 'connections' });
  const [adding, setAdding] = useState(false);
  const [reconnectId, setReconnectId] = useState<string | null>(null);
  const navigate = useCallback((r: Route) => { setRoute(r); window.scrollTo({ top: 0 }); }, []);
  const actions = useMemo<AppActions>(() => ({
    route, navigate, openAddConnection: () => setAdding(true), openReconnect: (id) => setReconnectId(id),
  }), [route, navigate]);
  // A desktop notification was clicked: open that connection's reconnect form.
  useEffect(() => client.onOpenReconnect((id) => setReconnectId(id)), [client]);

  return (
    <AppContext.Provider value={actions}>
      <AppShell header={{ height: 56 }} navbar={{ width: 232, breakpoint: 0 }} padding="lg">
        <AppShell.Header>
          <Group h="100%" px="md" justify="space-between">
            <Group gap="xs">
              <ThemeIcon size="md" radius="md" variant="filled" color="indigo"><IconBuildingFactory2 size={18} aria-hidden /></ThemeIcon>
              <Title order={1} fz="lg" fw={700}>Millwright</Title>
              <Text size="sm" c="dimmed" visibleFrom="sm">Local agent admin</Text>
            </Group>
            <LiveIndicator />
          </Group>
        </AppShell.Header>
        <AppShell.Navbar p="sm" aria-label="Main">
          <Navigation route={route} navigate={navigate} />
        </AppShell.Navbar>
        <AppShell.Main bg="gray.0">
          <Box maw={1280} mx="auto">
            <Suspense fallback={<ScreenLoading />}>
              {route.name === 'connections' ? <ConnectionsScreen /> : null}
              {route.name === 'connection' ? <ConnectionDetail key={route.id} id={route.id} /> : null}
              {route.name === 'credits' ? <CreditsScreen /> : null}
              {route.name === 'settings' ? <SettingsScreen /> : null}
              {route.name === 'audit' ? <AuditScreen /> : null}
              {route.name === 'webhooks' ? <WebhooksScreen tab={route.tab} webhookId={route.webhookId} /> : null}
            </Suspense>
          </Box>
        </AppShell.Main>
      </AppShell>
      <LazyDialog open={adding}><AddConnectionModal opened={adding} onClose={() => setAdding(false)} /></LazyDialog>
      <LazyDialog open={reconnectId !== null}><ReconnectModal connectionId={reconnectId} onClose={() => setReconnectId(null)} /></LazyDialog>
    </AppContext.Provider>
  );
}

function Navigation({ route, navigate }: { route: Route; navigate: (r: Route) => void }) {
  const connections = useConnections();
  const credits = useCredits();
  const webhooks = useWebhooks();
  const failing = webhooks.data?.filter((w) => w.failing_since).length ?? 0;
  const attention = connections.data?.filter((c) => c.status === 'auth_required').length ?? 0;
  const items = [
    {
      key: 'connections' as const, label: 'Connections', icon: IconPlugConnected,
      // A circle holds one digit: 51 in one read "5…".
      badge: attention ? <Badge size="sm" color="red" circle={attention < 10} aria-label={`${attention} need reconnecting`}>{attention}</Badge> : null,
      active: route.name === 'connections' || route.name === 'connection',
    },
    {
      key: 'credits' as const, label: 'Credits', icon: IconCoins,
      badge: credits.data ? <Text size="xs" c="dimmed" aria-hidden>{credits.data.used}/{credits.data.pool}</Text> : null,
      active: route.name === 'credits',
    },
    { key: 'webhooks' as const, label: 'Webhooks', icon: IconWebhook,
      badge: failing ? <Badge size="sm" color="orange" circle={failing < 10} aria-label={`${failing} failing`}>{failing}</Badge> : null, active: route.name === 'webhooks' },
    { key: 'audit' as const, label: 'Audit log', icon: IconListCheck, badge: null, active: route.name === 'audit' },
    { key: 'settings' as const, label: 'Settings', icon: IconSettings, badge: null, active: route.name === 'settings' },
  ];
  return (
    <Stack gap={4} component="nav" aria-label="Sections">
      {items.map((item) => (
        <NavLink
          key={item.key}
          component="button"
          label={item.label}
          leftSection={<item.icon size={18} stroke={1.6} aria-hidden />}
          rightSection={item.badge}
          active={item.active}
          aria-current={item.active ? 'page' : undefined}
          onClick={() => navigate({ name: item.key })}
          variant="light"
          style={{ borderRadius: 'var(--mantine-radius-md)' }}
        />
      ))}
    </Stack>
  );
}

const streamLabels: Record<StreamState, { label: string; color: string; tip: string }> = {
  live: { label: 'Live', color: 'teal', tip: 'Updates from the agent arrive as they happen.' },
  connecting: { label: 'Connecting…', color: 'yellow', tip: 'Connecting to the agent’s live updates.' },
  offline: { label: 'Agent unreachable', color: 'red', tip: 'Live updates are interrupted; retrying.' },
};

function LiveIndicator() {
  const client = useClient();
  const [state, setState] = useState<StreamState>('connecting');
  useEffect(() => client.onStreamState(setState), [client]);
  const s = streamLabels[state];
  return (
    <Tooltip label={s.tip} withArrow>
      <Badge variant="dot" color={s.color} size="lg" tabIndex={0} role="status" aria-label={`Live updates: ${s.label}`}>{s.label}</Badge>
    </Tooltip>
  );
}

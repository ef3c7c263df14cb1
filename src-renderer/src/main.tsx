// The renderer's entry: mounts the app on the client early.ts picked (IPC in
// the desktop app, HTTP + SSE in a browser). early.ts is imported first: it
// runs before everything below is evaluated and has sent the first screen's
// requests already.
import { setup, tokenRefused } from './early.js';
import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { Center, Code, MantineProvider, Paper, Stack, Text, Title, type MantineColorSchemeManager } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App } from './app/App.js';
import { connectionsQuery, creditsQuery, systemsQuery } from './app/data.js';
import { theme } from './app/theme.js';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: { staleTime: 30_000, retry: 1, refetchOnWindowFocus: false },
  },
});

// The first screen's data goes into the cache before the app mounts (these
// calls take the answers to early.ts's requests): the list, and what it and
// the shell show beside it (system names, credits), so these do not arrive
// after the list and render its rows again.
if (setup.kind === 'ready') {
  const { api } = setup.client;
  void queryClient.prefetchQuery(connectionsQuery(api));
  void queryClient.prefetchQuery(systemsQuery(api));
  void queryClient.prefetchQuery(creditsQuery(api));
}

/**
 * The admin UI is always light (forceColorScheme below), so nothing about the
 * colour scheme is stored: Mantine's default manager would read localStorage
 * during the first render (the first access loads the origin's storage).
 */
const lightOnly: MantineColorSchemeManager = { get: () => 'light', set: () => {}, subscribe: () => {}, unsubscribe: () => {}, clear: () => {} };

/**
 * The notifications' container mounts once the first screen has rendered and
 * the page is idle: nothing is shown before then, and a notification raised
 * earlier waits in Mantine's store until it mounts.
 */
function DeferredNotifications() {
  const [mounted, setMounted] = useState(false);
  useEffect(() => {
    const id = requestIdleCallback(() => setMounted(true), { timeout: 1000 });
    return () => cancelIdleCallback(id);
  }, []);
  return mounted ? <Notifications position="top-right" /> : null;
}

function Root() {
  const [unauthorized, setUnauthorized] = useState(false);
  useEffect(() => { if (tokenRefused(() => setUnauthorized(true))) setUnauthorized(true); }, []);
  if (setup.kind === 'no-token' || unauthorized) return <NoToken refused={unauthorized} />;
  return <App client={setup.client} />;
}

function NoToken({ refused }: { refused: boolean }) {
  return (
    <Center mih="100vh" bg="gray.0" p="md">
      <Paper withBorder radius="md" p="xl" maw={560}>
        <Stack gap="sm">
          <Title order={2}>{refused ? 'The admin token was refused' : 'Open the admin address from the agent'}</Title>
          <Text size="sm">
            This page needs the agent's admin token. Start the agent with <Code>npm run agent</Code> (or <Code>millwright agent</Code>) and open the
            address it prints: it ends with <Code>#token=…</Code>.
          </Text>
          <Text size="sm" c="dimmed">The token is also in the file <Code>admin-token</Code> in the agent's data folder.</Text>
        </Stack>
      </Paper>
    </Center>
  );
}

const root = document.getElementById('root');
if (!root) throw new Error('missing #root');
createRoot(root).render(
  <StrictMode>
    <MantineProvider theme={theme} forceColorScheme="light" colorSchemeManager={lightOnly}>
      <DeferredNotifications />
      <QueryClientProvider client={queryClient}>
        <Root />
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>,
);

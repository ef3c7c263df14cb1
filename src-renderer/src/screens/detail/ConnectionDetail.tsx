// One connection: overview, its API token, syncs (now / full, progress, history),
// and the lifecycle actions.
import { useState } from 'react';
import {
  Alert, Anchor, Badge, Button, Card, Code, Group, Grid, PasswordInput, Progress, Stack, Table, Text, Title, Tooltip,
} from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { IconArrowLeft, IconEye, IconKey, IconPlayerPause, IconPlayerPlay, IconPlugConnectedX, IconRefresh, IconRefreshDot, IconRotate } from '@tabler/icons-react';
import type { Connection } from '../../../../src-main/contract/connections.js';
import type { SyncRun } from '../../../../src-main/contract/sync.js';
import { useApp, useClient } from '../../app/context.js';
import { useConnection, useSyncProgress, useSyncs, useSystems } from '../../app/data.js';
import { useConfirm } from '../../app/confirm.js';
import { DeploymentBadge, HealthDot, PausedBadge, RelativeTime, StatusBadge } from '../../components/badges.js';
import { ErrorAlert, Loading } from '../../components/feedback.js';
import { CopyIconButton } from '../../components/copy.js';
import { TokenPanel } from '../../components/TokenPanel.js';
import { costLabel, exactTime, shortTime } from '../../lib/format.js';
import { useConnectionActions } from '../connections/actions.js';
import { RecordsBrowser } from './RecordsBrowser.js';
import { ConnectionHooks } from './ConnectionHooks.js';
import { DiagnosePanel } from './DiagnosePanel.js';
import { EntitiesCard } from './EntitiesCard.js';
import { ConnectionSettings } from './ConnectionSettings.js';

export function ConnectionDetail({ id }: { id: string }) {
  const { navigate } = useApp();
  const connection = useConnection(id);
  const back = (
    <Anchor component="button" type="button" size="sm" onClick={() => navigate({ name: 'connections' })}>
      <Group gap={4}><IconArrowLeft size={14} aria-hidden />Back to connections</Group>
    </Anchor>
  );
  if (connection.isPending) return <Stack>{back}<Loading label="Loading the connection…" /></Stack>;
  if (connection.isError) {
    return <Stack>{back}<ErrorAlert error={connection.error} title="Could not load the connection" onRetry={() => void connection.refetch()} /></Stack>;
  }
  return <Stack gap="lg">{back}<Detail c={connection.data} /></Stack>;
}

function Detail({ c }: { c: Connection }) {
  const { openReconnect } = useApp();
  const systems = useSystems();
  const system = systems.data?.find((s) => s.id === c.system);
  const actions = useConnectionActions(c);
  return (
    <>
      <Group justify="space-between" align="flex-start">
        <div>
          <Group gap="sm">
            <Title order={2}>{c.name}</Title>
            <StatusBadge status={c.status} />
            {c.paused ? <PausedBadge /> : null}
          </Group>
          <Text c="dimmed" size="sm">{system?.name ?? c.system}{c.base_url ? ` · ${c.base_url}` : ''}</Text>
        </div>
        <Group gap="sm">
          {c.status === 'inactive' ? (
            <Button variant="light" color="teal" leftSection={<IconPlayerPlay size={16} aria-hidden />} onClick={actions.activate} loading={actions.pending}>Activate</Button>
          ) : (
            <Button variant="default" leftSection={<IconPlayerPause size={16} aria-hidden />} onClick={() => void actions.confirmDeactivate()}>Deactivate</Button>
          )}
          <Button variant="light" color="red" leftSection={<IconPlugConnectedX size={16} aria-hidden />} onClick={() => void actions.confirmDisconnect()}>Disconnect</Button>
        </Group>
      </Group>

      {c.status === 'auth_required' ? (
        <Alert color="red" variant="filled" title={`${system?.name ?? c.system} rejected the stored credentials${c.status_changed_at ? ` at ${shortTime(c.status_changed_at)}` : ''}`} role="alert">
          <Group justify="space-between" wrap="nowrap">
            <Text size="sm">{c.status_reason ?? 'The system refused the stored credentials.'} Syncing stops and the API token is refused until it is reconnected.</Text>
            <Button variant="white" color="red" size="xs" leftSection={<IconKey size={14} aria-hidden />} onClick={() => openReconnect(c.id)}>Reconnect</Button>
          </Group>
        </Alert>
      ) : null}
      {c.status === 'inactive' && c.status_reason ? (
        <Alert color="gray" variant="light" title="Inactive">{c.status_reason} Its API token does not work while it is inactive.</Alert>
      ) : null}

      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Card withBorder radius="md" p="md" h="100%">
            <Title order={4} mb="sm">Overview</Title>
            <Table variant="vertical" layout="fixed" withRowBorders={false} verticalSpacing={6} aria-label="Overview">
              <Table.Tbody>
                <Row label="System">{system?.name ?? c.system}</Row>
                <Row label="Deployment"><DeploymentBadge deployment={c.deployment} /></Row>
                <Row label="Cost">{costLabel(c.credits, c.deployment)}{c.status === 'inactive' && c.credits ? ' (not in use while inactive)' : ''}</Row>
                <Row label="Health"><HealthDot health={c.health} /></Row>
                <Row label="Created"><RelativeTime iso={c.created_at} /></Row>
                <Row label="Last sync"><RelativeTime iso={c.last_sync_at} /></Row>
                <Row label="History window">{c.options.history_days} days</Row>
                {c.options.has_ca_cert ? <Row label="Private CA">Configured</Row> : null}
                {c.options.proxy_url ? <Row label="Proxy">{c.options.proxy_url}</Row> : null}
                <Row label="ID"><Code>{c.id}</Code></Row>
              </Table.Tbody>
            </Table>
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <TokenCard c={c} />
        </Grid.Col>
      </Grid>

      {system ? <EntitiesCard c={c} system={system} /> : null}
      <ConnectionSettings key={`${c.id}-settings`} c={c} />
      <DiagnosePanel c={c} />
      <SyncCard c={c} syncNow={actions.syncNow} />
      <RecordsBrowser c={c} />
      <ConnectionHooks c={c} />
    </>
  );
}

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Table.Tr>
      <Table.Th w={140} fw={500} c="dimmed" fz="sm">{label}</Table.Th>
      <Table.Td fz="sm">{children}</Table.Td>
    </Table.Tr>
  );
}

function TokenCard({ c }: { c: Connection }) {
  const { api } = useClient();
  const confirm = useConfirm();
  const [shown, setShown] = useState<string | null>(null);
  const [rotated, setRotated] = useState<string | null>(null);
  const reveal = useMutation({ mutationFn: () => api.revealToken({ id: c.id }), onSuccess: (r) => setShown(r.token) });
  const rotate = useMutation({ mutationFn: () => api.rotateToken({ id: c.id }), onSuccess: (r) => { setRotated(r.token); setShown(null); } });
  return (
    <Card withBorder radius="md" p="md" h="100%">
      <Group justify="space-between" mb="sm">
        <Title order={4}>API token</Title>
        <Badge variant="light" color={c.status === 'active' ? 'teal' : 'gray'}>{c.status === 'active' ? 'Accepted' : 'Refused while not active'}</Badge>
      </Group>
      <Stack gap="sm">
        <Text size="sm" c="dimmed">Apps call the unified API with this token. It lives in the OS keychain; only its hash is in the database.</Text>
        {rotated ? (
          <>
            <TokenPanel token={rotated} note="The new token. The old token no longer works." />
            <Button variant="default" size="xs" w="fit-content" onClick={() => setRotated(null)}>Hide</Button>
          </>
        ) : (
          <Group gap="sm" wrap="nowrap" align="flex-end">
            <PasswordInput label="Token" readOnly value={shown ?? 'mwk_••••••••••••••••••••••••••••••••••••'} visible={shown !== null}
              onVisibilityChange={(v) => { if (v && !shown) reveal.mutate(); if (!v) setShown(null); }}
              visibilityToggleButtonProps={{ 'aria-label': shown ? 'Hide token' : 'Reveal token' }}
              styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 13 } }} style={{ flex: 1 }} />
            {shown ? <CopyIconButton value={shown} label="Copy token" /> : (
              <Tooltip label="Reveal token"><Button variant="default" onClick={() => reveal.mutate()} loading={reveal.isPending} leftSection={<IconEye size={16} aria-hidden />}>Reveal</Button></Tooltip>
            )}
          </Group>
        )}
        {reveal.error ? <ErrorAlert error={reveal.error} title="Could not reveal the token" /> : null}
        {rotate.error ? <ErrorAlert error={rotate.error} title="Could not rotate the token" /> : null}
        <Button variant="light" color="orange" w="fit-content" leftSection={<IconRotate size={16} aria-hidden />} loading={rotate.isPending}
          onClick={async () => {
            const ok = await confirm({
              title: 'Rotate the API token?',
              body: `A new token is issued for ${c.name} and the current one stops working at once. Every app that uses it needs the new one.`,
              confirmLabel: 'Rotate token',
              color: 'orange',
            });
            if (ok) rotate.mutate();
          }}>
          Rotate token…
        </Button>
      </Stack>
    </Card>
  );
}

function SyncCard({ c, syncNow }: { c: Connection; syncNow: (full: boolean) => void }) {
  const syncs = useSyncs(c.id);
  const progress = useSyncProgress(c.id);
  const running = progress.data ?? null;
  const lastRunning = syncs.data?.find((r) => r.status === 'in_progress');
  const inProgress = running !== null || lastRunning !== undefined;
  const canSync = c.status === 'active';
  return (
    <Card withBorder radius="md" p="md">
      <Group justify="space-between" mb="sm">
        <Title order={4}>Syncs</Title>
        <Group gap="sm">
          <Button variant="default" leftSection={<IconRefresh size={16} aria-hidden />} disabled={!canSync || inProgress} onClick={() => syncNow(false)}>Sync now</Button>
          <Button variant="default" leftSection={<IconRefreshDot size={16} aria-hidden />} disabled={!canSync || inProgress} onClick={() => syncNow(true)}>Full resync</Button>
        </Group>
      </Group>
      {!canSync ? <Text size="sm" c="dimmed" mb="sm">Syncing stops while the connection is {c.status === 'inactive' ? 'inactive' : 'waiting for new credentials'}.</Text> : null}
      {canSync && c.paused ? <Text size="sm" c="dimmed" mb="sm">Scheduled syncs are paused; Sync now and Full resync still work.</Text> : null}
      {inProgress ? (
        <Stack gap={4} mb="md" role="status" aria-live="polite" aria-label="Sync progress">
          <Text size="sm">
            {(running?.mode ?? lastRunning?.mode) === 'full' ? 'Full resync' : 'Sync'} in progress
            {running?.entity ? `: ${running.entity}, ${running.records.toLocaleString()} records` : '…'}
          </Text>
          <Progress value={100} animated striped aria-label="Sync in progress" />
        </Stack>
      ) : null}
      {syncs.isPending ? <Loading label="Loading the sync history…" /> : null}
      {syncs.isError ? <ErrorAlert error={syncs.error} title="Could not load the sync history" onRetry={() => void syncs.refetch()} /> : null}
      {syncs.data && syncs.data.length === 0 ? <Text size="sm" c="dimmed">No sync yet. The first one starts when the connection is active.</Text> : null}
      {syncs.data && syncs.data.length > 0 ? <SyncTable runs={syncs.data.slice(0, 50)} /> : null}
    </Card>
  );
}

const runStatusColor = { queued: 'gray', in_progress: 'indigo', completed: 'teal', failed: 'red' } as const;

function SyncTable({ runs }: { runs: SyncRun[] }) {
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table striped highlightOnHover verticalSpacing="xs" aria-label="Sync history">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Started</Table.Th><Table.Th>Mode</Table.Th><Table.Th>Status</Table.Th>
            <Table.Th>Created</Table.Th><Table.Th>Updated</Table.Th><Table.Th>Deleted</Table.Th><Table.Th>Failed</Table.Th><Table.Th>Error or warnings</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {runs.map((r) => {
            const totals = Object.values(r.counts).reduce((a, n) => ({
              created: a.created + (n?.created ?? 0), updated: a.updated + (n?.updated ?? 0), deleted: a.deleted + (n?.deleted ?? 0), failed: a.failed + (n?.failed ?? 0),
            }), { created: 0, updated: 0, deleted: 0, failed: 0 });
            return (
              <Table.Tr key={r.id}>
                <Table.Td><Tooltip label={exactTime(r.started_at)}><Text size="sm" tabIndex={0}>{shortTime(r.started_at)}</Text></Tooltip></Table.Td>
                <Table.Td><Text size="sm" tt="capitalize">{r.mode}</Text></Table.Td>
                <Table.Td><Badge variant="light" color={runStatusColor[r.status]} radius="sm">{r.status.replace('_', ' ')}</Badge></Table.Td>
                <Table.Td>{totals.created.toLocaleString()}</Table.Td>
                <Table.Td>{totals.updated.toLocaleString()}</Table.Td>
                <Table.Td>{totals.deleted.toLocaleString()}</Table.Td>
                <Table.Td c={totals.failed ? 'red' : undefined}>{totals.failed.toLocaleString()}</Table.Td>
                <Table.Td>
                  {r.error ? <Text size="sm" c="red" lineClamp={2}>{`${r.error.code}: ${r.error.message}`}</Text>
                    : r.warnings.length ? (
                      <Tooltip label={r.warnings.map((w) => w.message).join(' · ')} multiline w={420}>
                        <Text size="sm" c="orange.8" lineClamp={2} tabIndex={0}>
                          {`${r.warnings.length} skipped: ${r.warnings.map((w) => w.entity ?? w.code).join(', ')}`}
                        </Text>
                      </Tooltip>
                    ) : null}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}


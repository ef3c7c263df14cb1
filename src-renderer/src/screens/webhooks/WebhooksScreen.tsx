// Webhooks: the endpoints (events, connections, enabled, failing), the delivery
// log with attempts and redeliver, and flows (custom webhooks with conditions).
import { ENTITY_LABELS } from '../../lib/entity-fields.js';
import { useState } from 'react';
import {
  ActionIcon, Badge, Button, Card, EmptyState, Group, Menu, Modal, Paper, Select, Stack, Switch, Table, Tabs, Text, Title, Tooltip,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { notifications } from '@mantine/notifications';
import {
  IconAlertTriangle, IconDots, IconPlus, IconRotate, IconSend, IconTrash, IconWebhook, IconListDetails, IconGitBranch,
} from '@tabler/icons-react';
import type { WebhookEndpoint } from '../../../../src-main/contract/webhooks.js';
import { useApp, useClient } from '../../app/context.js';
import { keys, useConnections, useFlows, useWebhooks } from '../../app/data.js';
import { useConfirm } from '../../app/confirm.js';
import { ErrorAlert, Loading, notifyError } from '../../components/feedback.js';
import { RelativeTime } from '../../components/badges.js';
import { SecretPanel } from '../../components/SecretPanel.js';
import { EVENT_TYPE_HELP, WEBHOOK_EVENT_TYPES, type WebhookEventType } from '../../lib/webhooks.js';
import { AddWebhookModal } from './AddWebhookModal.js';
import { DeliveryLog } from './DeliveryLog.js';
import { FlowsPanel } from './FlowsPanel.js';

export type WebhooksTab = 'endpoints' | 'deliveries' | 'flows';

export function WebhooksScreen({ tab = 'endpoints', webhookId }: { tab?: WebhooksTab; webhookId?: string }) {
  const { navigate } = useApp();
  const webhooks = useWebhooks();
  const flows = useFlows();
  const [adding, setAdding] = useState(false);
  const setTab = (t: string | null) => navigate({ name: 'webhooks', tab: (t ?? 'endpoints') as WebhooksTab });
  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={2}>Webhooks</Title>
          <Text c="dimmed" size="sm">Signed HTTP calls to your systems when records change, syncs finish, connections need attention, or a flow’s conditions match.</Text>
        </div>
        <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setAdding(true)}>Add webhook</Button>
      </Group>
      <Tabs value={tab} onChange={setTab} keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="endpoints" leftSection={<IconWebhook size={16} aria-hidden />}
            rightSection={webhooks.data?.length ? <Badge size="xs" variant="light" circle>{webhooks.data.length}</Badge> : null}>Endpoints</Tabs.Tab>
          <Tabs.Tab value="deliveries" leftSection={<IconListDetails size={16} aria-hidden />}>Delivery log</Tabs.Tab>
          <Tabs.Tab value="flows" leftSection={<IconGitBranch size={16} aria-hidden />}
            rightSection={flows.data?.length ? <Badge size="xs" variant="light" circle>{flows.data.length}</Badge> : null}>Flows</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="endpoints"><EndpointsPanel onAdd={() => setAdding(true)} /></Tabs.Panel>
        <Tabs.Panel value="deliveries"><DeliveryLog key={webhookId ?? ''} initialWebhookId={webhookId} /></Tabs.Panel>
        <Tabs.Panel value="flows"><FlowsPanel /></Tabs.Panel>
      </Tabs>
      <AddWebhookModal opened={adding} onClose={() => setAdding(false)} />
    </Stack>
  );
}

function EndpointsPanel({ onAdd }: { onAdd: () => void }) {
  const webhooks = useWebhooks();
  if (webhooks.isPending) return <Loading label="Loading webhooks…" />;
  if (webhooks.isError) return <ErrorAlert error={webhooks.error} title="Could not load the webhooks" onRetry={() => void webhooks.refetch()} />;
  if (webhooks.data.length === 0) {
    return (
      <Paper withBorder radius="md" p="xl">
        <EmptyState icon={<IconWebhook size={28} aria-hidden />} variant="light" title="No webhooks yet"
          description="Add an endpoint to receive signed events: sync results, connections that need new credentials, and flows you define.">
          <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={onAdd}>Add your first webhook</Button>
        </EmptyState>
      </Paper>
    );
  }
  return <EndpointsTable endpoints={webhooks.data} />;
}

export function EndpointsTable({ endpoints, compact = false }: { endpoints: WebhookEndpoint[]; compact?: boolean }) {
  const connections = useConnections();
  const names = new Map((connections.data ?? []).map((c) => [c.id, c.name]));
  return (
    <Card withBorder radius="md" p={0}>
      <Table.ScrollContainer minWidth={760}>
        <Table verticalSpacing="sm" horizontalSpacing="md" highlightOnHover aria-label="Webhook endpoints">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Endpoint</Table.Th><Table.Th w={220}>Events</Table.Th><Table.Th w={200}>Connections</Table.Th>
              <Table.Th w={90}>Enabled</Table.Th>{compact ? null : <Table.Th w={60}><Text span size="sm" fw={700} hidden>Actions</Text></Table.Th>}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {endpoints.map((w) => <EndpointRow key={w.id} w={w} names={names} compact={compact} />)}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Card>
  );
}

function EndpointRow({ w, names, compact }: { w: WebhookEndpoint; names: Map<string, string>; compact: boolean }) {
  const { api } = useClient();
  const { navigate } = useApp();
  const qc = useQueryClient();
  const confirm = useConfirm();
  const [testing, setTesting] = useState(false);
  const [newSecret, setNewSecret] = useState<string | null>(null);
  const refresh = () => { void qc.invalidateQueries({ queryKey: keys.webhooks }); void qc.invalidateQueries({ queryKey: keys.flows }); };
  const toggle = useMutation({
    mutationFn: (enabled: boolean) => api.updateWebhook({ id: w.id, enabled }),
    onSuccess: refresh, onError: (err) => notifyError(err, 'Could not change the webhook'),
  });
  const rotate = useMutation({
    mutationFn: () => api.updateWebhook({ id: w.id, rotate_secret: true }),
    onSuccess: (r) => { refresh(); setNewSecret(r.secret ?? null); }, onError: (err) => notifyError(err, 'Could not rotate the secret'),
  });
  const remove = useMutation({
    mutationFn: () => api.deleteWebhook({ id: w.id }),
    onSuccess: () => { refresh(); notifications.show({ color: 'teal', title: 'Webhook deleted', message: w.url }); },
    onError: (err) => notifyError(err, 'Could not delete the webhook'),
  });
  const events = w.event_types === 'all' ? null : w.event_types;
  const conns = w.connection_ids === 'all' ? null : w.connection_ids;
  return (
    <Table.Tr>
      <Table.Td>
        <Stack gap={4}>
          <Text size="sm" ff="monospace" style={{ overflowWrap: 'anywhere' }} data-testid="webhook-url">{w.url}</Text>
          {w.description ? <Text size="xs" c="dimmed">{w.description}</Text> : null}
          {w.failing_since ? (
            <Group gap={4} c="orange.8" wrap="nowrap">
              <IconAlertTriangle size={14} aria-hidden />
              <Text size="xs" c="orange.8" fw={500}>Failing since <RelativeTime iso={w.failing_since} /></Text>
            </Group>
          ) : null}
          {!w.enabled && w.disabled_reason ? <Text size="xs" c="red.7">Disabled by the agent: {w.disabled_reason}</Text> : null}
        </Stack>
      </Table.Td>
      <Table.Td>
        {events ? (
          <Group gap={4}>{events.map((t) => <Tooltip key={t} label={EVENT_TYPE_HELP[t]}><Badge variant="light" radius="sm" tt="none" fw={500}>{t}</Badge></Tooltip>)}</Group>
        ) : <Text size="sm">All events</Text>}
        {w.entities !== 'all' ? <Text size="xs" c="dimmed" mt={4}>Record events of {w.entities.map((e) => ENTITY_LABELS[e].toLowerCase()).join(', ')} only</Text> : null}
      </Table.Td>
      <Table.Td>
        {conns ? <Text size="sm">{conns.map((c) => names.get(c) ?? c).join(', ')}</Text> : <Text size="sm">All connections</Text>}
      </Table.Td>
      <Table.Td>
        <Switch checked={w.enabled} onChange={(e) => toggle.mutate(e.currentTarget.checked)} disabled={toggle.isPending}
          aria-label={`Enabled: ${w.url}`} color="teal" />
      </Table.Td>
      {compact ? null : (
        <Table.Td>
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <ActionIcon variant="subtle" color="gray" aria-label={`Actions for ${w.url}`}><IconDots size={18} aria-hidden /></ActionIcon>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item leftSection={<IconSend size={16} aria-hidden />} disabled={!w.enabled} onClick={() => setTesting(true)}>Send test event…</Menu.Item>
              <Menu.Item leftSection={<IconListDetails size={16} aria-hidden />} onClick={() => navigate({ name: 'webhooks', tab: 'deliveries', webhookId: w.id })}>Show deliveries</Menu.Item>
              <Menu.Item leftSection={<IconRotate size={16} aria-hidden />} onClick={async () => {
                const ok = await confirm({
                  title: 'Rotate the signing secret?',
                  body: 'A new secret is issued and shown once. The old secret keeps signing beside the new one for 24 h, so your receiver can switch over; after that only the new one signs.',
                  confirmLabel: 'Rotate secret', color: 'orange',
                });
                if (ok) rotate.mutate();
              }}>Rotate secret…</Menu.Item>
              <Menu.Divider />
              <Menu.Item color="red" leftSection={<IconTrash size={16} aria-hidden />} onClick={async () => {
                const ok = await confirm({
                  title: 'Delete this webhook?',
                  body: <Text size="sm">Deliveries to <Text span ff="monospace" fz="sm">{w.url}</Text> stop at once. Its flows and pending deliveries are deleted too.</Text>,
                  confirmLabel: 'Delete webhook', color: 'red',
                });
                if (ok) remove.mutate();
              }}>Delete…</Menu.Item>
            </Menu.Dropdown>
          </Menu>
          <TestSendModal endpoint={testing ? w : null} onClose={() => setTesting(false)} />
          <Modal opened={newSecret !== null} onClose={() => setNewSecret(null)} title={<Text fw={600}>New signing secret</Text>} size="lg" centered>
            {newSecret ? (
              <Stack gap="md">
                <SecretPanel secret={newSecret} title="Copy the new secret now"
                  note="It is shown only this once. The old secret keeps signing for 24 h beside the new one, so your receiver can switch over without missing a delivery." />
                <Group justify="flex-end"><Button onClick={() => setNewSecret(null)}>Done</Button></Group>
              </Stack>
            ) : null}
          </Modal>
        </Table.Td>
      )}
    </Table.Tr>
  );
}

function TestSendModal({ endpoint, onClose }: { endpoint: WebhookEndpoint | null; onClose: () => void }) {
  const { api } = useClient();
  const { navigate } = useApp();
  const qc = useQueryClient();
  const allowed = endpoint && endpoint.event_types !== 'all' ? endpoint.event_types : WEBHOOK_EVENT_TYPES;
  const [type, setType] = useState<string | null>(null);
  const current = type ?? allowed[0];
  const send = useMutation({
    mutationFn: () => api.testWebhook({ id: endpoint!.id, type: current as WebhookEventType }),
    onSuccess: (d) => {
      void qc.invalidateQueries({ queryKey: keys.deliveries });
      notifications.show({ color: 'teal', title: 'Test event sent', message: `${d.type} to ${endpoint!.url}` });
      onClose();
      navigate({ name: 'webhooks', tab: 'deliveries', webhookId: endpoint!.id });
    },
  });
  return (
    <Modal opened={endpoint !== null} onClose={onClose} title={<Text fw={600}>Send a test event</Text>} centered>
      <Stack gap="md">
        <Text size="sm">A sample event with realistic data goes to <Text span ff="monospace" fz="sm">{endpoint?.url}</Text>, signed like a real one.</Text>
        <Select label="Event type" data={allowed.map((t) => ({ value: t, label: t }))} value={current} onChange={setType} allowDeselect={false}
          description={EVENT_TYPE_HELP[current as WebhookEventType]} />
        {send.error ? <ErrorAlert error={send.error} title="The test event was not sent" /> : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>Cancel</Button>
          <Button leftSection={<IconSend size={16} aria-hidden />} loading={send.isPending} onClick={() => send.mutate()}>Send test</Button>
        </Group>
      </Stack>
    </Modal>
  );
}

// "Webhooks and flows" of one connection: the endpoints that receive its events
// (subscribed to it, or to all connections) and its flows.
import { useState } from 'react';
import { Anchor, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import type { Connection } from '../../../../src-main/contract/connections.js';
import { useApp } from '../../app/context.js';
import { useWebhooks } from '../../app/data.js';
import { ErrorAlert, Loading } from '../../components/feedback.js';
import { AddWebhookModal } from '../webhooks/AddWebhookModal.js';
import { EndpointsTable } from '../webhooks/WebhooksScreen.js';
import { FlowsPanel } from '../webhooks/FlowsPanel.js';

export function ConnectionHooks({ c }: { c: Connection }) {
  const { navigate } = useApp();
  const webhooks = useWebhooks();
  const [adding, setAdding] = useState(false);
  const mine = (webhooks.data ?? []).filter((w) => w.connection_ids === 'all' || w.connection_ids.includes(c.id));
  return (
    <Card withBorder radius="md" p="md" component="section" aria-labelledby="hooks-title">
      <Group justify="space-between" mb="sm">
        <div>
          <Title order={4} id="hooks-title">Webhooks and flows</Title>
          <Text size="sm" c="dimmed">Endpoints that receive this connection’s events, and the flows on its records.</Text>
        </div>
        <Group gap="sm">
          <Anchor component="button" type="button" size="sm" onClick={() => navigate({ name: 'webhooks' })}>Manage webhooks</Anchor>
          <Button variant="light" leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setAdding(true)}>Add webhook</Button>
        </Group>
      </Group>
      <Stack gap="md">
        {webhooks.isPending ? <Loading label="Loading webhooks…" /> : null}
        {webhooks.isError ? <ErrorAlert error={webhooks.error} title="Could not load the webhooks" onRetry={() => void webhooks.refetch()} /> : null}
        {webhooks.data && mine.length === 0 ? (
          <Text size="sm" c="dimmed">No webhook receives this connection’s events yet. Add one to be told when syncs fail or it needs new credentials.</Text>
        ) : null}
        {mine.length > 0 ? <EndpointsTable endpoints={mine} compact /> : null}
        <Title order={5}>Flows</Title>
        <FlowsPanel connectionId={c.id} />
      </Stack>
      <AddWebhookModal opened={adding} onClose={() => setAdding(false)} presetConnectionId={c.id} />
    </Card>
  );
}

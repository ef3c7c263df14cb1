// The delivery log: every delivery with its attempts (time, status code,
// duration, error, response), the next retry, and Redeliver. Live: each
// delivery.attempted event refetches it.
import { useState } from 'react';
import { Accordion, Badge, Button, Card, Code, EmptyState, Group, Paper, SegmentedControl, Select, Stack, Table, Text, Tooltip } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { notifications } from '@mantine/notifications';
import { IconListDetails, IconRepeat } from '@tabler/icons-react';
import type { Delivery } from '../../../../src-main/contract/webhooks.js';
import { useClient } from '../../app/context.js';
import { keys, useDeliveries, useWebhooks, type DeliveryFilter } from '../../app/data.js';
import { ErrorAlert, Loading, notifyError } from '../../components/feedback.js';
import { RelativeTime } from '../../components/badges.js';
import { count, exactTime, shortTime } from '../../lib/format.js';
import { DELIVERY_STATUSES, deliveryStatusColor, deliveryStatusLabel, type DeliveryStatus } from '../../lib/webhooks.js';

export function DeliveryLog({ initialWebhookId }: { initialWebhookId?: string }) {
  const webhooks = useWebhooks();
  const [webhookId, setWebhookId] = useState<string | null>(initialWebhookId ?? null);
  const [status, setStatus] = useState<string>('all');
  const filter: DeliveryFilter = {
    ...(webhookId ? { webhook_id: webhookId } : {}),
    ...(status !== 'all' ? { status: status as DeliveryStatus } : {}),
  };
  const deliveries = useDeliveries(filter);
  const urls = new Map((webhooks.data ?? []).map((w) => [w.id, w.url]));
  return (
    <Stack gap="md">
      <Group gap="md" align="flex-end">
        <Select label="Endpoint" placeholder="All endpoints" clearable w={380} value={webhookId} onChange={setWebhookId}
          data={(webhooks.data ?? []).map((w) => ({ value: w.id, label: w.url }))} nothingFoundMessage="No webhooks" />
        <Stack gap={4}>
          <Text size="sm" fw={500} id="delivery-status-label">Status</Text>
          <SegmentedControl aria-labelledby="delivery-status-label" value={status} onChange={setStatus}
            data={[{ value: 'all', label: 'All' }, ...DELIVERY_STATUSES.map((s) => ({ value: s, label: deliveryStatusLabel[s] }))]} />
        </Stack>
      </Group>
      {deliveries.isPending ? <Loading label="Loading deliveries…" /> : null}
      {deliveries.isError ? <ErrorAlert error={deliveries.error} title="Could not load the deliveries" onRetry={() => void deliveries.refetch()} /> : null}
      {deliveries.data && deliveries.data.length === 0 ? (
        <Paper withBorder radius="md" p="xl">
          <EmptyState icon={<IconListDetails size={28} aria-hidden />} variant="light" title="No deliveries yet"
            description={webhookId || status !== 'all' ? 'Nothing matches these filters.' : 'Deliveries appear here as events are sent. Send a test event from an endpoint’s menu to try one.'} />
        </Paper>
      ) : null}
      {deliveries.data && deliveries.data.length > 0 ? (
        <Card withBorder radius="md" p={0}>
          <Accordion multiple chevronPosition="left" variant="default" aria-label="Deliveries">
            {deliveries.data.map((d) => <DeliveryItem key={d.id} d={d} url={urls.get(d.webhook_id) ?? d.webhook_id} />)}
          </Accordion>
        </Card>
      ) : null}
    </Stack>
  );
}

function DeliveryItem({ d, url }: { d: Delivery; url: string }) {
  const { api } = useClient();
  const qc = useQueryClient();
  const redeliver = useMutation({
    mutationFn: () => api.redeliver({ id: d.id }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: keys.deliveries });
      notifications.show({ color: 'teal', title: 'Redelivery queued', message: `${d.type} goes to ${url} again, with the same webhook-id.` });
    },
    onError: (err) => notifyError(err, 'Could not redeliver'),
  });
  const last = d.attempts[d.attempts.length - 1];
  return (
    <Accordion.Item value={d.id} data-testid="delivery" data-status={d.status}>
      <Accordion.Control aria-label={`${d.type} to ${url}: ${deliveryStatusLabel[d.status]}, ${count(d.attempts.length, 'attempt')}`}>
        <Group gap="md" wrap="nowrap" justify="space-between">
          <Group gap="sm" wrap="nowrap" miw={0}>
            <Badge color={deliveryStatusColor[d.status]} variant={d.status === 'failed' ? 'filled' : 'light'} radius="sm" miw={104}>{deliveryStatusLabel[d.status]}</Badge>
            <Text size="sm" ff="monospace" fw={500}>{d.type}</Text>
            <Text size="sm" c="dimmed" truncate="end" miw={0}>{url}</Text>
          </Group>
          <Group gap="md" wrap="nowrap" style={{ flex: 'none' }}>
            {last?.status_code ? <Code>{last.status_code}</Code> : null}
            <Text size="xs" c="dimmed">{count(d.attempts.length, 'attempt')}</Text>
            {d.next_attempt_at && d.status === 'pending' ? <Text size="xs" c="yellow.8">retry {shortTime(d.next_attempt_at)}</Text> : null}
            {d.created_at ? <Text size="xs" c="dimmed" w={92} ta="right">{shortTime(d.created_at)}</Text> : null}
          </Group>
        </Group>
      </Accordion.Control>
      <Accordion.Panel>
        <Stack gap="sm">
          <Group gap="lg">
            <Text size="xs" c="dimmed">Event <Code>{d.event_id}</Code></Text>
            <Text size="xs" c="dimmed">Delivery <Code>{d.id}</Code></Text>
            {d.next_attempt_at ? <Text size="xs">Next retry: <RelativeTime iso={d.next_attempt_at} /></Text> : null}
          </Group>
          {d.attempts.length === 0 ? <Text size="sm" c="dimmed">Not attempted yet.</Text> : (
            <Table.ScrollContainer minWidth={640}>
              <Table verticalSpacing={6} striped aria-label={`Attempts of ${d.id}`}>
                <Table.Thead>
                  <Table.Tr><Table.Th w={150}>Time</Table.Th><Table.Th w={90}>Status</Table.Th><Table.Th w={90}>Duration</Table.Th><Table.Th>Error</Table.Th><Table.Th>Response</Table.Th></Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {d.attempts.map((a, i) => (
                    <Table.Tr key={`${a.at}-${i}`}>
                      <Table.Td><Tooltip label={exactTime(a.at)}><Text size="sm" tabIndex={0}>{shortTime(a.at)}</Text></Tooltip></Table.Td>
                      <Table.Td><Text size="sm" c={a.status_code && a.status_code < 300 ? 'teal.8' : 'red.7'} fw={500}>{a.status_code ?? '—'}</Text></Table.Td>
                      <Table.Td><Text size="sm">{a.duration_ms.toLocaleString()} ms</Text></Table.Td>
                      <Table.Td><Text size="sm" c="red.7">{a.error ?? ''}</Text></Table.Td>
                      <Table.Td>{a.response_snippet ? <Code style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{a.response_snippet}</Code> : null}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
          <Group>
            <Button size="xs" variant="default" leftSection={<IconRepeat size={14} aria-hidden />} loading={redeliver.isPending}
              onClick={() => redeliver.mutate()} aria-label={`Redeliver ${d.id}`}>Redeliver</Button>
          </Group>
        </Stack>
      </Accordion.Panel>
    </Accordion.Item>
  );
}

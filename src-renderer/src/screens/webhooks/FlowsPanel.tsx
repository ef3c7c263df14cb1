// Flows: custom webhooks sent when a synced record matches conditions. The
// list, and "Add flow" with the condition builder.
import { useState } from 'react';
import { ActionIcon, Button, Card, EmptyState, Group, Paper, Stack, Table, Text, Tooltip } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { notifications } from '@mantine/notifications';
import { IconGitBranch, IconPlus, IconTrash } from '@tabler/icons-react';
import type { Flow } from '../../../../src-main/contract/webhooks.js';
import { useClient } from '../../app/context.js';
import { keys, useConnections, useFlows, useWebhooks } from '../../app/data.js';
import { useConfirm } from '../../app/confirm.js';
import { ErrorAlert, Loading, notifyError } from '../../components/feedback.js';
import { ENTITY_LABELS, type EntityName } from '../../lib/entity-fields.js';
import { OPERATOR_LABELS, TRIGGER_LABELS, formatConditionValue } from '../../lib/webhooks.js';
import { AddFlowModal } from './AddFlowModal.js';

export function FlowsPanel({ connectionId }: { connectionId?: string }) {
  const flows = useFlows();
  const webhooks = useWebhooks();
  const [adding, setAdding] = useState(false);
  const list = (flows.data ?? []).filter((f) => !connectionId || f.connection_id === connectionId);
  const noWebhooks = webhooks.data?.length === 0;
  const add = (
    <Tooltip label="Add a webhook first: a flow sends to one of your endpoints" disabled={!noWebhooks}>
      <Button variant={list.length ? 'light' : 'filled'} leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setAdding(true)}
        disabled={noWebhooks} data-disabled={noWebhooks || undefined}>Add flow</Button>
    </Tooltip>
  );
  return (
    <Stack gap="md">
      {flows.isPending ? <Loading label="Loading flows…" /> : null}
      {flows.isError ? <ErrorAlert error={flows.error} title="Could not load the flows" onRetry={() => void flows.refetch()} /> : null}
      {flows.data && list.length === 0 && connectionId ? (
        <Group justify="space-between" wrap="nowrap">
          <Text size="sm" c="dimmed">No flows on this connection’s records. A flow sends a webhook when a record matches your conditions.</Text>
          {add}
        </Group>
      ) : null}
      {flows.data && list.length === 0 && !connectionId ? (
        <Paper withBorder radius="md" p="xl">
          <EmptyState icon={<IconGitBranch size={28} aria-hidden />} variant="light" title="No flows yet"
            description={noWebhooks
              ? 'A flow sends a webhook when a synced record matches your conditions, e.g. a purchase order over 10,000 is approved. Add a webhook endpoint first.'
              : 'A flow sends a webhook when a synced record matches your conditions, e.g. a purchase order over 10,000 is approved.'}>
            {add}
          </EmptyState>
        </Paper>
      ) : null}
      {list.length > 0 ? (
        <>
          <Group justify="flex-end">{add}</Group>
          <FlowsTable flows={list} showConnection={!connectionId} />
        </>
      ) : null}
      <AddFlowModal opened={adding} onClose={() => setAdding(false)} presetConnectionId={connectionId} />
    </Stack>
  );
}

export function FlowsTable({ flows, showConnection = true }: { flows: Flow[]; showConnection?: boolean }) {
  const connections = useConnections();
  const webhooks = useWebhooks();
  const names = new Map((connections.data ?? []).map((c) => [c.id, c.name]));
  const urls = new Map((webhooks.data ?? []).map((w) => [w.id, w.url]));
  return (
    <Card withBorder radius="md" p={0}>
      <Table.ScrollContainer minWidth={760}>
        <Table verticalSpacing="sm" horizontalSpacing="md" aria-label="Flows">
          <Table.Thead>
            <Table.Tr>
              {showConnection ? <Table.Th>Connection</Table.Th> : null}
              <Table.Th>When</Table.Th><Table.Th>Conditions</Table.Th><Table.Th>Sends to</Table.Th><Table.Th w={60}><Text span hidden>Actions</Text></Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {flows.map((f) => (
              <Table.Tr key={f.id} data-testid="flow-row">
                {showConnection ? <Table.Td><Text size="sm">{names.get(f.connection_id) ?? f.connection_id}</Text></Table.Td> : null}
                <Table.Td>
                  <Text size="sm" fw={500}>{ENTITY_LABELS[f.entity as EntityName] ?? f.entity}</Text>
                  <Text size="xs" c="dimmed">{TRIGGER_LABELS[f.trigger].replace('A record is', 'when')}</Text>
                </Table.Td>
                <Table.Td>
                  {f.conditions.length === 0 ? <Text size="sm" c="dimmed">Every change</Text> : (
                    <Stack gap={2}>
                      {f.conditions.map((c, i) => (
                        <Text key={i} size="sm">{i > 0 ? <Text span c="dimmed" fz="sm">and </Text> : null}
                          <Text span ff="monospace" fz="sm">{c.field}</Text> {OPERATOR_LABELS[c.op]} <Text span fw={500} fz="sm">{formatConditionValue(c.value)}</Text>
                        </Text>
                      ))}
                    </Stack>
                  )}
                </Table.Td>
                <Table.Td><Text size="sm" ff="monospace" style={{ overflowWrap: 'anywhere' }}>{urls.get(f.webhook_id) ?? f.webhook_id}</Text></Table.Td>
                <Table.Td><DeleteFlow flow={f} /></Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Card>
  );
}

function DeleteFlow({ flow }: { flow: Flow }) {
  const { api } = useClient();
  const qc = useQueryClient();
  const confirm = useConfirm();
  const remove = useMutation({
    mutationFn: () => api.deleteFlow({ id: flow.id }),
    onSuccess: () => { void qc.invalidateQueries({ queryKey: keys.flows }); notifications.show({ color: 'teal', title: 'Flow deleted', message: 'It sends nothing any more.' }); },
    onError: (err) => notifyError(err, 'Could not delete the flow'),
  });
  const label = `Delete flow on ${ENTITY_LABELS[flow.entity as EntityName] ?? flow.entity}`;
  return (
    <Tooltip label="Delete flow">
      <ActionIcon variant="subtle" color="red" aria-label={label} loading={remove.isPending} onClick={async () => {
        const ok = await confirm({ title: 'Delete this flow?', body: 'Matching records will no longer send this webhook.', confirmLabel: 'Delete flow', color: 'red' });
        if (ok) remove.mutate();
      }}><IconTrash size={16} aria-hidden /></ActionIcon>
    </Tooltip>
  );
}

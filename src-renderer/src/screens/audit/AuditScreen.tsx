// The audit log: every write through the unified API, every passthrough call
// and every admin action, refused ones included, newest first; filtered by
// connection and kind, older pages on demand. Entries never hold a secret or a
// body (sizes and SHA-256 digests at most), so the detail is shown as it is.
import { useMemo, useState } from 'react';
import { Anchor, Badge, Button, Card, Group, Select, Stack, Table, Text, Title, Tooltip } from '@mantine/core';
import { IconRefresh } from '@tabler/icons-react';
import type { AuditEntry, AuditKind } from '../../../../src-main/contract/audit.js';
import { useApp } from '../../app/context.js';
import { useAudit, useConnections } from '../../app/data.js';
import { ErrorAlert, Loading } from '../../components/feedback.js';
import { exactTime, shortTime } from '../../lib/format.js';

const KIND_LABELS: Record<AuditKind, string> = { admin: 'Admin', write: 'Write', passthrough: 'Passthrough' };
const KIND_COLORS: Record<AuditKind, string> = { admin: 'grape', write: 'indigo', passthrough: 'cyan' };
const statusColor = (s: number) => (s >= 500 ? 'red' : s >= 400 ? 'orange' : 'teal');
/** Digests shortened for reading; the full detail is in the cell's tooltip. */
const readable = (detail: string) => detail.replace(/sha256:([0-9a-f]{12})[0-9a-f]{52}/g, 'sha256:$1…');

export function AuditScreen() {
  const { navigate } = useApp();
  const connections = useConnections();
  const [connectionId, setConnectionId] = useState<string | null>(null);
  const [kind, setKind] = useState<AuditKind | null>(null);
  const audit = useAudit({ ...(connectionId ? { connection_id: connectionId } : {}), ...(kind ? { kind } : {}) });
  const names = useMemo(() => new Map((connections.data ?? []).map((c) => [c.id, c.name])), [connections.data]);
  const entries = audit.data?.pages.flatMap((p) => p.data) ?? [];

  return (
    <Stack gap="lg">
      <div>
        <Title order={2}>Audit log</Title>
        <Text c="dimmed" size="sm">
          Every write through the unified API, every passthrough call and every admin action — refused ones too — with who, when, what and the answer.
          It is append-only and never holds a secret or a body: bodies appear as their size and SHA-256.
        </Text>
      </div>
      <Card withBorder radius="md" p="md">
        <Group justify="space-between" align="flex-end" mb="md">
          <Group gap="sm" align="flex-end">
            <Select label="Connection" placeholder="All connections" clearable searchable w={260} value={connectionId} onChange={setConnectionId}
              data={(connections.data ?? []).map((c) => ({ value: c.id, label: c.name }))} nothingFoundMessage="No connection by that name" />
            <Select label="Kind" placeholder="All kinds" clearable w={200} value={kind} onChange={(v) => setKind(v as AuditKind | null)}
              data={(Object.keys(KIND_LABELS) as AuditKind[]).map((k) => ({ value: k, label: KIND_LABELS[k] }))} />
          </Group>
          <Button variant="default" leftSection={<IconRefresh size={16} aria-hidden />} loading={audit.isRefetching && !audit.isFetchingNextPage} onClick={() => void audit.refetch()}>Refresh</Button>
        </Group>
        {audit.isPending ? <Loading label="Loading the audit log…" /> : null}
        {audit.isError ? <ErrorAlert error={audit.error} title="Could not load the audit log" onRetry={() => void audit.refetch()} /> : null}
        {audit.data && entries.length === 0 ? (
          <Text size="sm" c="dimmed">{connectionId || kind ? 'No entry matches these filters.' : 'Nothing yet: entries appear as admins act and apps write through the unified API.'}</Text>
        ) : null}
        {entries.length > 0 ? (
          <Table.ScrollContainer minWidth={1000}>
            <Table striped highlightOnHover verticalSpacing="xs" aria-label="Audit log" layout="fixed">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={96}>Time</Table.Th><Table.Th w={140}>Actor</Table.Th><Table.Th w={124}>Kind</Table.Th>
                  <Table.Th w={290}>Request</Table.Th><Table.Th w={72}>Status</Table.Th><Table.Th w={84} ta="right">Duration</Table.Th><Table.Th>Detail</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {entries.map((e) => <AuditRow key={e.id} e={e} names={names} open={(id) => navigate({ name: 'connection', id })} />)}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        ) : null}
        {audit.hasNextPage ? (
          <Group justify="center" mt="md">
            <Button variant="default" onClick={() => void audit.fetchNextPage()} loading={audit.isFetchingNextPage}>Load older entries</Button>
          </Group>
        ) : null}
      </Card>
    </Stack>
  );
}

function AuditRow({ e, names, open }: { e: AuditEntry; names: Map<string, string>; open: (id: string) => void }) {
  const actor = e.actor === 'admin' ? 'Admin' : names.get(e.actor) ?? e.actor;
  return (
    <Table.Tr>
      <Table.Td><Tooltip label={exactTime(e.at)}><Text size="sm" tabIndex={0}>{shortTime(e.at)}</Text></Tooltip></Table.Td>
      <Table.Td>
        <Text size="sm" truncate>{actor}</Text>
        {e.actor !== 'admin' ? <Text size="xs" c="dimmed">connection token</Text> : null}
        {e.actor === 'admin' && e.connection_id ? (
          <Anchor component="button" size="xs" onClick={() => open(e.connection_id!)} title={e.connection_id}>{names.get(e.connection_id) ?? e.connection_id}</Anchor>
        ) : null}
      </Table.Td>
      <Table.Td><Badge variant="light" radius="sm" color={KIND_COLORS[e.kind]}>{KIND_LABELS[e.kind]}</Badge></Table.Td>
      <Table.Td><Text size="sm" ff="monospace" style={{ overflowWrap: 'anywhere' }}><Text span fw={700} ff="monospace" size="sm">{e.method}</Text> {e.path}</Text></Table.Td>
      <Table.Td><Badge variant="light" radius="sm" color={statusColor(e.status)}>{e.status}</Badge></Table.Td>
      <Table.Td ta="right"><Text size="sm">{e.duration_ms} ms</Text></Table.Td>
      <Table.Td>
        <Tooltip label={e.detail} multiline maw={520} withArrow openDelay={300} disabled={readable(e.detail) === e.detail}>
          <Text size="xs" style={{ overflowWrap: 'anywhere' }} tabIndex={0}>{readable(e.detail)}</Text>
        </Tooltip>
      </Table.Td>
    </Table.Tr>
  );
}

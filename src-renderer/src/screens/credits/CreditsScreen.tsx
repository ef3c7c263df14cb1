// Credits: the pool, what is used and available, who uses what, and the ledger.
import { useMemo } from 'react';
import { Anchor, Badge, Card, Group, Paper, Progress, SimpleGrid, Stack, Table, Text, Title, Tooltip } from '@mantine/core';
import { useApp } from '../../app/context.js';
import { useConnections, useCredits, useSystems } from '../../app/data.js';
import { DeploymentBadge, StatusBadge } from '../../components/badges.js';
import { ErrorAlert, Loading } from '../../components/feedback.js';
import { costLabel, exactTime, shortTime } from '../../lib/format.js';

export function CreditsScreen() {
  const { navigate } = useApp();
  const credits = useCredits();
  const connections = useConnections();
  const systems = useSystems();
  const systemName = (id: string) => systems.data?.find((s) => s.id === id)?.name ?? id;
  const names = useMemo(() => new Map((connections.data ?? []).map((c) => [c.id, c.name])), [connections.data]);
  const breakdown = useMemo(() => (connections.data ?? []).filter((c) => c.credits > 0)
    .sort((a, b) => Number(b.status !== 'inactive') - Number(a.status !== 'inactive') || b.credits - a.credits), [connections.data]);

  if (credits.isPending) return <Loading label="Loading credits…" />;
  if (credits.isError) return <ErrorAlert error={credits.error} title="Could not load the credits" onRetry={() => void credits.refetch()} />;
  const { pool, used, available, ledger } = credits.data;
  const pct = pool ? (used / pool) * 100 : 0;
  return (
    <Stack gap="lg">
      <div>
        <Title order={2}>Credits</Title>
        <Text c="dimmed" size="sm">Each active connection holds credits from the pool: its tier's cost, doubled on-prem. Deactivating or disconnecting returns them.</Text>
      </div>
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <Stat label="Pool" value={pool} hint="Set in Settings" />
        <Stat label="Used" value={used} hint={`${Math.round(pct)}% of the pool`} />
        <Stat label="Available" value={available} hint={available === 0 ? 'New connections are saved inactive' : 'For new connections'} color={available === 0 ? 'red' : 'teal'} />
      </SimpleGrid>
      <Paper withBorder radius="md" p="md">
        <Group justify="space-between" mb={6}><Text size="sm" fw={500}>Pool use</Text><Text size="sm" c="dimmed">{used} of {pool}</Text></Group>
        <Progress value={pct} color={pct >= 100 ? 'red' : pct >= 75 ? 'orange' : 'indigo'} size="lg" radius="xl" aria-label={`${used} of ${pool} credits used`} />
      </Paper>

      <Card withBorder radius="md" p="md">
        <Title order={4} mb="sm">By connection</Title>
        {connections.isError ? <ErrorAlert error={connections.error} title="Could not load the connections" /> : null}
        {breakdown.length === 0 ? <Text size="sm" c="dimmed">No connection uses credits. The Sandbox is free.</Text> : (
          <Table.ScrollContainer minWidth={600} mah={360}>
            <Table highlightOnHover aria-label="Credits by connection" stickyHeader>
              <Table.Thead><Table.Tr><Table.Th>Connection</Table.Th><Table.Th>Deployment</Table.Th><Table.Th>Status</Table.Th><Table.Th>Cost</Table.Th><Table.Th ta="right">Holding</Table.Th></Table.Tr></Table.Thead>
              <Table.Tbody>
                {breakdown.slice(0, 500).map((c) => (
                  <Table.Tr key={c.id}>
                    <Table.Td>
                      <Anchor component="button" size="sm" onClick={() => navigate({ name: 'connection', id: c.id })}>{c.name}</Anchor>
                      <Text size="xs" c="dimmed">{systemName(c.system)}</Text>
                    </Table.Td>
                    <Table.Td><DeploymentBadge deployment={c.deployment} /></Table.Td>
                    <Table.Td><StatusBadge status={c.status} /></Table.Td>
                    <Table.Td><Text size="sm">{costLabel(c.credits, c.deployment)}</Text></Table.Td>
                    <Table.Td ta="right"><Text size="sm" fw={600}>{c.status === 'inactive' ? 0 : c.credits}</Text></Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Card>

      <Card withBorder radius="md" p="md">
        <Title order={4} mb={4}>Ledger</Title>
        <Text size="sm" c="dimmed" mb="sm">Every change to the credits in use, newest first. Rows are never edited.</Text>
        {ledger.length === 0 ? <Text size="sm" c="dimmed">Nothing yet: credits move when a paid connection is activated or returned.</Text> : (
          <Table.ScrollContainer minWidth={640} mah={420}>
            <Table striped aria-label="Credit ledger" stickyHeader>
              <Table.Thead><Table.Tr><Table.Th>When</Table.Th><Table.Th>Change</Table.Th><Table.Th>Connection</Table.Th><Table.Th>Reason</Table.Th><Table.Th ta="right">Available after</Table.Th></Table.Tr></Table.Thead>
              <Table.Tbody>
                {ledger.map((e) => (
                  <Table.Tr key={e.id}>
                    <Table.Td><Tooltip label={exactTime(e.at)}><Text size="sm" tabIndex={0}>{shortTime(e.at)}</Text></Tooltip></Table.Td>
                    <Table.Td>
                      <Badge variant="light" color={e.kind === 'consume' ? 'orange' : 'teal'} radius="sm">
                        {e.kind === 'consume' ? `−${e.amount} used` : `+${e.amount} returned`}
                      </Badge>
                    </Table.Td>
                    <Table.Td><Text size="sm">{names.get(e.connection_id) ?? <Text span c="dimmed" size="sm">{e.connection_id} (removed)</Text>}</Text></Table.Td>
                    <Table.Td><Text size="sm">{e.reason}</Text></Table.Td>
                    <Table.Td ta="right"><Text size="sm" fw={600}>{e.balance_after}</Text></Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Card>
    </Stack>
  );
}

function Stat({ label, value, hint, color }: { label: string; value: number; hint: string; color?: string }) {
  return (
    <Paper withBorder radius="md" p="md" role="group" aria-label={`${label}: ${value}`}>
      <Text size="sm" c="dimmed">{label}</Text>
      <Text fz={32} fw={700} c={color} lh={1.2}>{value}</Text>
      <Text size="xs" c="dimmed">{hint}</Text>
    </Paper>
  );
}

// Diagnose on the connection page: runs the checks (name lookup, TCP, proxy,
// TLS, credentials, each entity) and lists them with what each found and how to
// fix what failed. Shows the last diagnosis too, including the one the agent
// ran by itself when the connection went offline.
import { Alert, Badge, Button, Card, Group, Stack, Table, Text, ThemeIcon, Title, VisuallyHidden } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { IconCheck, IconMinus, IconStethoscope, IconX } from '@tabler/icons-react';
import type { Connection } from '../../../../src-main/contract/connections.js';
import type { DiagnoseCheck, DiagnoseResult } from '../../../../src-main/contract/plantops.js';
import { useClient } from '../../app/context.js';
import { keys, useLastDiagnose } from '../../app/data.js';
import { RelativeTime } from '../../components/badges.js';
import { ErrorAlert } from '../../components/feedback.js';

const CHECK_LABELS: Record<string, string> = {
  dns: 'Name lookup', tcp: 'Network connection', proxy: 'Proxy', tls: 'Certificate (TLS)', auth: 'Credentials',
};

const label = (name: string) => CHECK_LABELS[name] ?? (name.startsWith('entity:') ? `Read ${name.slice('entity:'.length).replace(/-/g, ' ')}` : name);

export function DiagnosePanel({ c }: { c: Connection }) {
  const { api } = useClient();
  const qc = useQueryClient();
  const last = useLastDiagnose(c.id);
  const run = useMutation({
    mutationFn: () => api.diagnose({ id: c.id }),
    onSuccess: (result) => qc.setQueryData(keys.diagnose(c.id), result),
  });
  const result = last.data ?? null;
  return (
    <Card withBorder radius="md" p="md" component="section" aria-labelledby={`diagnose-${c.id}`}>
      <Group justify="space-between" mb="sm" align="flex-start">
        <div>
          <Title order={4} id={`diagnose-${c.id}`}>Diagnose</Title>
          <Text size="sm" c="dimmed">Checks the way from this agent to {c.base_url ?? 'the system'}: name lookup, network, {c.options.proxy_url ? 'proxy, ' : ''}certificate, credentials and each entity.</Text>
        </div>
        <Button leftSection={<IconStethoscope size={16} aria-hidden />} onClick={() => run.mutate()} loading={run.isPending}>Diagnose</Button>
      </Group>
      {run.isPending ? <Text size="sm" role="status" aria-live="polite">Diagnosing… each check waits at most a few seconds.</Text> : null}
      {run.error ? <ErrorAlert error={run.error} title="Could not diagnose" /> : null}
      {last.error ? <ErrorAlert error={last.error} title="Could not load the last diagnosis" onRetry={() => void last.refetch()} /> : null}
      {!run.isPending && result ? <DiagnoseResultView r={result} /> : null}
      {!run.isPending && !result && last.isSuccess ? <Text size="sm" c="dimmed">Not diagnosed yet. The agent also runs a diagnosis by itself when the connection goes offline.</Text> : null}
    </Card>
  );
}

function DiagnoseResultView({ r }: { r: DiagnoseResult }) {
  const failed = r.checks.filter((x) => !x.ok && !x.skipped);
  return (
    <Stack gap="sm">
      <Alert color={r.ok ? 'teal' : 'red'} variant="light" title={r.ok ? 'All checks passed' : `${failed.length} check${failed.length === 1 ? '' : 's'} failed`} role="status">
        <Text size="sm">
          {r.trigger === 'offline' ? 'Run by the agent when the connection went offline, ' : 'Run '}
          <RelativeTime iso={r.at} />.
          {failed[0] ? ` First: ${label(failed[0].name)}.` : ''}
        </Text>
      </Alert>
      <Table verticalSpacing="xs" aria-label="Diagnosis checks" layout="fixed">
        <Table.Thead>
          <Table.Tr><Table.Th w={36}><VisuallyHidden>Result</VisuallyHidden></Table.Th><Table.Th w={190}>Check</Table.Th><Table.Th w={80}>Time</Table.Th><Table.Th>What was found</Table.Th></Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {r.checks.map((check) => <CheckRow key={check.name} check={check} />)}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}

function CheckRow({ check }: { check: DiagnoseCheck }) {
  const state = check.ok ? 'passed' : check.skipped ? 'not run' : 'failed';
  const icon = check.ok ? <IconCheck size={14} /> : check.skipped ? <IconMinus size={14} /> : <IconX size={14} />;
  return (
    <Table.Tr aria-label={`${label(check.name)}: ${state}`}>
      <Table.Td><ThemeIcon size="sm" radius="xl" variant={check.skipped ? 'light' : 'filled'} color={check.ok ? 'teal' : check.skipped ? 'gray' : 'red'} aria-label={state}>{icon}</ThemeIcon></Table.Td>
      <Table.Td>
        <Text size="sm" fw={500}>{label(check.name)}</Text>
        <Badge variant="transparent" color="gray" size="xs" px={0} tt="none">{check.name}</Badge>
      </Table.Td>
      <Table.Td><Text size="sm" c="dimmed">{check.skipped ? '—' : `${check.duration_ms} ms`}</Text></Table.Td>
      <Table.Td><Text size="sm" c={check.skipped ? 'dimmed' : check.ok ? undefined : 'red.8'} style={{ overflowWrap: 'anywhere' }}>{check.detail}</Text></Table.Td>
    </Table.Tr>
  );
}

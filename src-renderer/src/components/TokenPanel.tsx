// A connection API token shown once (after connect, reconnect or rotate), with
// copy buttons and a ready curl example against the unified API.
import { ActionIcon, Alert, Code, CopyButton, Group, Paper, Stack, Text, Tooltip } from '@mantine/core';
import { IconCheck, IconCopy, IconKey } from '@tabler/icons-react';
import { useAgentInfo, useSettings } from '../app/data.js';

export function CopyIconButton({ value, label }: { value: string; label: string }) {
  return (
    <CopyButton value={value} timeout={2000}>
      {({ copied, copy }) => (
        <Tooltip label={copied ? 'Copied' : label} withArrow>
          <ActionIcon variant={copied ? 'filled' : 'default'} color={copied ? 'teal' : undefined} onClick={copy} aria-label={label} size="lg">
            {copied ? <IconCheck size={16} aria-hidden /> : <IconCopy size={16} aria-hidden />}
          </ActionIcon>
        </Tooltip>
      )}
    </CopyButton>
  );
}

/** The unified API's address: where the agent listens (agentInfo), else what the settings say. */
export function useApiBase(): string {
  const info = useAgentInfo();
  const settings = useSettings();
  if (info.data?.api_url) return info.data.api_url.replace(/\/$/, '');
  const host = settings.data?.['api.host'] ?? '127.0.0.1';
  const port = settings.data?.['api.port'] ?? 7870;
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

export function TokenPanel({ token, note }: { token: string; note: string }) {
  const base = useApiBase();
  const curl = `curl ${base}/v1/purchase-orders \\
  -H "Authorization: Bearer ${token}"`;
  return (
    <Stack gap="md">
      <Alert color="yellow" variant="light" icon={<IconKey aria-hidden />} title="Copy the API token now">
        {note}
      </Alert>
      <Paper withBorder p="sm" radius="md">
        <Text size="xs" c="dimmed" fw={600} tt="uppercase" mb={6} id="api-token-label">API token</Text>
        <Group gap="sm" wrap="nowrap" justify="space-between">
          <Code aria-labelledby="api-token-label" data-testid="api-token" style={{ fontSize: 13, wordBreak: 'break-all' }}>{token}</Code>
          <CopyIconButton value={token} label="Copy token" />
        </Group>
      </Paper>
      <Paper withBorder p="sm" radius="md">
        <Text size="xs" c="dimmed" fw={600} tt="uppercase" mb={6} id="curl-label">Try it</Text>
        <Group gap="sm" wrap="nowrap" align="flex-start" justify="space-between">
          <Code block aria-labelledby="curl-label" data-testid="curl-example" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', flex: 1 }}>{curl}</Code>
          <CopyIconButton value={curl} label="Copy curl example" />
        </Group>
      </Paper>
    </Stack>
  );
}

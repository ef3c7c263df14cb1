// A connection API token shown once (after connect, reconnect or rotate), with
// copy buttons and a ready curl example against the unified API.
import { Alert, Stack } from '@mantine/core';
import { IconKey } from '@tabler/icons-react';
import { CopyableValue } from './copy.js';
import { useAgentInfo, useSettings } from '../app/data.js';

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
      <CopyableValue title="API token" value={token} copyLabel="Copy token" testId="api-token" />
      <CopyableValue title="Try it" value={curl} copyLabel="Copy curl example" testId="curl-example" block />
    </Stack>
  );
}

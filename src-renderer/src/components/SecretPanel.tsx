// A webhook signing secret shown once (after creating an endpoint or rotating
// its secret), with copy and a short verification snippet for the receiver.
import { Alert, Code, Group, Paper, Stack, Text } from '@mantine/core';
import { IconShieldLock } from '@tabler/icons-react';
import { CopyIconButton } from './TokenPanel.js';

export const VERIFY_SNIPPET = `// npm install standardwebhooks
import { Webhook } from 'standardwebhooks';

const wh = new Webhook(process.env.WEBHOOK_SECRET); // the whsec_… secret
// In your handler, with the raw body as received:
const event = wh.verify(rawBody, {
  'webhook-id': req.headers['webhook-id'],
  'webhook-timestamp': req.headers['webhook-timestamp'],
  'webhook-signature': req.headers['webhook-signature'],
}); // throws when the signature or timestamp is wrong`;

export function SecretPanel({ secret, title, note }: { secret: string; title: string; note: string }) {
  return (
    <Stack gap="md">
      <Alert color="yellow" variant="light" icon={<IconShieldLock aria-hidden />} title={title}>{note}</Alert>
      <Paper withBorder p="sm" radius="md">
        <Text size="xs" c="dimmed" fw={600} tt="uppercase" mb={6} id="signing-secret-label">Signing secret</Text>
        <Group gap="sm" wrap="nowrap" justify="space-between">
          <Code aria-labelledby="signing-secret-label" data-testid="signing-secret" style={{ fontSize: 13, wordBreak: 'break-all' }}>{secret}</Code>
          <CopyIconButton value={secret} label="Copy secret" />
        </Group>
      </Paper>
      <Paper withBorder p="sm" radius="md">
        <Text size="xs" c="dimmed" fw={600} tt="uppercase" mb={6} id="verify-label">Verify deliveries (Standard Webhooks)</Text>
        <Group gap="sm" wrap="nowrap" align="flex-start" justify="space-between">
          <Code block aria-labelledby="verify-label" data-testid="verify-snippet" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', flex: 1, fontSize: 12 }}>{VERIFY_SNIPPET}</Code>
          <CopyIconButton value={VERIFY_SNIPPET} label="Copy verification example" />
        </Group>
      </Paper>
    </Stack>
  );
}

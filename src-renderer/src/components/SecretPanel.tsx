// A webhook signing secret shown once (after creating an endpoint or rotating
// its secret), with copy and a short verification snippet for the receiver.
import { Alert, Stack } from '@mantine/core';
import { IconShieldLock } from '@tabler/icons-react';
import { CopyableValue } from './copy.js';

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
      <CopyableValue title="Signing secret" value={secret} copyLabel="Copy secret" testId="signing-secret" />
      <CopyableValue title="Verify deliveries (Standard Webhooks)" value={VERIFY_SNIPPET} copyLabel="Copy verification example" testId="verify-snippet" block />
    </Stack>
  );
}

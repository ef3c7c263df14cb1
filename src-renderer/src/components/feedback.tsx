import { Alert, Button, Center, Loader, Stack, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { notifications } from '@mantine/notifications';
import { toClientError } from '../client/index.js';
import { explainError } from '../lib/errors.js';

/** A failed action, as a red notification in plain words. */
export function notifyError(err: unknown, title: string) {
  const e = explainError(toClientError(err));
  notifications.show({ color: 'red', title, message: e.detail ? `${e.title}: ${e.detail}` : e.title, autoClose: 8000 });
}

export function Loading({ label }: { label: string }) {
  return (
    <Center py="xl" role="status" aria-live="polite">
      <Stack align="center" gap="xs">
        <Loader size="sm" aria-hidden />
        <Text size="sm" c="dimmed">{label}</Text>
      </Stack>
    </Center>
  );
}

/** An error from the client, in plain words, optionally with a retry. */
export function ErrorAlert({ error, title, systemName, credentialKeys, onRetry }: {
  error: unknown; title?: string; systemName?: string; credentialKeys?: string[]; onRetry?: () => void;
}) {
  const explained = explainError(toClientError(error), { systemName, credentialKeys });
  return (
    <Alert color="red" variant="light" icon={<IconAlertTriangle aria-hidden />} title={title ?? explained.title} role="alert">
      <Stack gap="xs" align="flex-start">
        {title ? <Text size="sm" fw={500}>{explained.title}</Text> : null}
        {explained.detail ? <Text size="sm">{explained.detail}</Text> : null}
        {onRetry ? <Button size="xs" variant="default" onClick={onRetry}>Try again</Button> : null}
      </Stack>
    </Alert>
  );
}

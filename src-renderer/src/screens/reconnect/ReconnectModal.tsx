// Reconnect, for field engineers: what happened and when, only the credential
// fields — the stored user (e-mail, …) filled in, so only the new secret is
// typed — verify; then the new token, once, and the word that the old one is dead.
import { useEffect, useState } from 'react';
import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { IconAlertTriangle, IconShieldCheck } from '@tabler/icons-react';
import type { ConnectResult } from '../../../../src-main/contract/connections.js';
import { useClient } from '../../app/context.js';
import { keys, useConnection, useSystems } from '../../app/data.js';
import { CredentialFields, credentialsComplete, pickCredentials } from '../../components/CredentialFields.js';
import { ErrorAlert, Loading } from '../../components/feedback.js';
import { TokenPanel } from '../../components/TokenPanel.js';
import { shortTime } from '../../lib/format.js';

export function ReconnectModal({ connectionId, onClose }: { connectionId: string | null; onClose: () => void }) {
  return (
    <Modal opened={connectionId !== null} onClose={onClose} size="lg" radius="md" title={<Text fw={700} size="lg">Reconnect</Text>}
      closeButtonProps={{ 'aria-label': 'Close' }} closeOnClickOutside={false}>
      {connectionId ? <ReconnectBody key={connectionId} id={connectionId} onClose={onClose} /> : null}
    </Modal>
  );
}

function ReconnectBody({ id, onClose }: { id: string; onClose: () => void }) {
  const { api } = useClient();
  const qc = useQueryClient();
  const connection = useConnection(id);
  const systems = useSystems();
  const [setIndex, setSetIndex] = useState(0);
  const [values, setValues] = useState<Record<string, string>>({});
  const [result, setResult] = useState<ConnectResult | null>(null);
  const system = systems.data?.find((s) => s.id === connection.data?.system);
  // the stored non-secret fields, read once when the dialog opens (never a secret)
  const stored = useQuery({ queryKey: ['credential-fields', id], queryFn: () => api.credentialFields({ id }), staleTime: Infinity, gcTime: 0 });
  useEffect(() => {
    if (!stored.data) return;
    setSetIndex(stored.data.set_index);
    setValues(stored.data.values);
  }, [stored.data]);

  const reconnect = useMutation({
    mutationFn: () => api.reconnect({ id, credentials: pickCredentials(system!, setIndex, values) }),
    onSuccess: (r) => {
      setResult(r);
      void qc.invalidateQueries({ queryKey: keys.connections });
      void qc.invalidateQueries({ queryKey: keys.connection(id) });
    },
  });
  useEffect(() => { reconnect.reset(); }, [values, setIndex]); // eslint-disable-line react-hooks/exhaustive-deps

  if (connection.isError) return <ErrorAlert error={connection.error} title="Could not load the connection" onRetry={() => void connection.refetch()} />;
  if (systems.isError) return <ErrorAlert error={systems.error} title="Could not load the systems" onRetry={() => void systems.refetch()} />;
  if (stored.isError) return <ErrorAlert error={stored.error} title="Could not read the stored credentials" onRetry={() => void stored.refetch()} />;
  if (!connection.data || !system || !stored.data) return <Loading label="Loading the connection…" />;
  const c = connection.data;

  if (result) {
    return (
      <Stack gap="md">
        <Alert color="teal" variant="light" icon={<IconShieldCheck aria-hidden />} title={`${c.name} is reconnected`} role="status">
          {system.name} accepted the new credentials and syncing resumes. <b>The old token no longer works</b>: give the new one to every app that used it.
        </Alert>
        <TokenPanel token={result.token} note="The connection's new API token. Copy it now: it is shown here only once." />
        <Group justify="flex-end"><Button onClick={onClose}>Done</Button></Group>
      </Stack>
    );
  }

  const when = c.status_changed_at ? ` at ${shortTime(c.status_changed_at)}` : '';
  const headline = c.status === 'auth_required'
    ? `${system.name} rejected the stored credentials${when}`
    : `Enter new credentials for ${c.name}`;
  return (
    <form onSubmit={(e) => { e.preventDefault(); if (credentialsComplete(system, setIndex, values)) reconnect.mutate(); }}>
      <Stack gap="md">
        <Alert color={c.status === 'auth_required' ? 'red' : 'indigo'} variant="light" icon={<IconAlertTriangle aria-hidden />} title={headline} data-testid="reconnect-reason">
          <Stack gap={4}>
            <Text size="sm"><b>{c.name}</b>{c.base_url ? ` · ${c.base_url}` : ''}</Text>
            {c.status === 'auth_required' && c.status_reason ? <Text size="sm">The system said: “{c.status_reason}”</Text> : null}
            <Text size="sm">
              {c.status === 'auth_required'
                ? 'Until it is reconnected, syncing is paused and its API token is refused. Enter the new password or key; it is verified before anything changes.'
                : 'The new credentials are verified first; then a new API token replaces the old one.'}
            </Text>
          </Stack>
        </Alert>
        <CredentialFields system={system} setIndex={setIndex} values={values} onChange={setValues} autoFocus
          onSetIndex={(i) => { setSetIndex(i); setValues(i === stored.data.set_index ? stored.data.values : {}); }}
          stored={setIndex === stored.data.set_index ? stored.data.values : undefined} />
        {reconnect.error ? <ErrorAlert error={reconnect.error} title="Not reconnected" systemName={system.name}
          credentialKeys={(system.credential_sets[setIndex] ?? []).map((f) => f.key)} /> : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>Cancel</Button>
          <Button type="submit" loading={reconnect.isPending} disabled={!credentialsComplete(system, setIndex, values)} leftSection={<IconShieldCheck size={16} aria-hidden />}>
            Verify and reconnect
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

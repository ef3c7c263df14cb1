// Add a webhook endpoint: URL, which events, which connections, and which
// entities' record events; then its signing secret, shown once.
import { useState } from 'react';
import { Alert, Anchor, Button, Checkbox, Group, Modal, MultiSelect, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { IconInfoCircle } from '@tabler/icons-react';
import { useApp, useClient } from '../../app/context.js';
import { keys, useConnections } from '../../app/data.js';
import { toClientError } from '../../client/index.js';
import { ErrorAlert } from '../../components/feedback.js';
import { SecretPanel } from '../../components/SecretPanel.js';
import { errorOn } from '../../lib/errors.js';
import { EVENT_TYPE_HELP, RECORD_EVENT_TYPES, WEBHOOK_EVENT_TYPES, type WebhookEventType } from '../../lib/webhooks.js';
import { ENTITY_LABELS, ENTITY_NAMES, type EntityName } from '../../lib/entity-fields.js';

export function AddWebhookModal({ opened, onClose, presetConnectionId }: { opened: boolean; onClose: () => void; presetConnectionId?: string }) {
  return (
    <Modal opened={opened} onClose={onClose} title={<Text fw={600}>Add webhook</Text>} size="lg" radius="md" centered>
      {opened ? <AddWebhookForm onClose={onClose} presetConnectionId={presetConnectionId} /> : null}
    </Modal>
  );
}

function AddWebhookForm({ onClose, presetConnectionId }: { onClose: () => void; presetConnectionId?: string }) {
  const { api } = useClient();
  const { navigate } = useApp();
  const qc = useQueryClient();
  const connections = useConnections();
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [allEvents, setAllEvents] = useState(true);
  const [events, setEvents] = useState<string[]>([]);
  const [allConnections, setAllConnections] = useState(!presetConnectionId);
  const [connectionIds, setConnectionIds] = useState<string[]>(presetConnectionId ? [presetConnectionId] : []);
  const [allEntities, setAllEntities] = useState(true);
  const [entities, setEntities] = useState<string[]>([]);
  // the entity choice narrows record events only: offered when the endpoint receives some
  const recordEvents = allEvents || events.some((t) => (RECORD_EVENT_TYPES as readonly string[]).includes(t));
  const create = useMutation({
    mutationFn: () => api.createWebhook({
      url: url.trim(),
      event_types: allEvents ? 'all' : (events as WebhookEventType[]),
      connection_ids: allConnections ? 'all' : connectionIds,
      entities: allEntities || !recordEvents ? 'all' : (entities as EntityName[]),
      ...(description.trim() ? { description: description.trim() } : {}),
    }),
    onSuccess: () => { void qc.invalidateQueries({ queryKey: keys.webhooks }); },
  });
  const err = create.error ? toClientError(create.error) : null;
  const fieldErr = (f: string) => errorOn(err, f);
  const generalError = err && !['url', 'event_types', 'connection_ids', 'entities', 'description'].some((f) => fieldErr(f)) ? create.error : null;

  if (create.data) {
    return (
      <Stack gap="md">
        <Text size="sm">Deliveries to <Text span ff="monospace" fz="sm">{create.data.url}</Text> are signed with this secret.</Text>
        <SecretPanel secret={create.data.secret} title="Copy the signing secret now"
          note="It is shown only this once. Your receiver uses it to check that a delivery really comes from this agent." />
        <Group justify="flex-end"><Button onClick={onClose}>Done</Button></Group>
      </Stack>
    );
  }

  const invalid = !url.trim() || (!allEvents && events.length === 0) || (!allConnections && connectionIds.length === 0)
    || (recordEvents && !allEntities && entities.length === 0);
  return (
    <form onSubmit={(e) => { e.preventDefault(); if (!invalid) create.mutate(); }}>
      <Stack gap="md">
        <TextInput label="Endpoint URL" placeholder="https://hooks.example.com/millwright" required data-autofocus value={url}
          onChange={(e) => setUrl(e.currentTarget.value)} error={fieldErr('url')} autoComplete="off" spellCheck={false} />
        <Alert variant="light" color="gray" icon={<IconInfoCircle aria-hidden />} p="sm">
          <Text size="sm">
            Use an <b>https</b> URL on the internet. <b>http</b> URLs and private addresses (localhost, 10.x, 192.168.x…) are refused unless
            they are allowed in <Anchor component="button" type="button" size="sm" onClick={() => { onClose(); navigate({ name: 'settings' }); }}>Settings → Webhooks</Anchor>.
          </Text>
        </Alert>
        <Stack gap={6}>
          <Checkbox label="All event types" description="Including event types added in later versions" checked={allEvents} onChange={(e) => setAllEvents(e.currentTarget.checked)} />
          {!allEvents ? (
            <MultiSelect label="Event types" placeholder="Pick one or more" data={WEBHOOK_EVENT_TYPES.map((t) => ({ value: t, label: t }))}
              value={events} onChange={setEvents} error={fieldErr('event_types')} searchable clearable comboboxProps={{ withinPortal: true }}
              renderOption={({ option }) => (
                <Stack gap={0}><Text size="sm" ff="monospace">{option.value}</Text><Text size="xs" c="dimmed">{EVENT_TYPE_HELP[option.value as WebhookEventType]}</Text></Stack>
              )} />
          ) : null}
        </Stack>
        <Stack gap={6}>
          <Checkbox label="All connections" description="Including connections added later" checked={allConnections} onChange={(e) => setAllConnections(e.currentTarget.checked)} />
          {!allConnections ? (
            <MultiSelect label="Connections" placeholder={connections.data?.length ? 'Pick one or more' : 'No connections yet'}
              data={(connections.data ?? []).map((c) => ({ value: c.id, label: c.name }))} value={connectionIds} onChange={setConnectionIds}
              error={fieldErr('connection_ids')} searchable clearable nothingFoundMessage="No connection by that name" />
          ) : null}
        </Stack>
        {recordEvents ? (
          <Stack gap={6}>
            <Checkbox label="Record events of all entities" checked={allEntities} onChange={(e) => setAllEntities(e.currentTarget.checked)}
              description="record.created, record.updated and record.deleted come for every entity; untick to choose (other event types are not narrowed)" />
            {!allEntities ? (
              <MultiSelect label="Entities" placeholder="Pick one or more" data={ENTITY_NAMES.map((e) => ({ value: e, label: ENTITY_LABELS[e] }))}
                value={entities} onChange={setEntities} error={fieldErr('entities')} searchable clearable comboboxProps={{ withinPortal: true }} />
            ) : null}
          </Stack>
        ) : null}
        <TextInput label="Description" description="Optional: what receives these events" value={description} onChange={(e) => setDescription(e.currentTarget.value)}
          error={fieldErr('description')} />
        {generalError ? <ErrorAlert error={generalError} title="The webhook was not added" /> : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>Cancel</Button>
          <Button type="submit" disabled={invalid} loading={create.isPending}>Add webhook</Button>
        </Group>
      </Stack>
    </form>
  );
}

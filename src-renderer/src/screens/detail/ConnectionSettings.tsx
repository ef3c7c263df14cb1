// A connection's schedule and load settings: pause/resume of scheduled syncs,
// the sync interval, blackout windows (local time, across midnight allowed),
// the cap on requests in flight to the system, and the passthrough guard.
// The agent checks every value; its error lands on the field it names.
import { useState } from 'react';
import { ActionIcon, Button, Card, Group, NumberInput, SegmentedControl, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { notifications } from '@mantine/notifications';
import { IconClockPause, IconPlayerTrackNext, IconPlus, IconTrash } from '@tabler/icons-react';
import type { Connection, ConnectionPatch } from '../../../../src-main/contract/connections.js';
import { useClient } from '../../app/context.js';
import { keys } from '../../app/data.js';
import { toClientError } from '../../client/index.js';
import { ErrorAlert } from '../../components/feedback.js';
import { errorOn } from '../../lib/errors.js';
import { useConnectionActions } from '../connections/actions.js';

type Passthrough = Connection['options']['passthrough'];
interface Form { interval: number | string; cap: number | string; passthrough: Passthrough; blackouts: { start: string; end: string }[] }

const fromConnection = (c: Connection): Form => ({
  interval: c.options.sync_interval_minutes, cap: c.options.max_concurrent_requests, passthrough: c.options.passthrough,
  blackouts: c.options.sync_blackouts.map((w) => ({ ...w })),
});

const PASSTHROUGH_HELP: Record<Passthrough, string> = {
  read_only: 'Integrators may send GET and HEAD requests to the system through POST /v1/passthrough (SAP $batch refused).',
  read_write: 'Integrators may send any request to the system’s API through POST /v1/passthrough, writes included.',
  off: 'POST /v1/passthrough is refused for this connection (403 passthrough_forbidden).',
};

/** What changed between the saved connection and the form: only those keys are sent. */
function patchOf(c: Connection, f: Form): ConnectionPatch {
  const p: ConnectionPatch = {};
  if (Number(f.interval) !== c.options.sync_interval_minutes) p.sync_interval_minutes = Number(f.interval);
  if (Number(f.cap) !== c.options.max_concurrent_requests) p.max_concurrent_requests = Number(f.cap);
  if (f.passthrough !== c.options.passthrough) p.passthrough = f.passthrough;
  if (JSON.stringify(f.blackouts) !== JSON.stringify(c.options.sync_blackouts)) p.sync_blackouts = f.blackouts;
  return p;
}

export function ConnectionSettings({ c }: { c: Connection }) {
  const { api } = useClient();
  const qc = useQueryClient();
  const actions = useConnectionActions(c);
  const [form, setFormState] = useState<Form>(() => fromConnection(c));
  const patch = patchOf(c, form);
  const dirty = Object.keys(patch).length > 0;
  const save = useMutation({
    mutationFn: () => api.updateConnection({ id: c.id, ...patch }),
    onSuccess: (after) => {
      qc.setQueryData(keys.connection(c.id), after);
      void qc.invalidateQueries({ queryKey: keys.connections });
      setFormState(fromConnection(after));
      notifications.show({ color: 'teal', title: 'Settings saved', message: c.name });
    },
  });
  // an edit clears the agent's last refusal: it spoke of values no longer in the form
  const setForm = (next: Form | ((f: Form) => Form)) => { if (save.error) save.reset(); setFormState(next); };
  const err = save.error ? toClientError(save.error) : null;
  const fieldErr = (f: string) => errorOn(err, f);
  const known = ['sync_interval_minutes', 'max_concurrent_requests', 'passthrough', 'sync_blackouts'];
  const generalError = err && !known.some((f) => fieldErr(f)) ? save.error : null;
  // a window's own refusal (start equal to end) is shown on its first field
  const windowErr = (i: number, key: 'start' | 'end') => fieldErr(`sync_blackouts.${i}.${key}`)
    ?? (key === 'start' && err?.field === `sync_blackouts.${i}` ? fieldErr(`sync_blackouts.${i}`) : undefined);
  const setWindow = (i: number, key: 'start' | 'end', value: string) =>
    setForm((f) => ({ ...f, blackouts: f.blackouts.map((w, j) => (j === i ? { ...w, [key]: value } : w)) }));

  return (
    <Card withBorder radius="md" p="md" component="section" aria-labelledby={`settings-${c.id}`}>
      <Title order={4} id={`settings-${c.id}`} mb="sm">Schedule and load</Title>
      <Stack gap="md">
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <div>
            <Text size="sm" fw={500}>Scheduled syncs {c.paused ? 'are paused' : 'are on'}</Text>
            <Text size="xs" c="dimmed">
              {c.paused ? 'No sync starts by itself. The unified API still serves the synced data, and Sync now still works.'
                : 'Pausing stops the syncs the agent starts by itself; reads and manual syncs go on.'}
            </Text>
          </div>
          <Button variant={c.paused ? 'filled' : 'default'} color={c.paused ? 'teal' : undefined} loading={actions.pausing}
            leftSection={c.paused ? <IconPlayerTrackNext size={16} aria-hidden /> : <IconClockPause size={16} aria-hidden />}
            onClick={() => actions.setPaused(!c.paused)}>
            {c.paused ? 'Resume scheduled syncs' : 'Pause scheduled syncs'}
          </Button>
        </Group>

        <form onSubmit={(e) => { e.preventDefault(); if (dirty) save.mutate(); }}>
          <Stack gap="md">
            <Group grow align="flex-start">
              <NumberInput label="Sync every (minutes)" description="15 to 1440" min={15} max={1440} step={15} allowDecimal={false}
                value={form.interval} onChange={(v) => setForm((f) => ({ ...f, interval: v }))} error={fieldErr('sync_interval_minutes')} />
              <NumberInput label="Max concurrent requests" description="To this system at once: syncs, health checks, passthrough and writes together"
                min={1} max={16} allowDecimal={false} value={form.cap} onChange={(v) => setForm((f) => ({ ...f, cap: v }))} error={fieldErr('max_concurrent_requests')} />
            </Group>

            <Stack gap={6} role="group" aria-labelledby={`blackouts-${c.id}`}>
              <Text size="sm" fw={500} id={`blackouts-${c.id}`}>Sync blackouts</Text>
              <Text size="xs" c="dimmed">
                No scheduled sync runs inside these windows (this computer’s local time), e.g. the system’s nightly batch window. A window whose end is
                before its start crosses midnight. A scheduled sync still running when a window opens stops and resumes after it.
              </Text>
              {form.blackouts.length === 0 ? <Text size="sm" c="dimmed">None: scheduled syncs may run at any time.</Text> : null}
              {err?.field === 'sync_blackouts' ? <Text size="sm" c="red">{fieldErr('sync_blackouts')}</Text> : null}
              {form.blackouts.map((w, i) => (
                <Group key={i} gap="xs" align="flex-start" wrap="nowrap">
                  <TextInput type="time" label={`Window ${i + 1} from`} value={w.start} onChange={(e) => setWindow(i, 'start', e.currentTarget.value)}
                    error={windowErr(i, 'start')} w={150} />
                  <TextInput type="time" label="until" value={w.end} onChange={(e) => setWindow(i, 'end', e.currentTarget.value)}
                    error={windowErr(i, 'end')} w={150} />
                  <Text size="xs" c="dimmed" mt={34} w={120}>{w.start && w.end && w.end < w.start ? 'crosses midnight' : ''}</Text>
                  <ActionIcon variant="subtle" color="gray" mt={28} aria-label={`Remove window ${i + 1}`}
                    onClick={() => setForm((f) => ({ ...f, blackouts: f.blackouts.filter((_, j) => j !== i) }))}>
                    <IconTrash size={16} aria-hidden />
                  </ActionIcon>
                </Group>
              ))}
              <Button variant="subtle" size="xs" w="fit-content" leftSection={<IconPlus size={14} aria-hidden />}
                onClick={() => setForm((f) => ({ ...f, blackouts: [...f.blackouts, { start: '22:00', end: '02:00' }] }))}>
                Add a window
              </Button>
            </Stack>

            <Stack gap={6}>
              <Text size="sm" fw={500} id={`passthrough-${c.id}`}>Passthrough</Text>
              <SegmentedControl aria-labelledby={`passthrough-${c.id}`} w="fit-content" value={form.passthrough}
                onChange={(v) => setForm((f) => ({ ...f, passthrough: v as Passthrough }))}
                data={[{ value: 'read_only', label: 'Read only' }, { value: 'read_write', label: 'Read and write' }, { value: 'off', label: 'Off' }]} />
              <Text size="xs" c={fieldErr('passthrough') ? 'red' : 'dimmed'}>{fieldErr('passthrough') ?? PASSTHROUGH_HELP[form.passthrough]}</Text>
            </Stack>

            {generalError ? <ErrorAlert error={generalError} title="The settings were not saved" /> : null}
            <Group justify="flex-end" gap="sm">
              <Button variant="default" disabled={!dirty || save.isPending} onClick={() => { setForm(fromConnection(c)); save.reset(); }}>Discard changes</Button>
              <Button type="submit" disabled={!dirty} loading={save.isPending}>Save settings</Button>
            </Group>
          </Stack>
        </form>
      </Stack>
    </Card>
  );
}

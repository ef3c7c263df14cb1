// Settings: the flat settings object of the admin API, edited as a form.
import { useEffect, useState } from 'react';
import { Alert, Badge, Button, Card, Code, Group, NumberInput, Stack, Switch, Table, TagsInput, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle } from '@tabler/icons-react';
import type { Settings } from '../../../../src-main/contract/settings.js';
import { useClient } from '../../app/context.js';
import { keys, useAgentInfo, useCredits, useSettings } from '../../app/data.js';
import { CopyIconButton } from '../../components/copy.js';
import { ErrorAlert, Loading } from '../../components/feedback.js';
import { BackupRestoreCard, SupportBundleCard } from './BackupSupport.js';

export function SettingsScreen() {
  const settings = useSettings();
  if (settings.isPending) return <Loading label="Loading settings…" />;
  if (settings.isError) return <ErrorAlert error={settings.error} title="Could not load the settings" onRetry={() => void settings.refetch()} />;
  return (
    <Stack gap="lg" maw={760}>
      <SettingsForm initial={settings.data} />
      <BackupRestoreCard />
      <SupportBundleCard />
    </Stack>
  );
}

function SettingsForm({ initial }: { initial: Settings }) {
  const { api, transport } = useClient();
  const qc = useQueryClient();
  const credits = useCredits();
  const [draft, setDraft] = useState<Settings>(initial);
  useEffect(() => setDraft(initial), [initial]);
  const changed = (Object.keys(draft) as (keyof Settings)[]).filter((k) => JSON.stringify(draft[k]) !== JSON.stringify(initial[k]));
  const save = useMutation({
    mutationFn: () => api.patchSettings(Object.fromEntries(changed.map((k) => [k, draft[k]]))),
    onSuccess: (next) => {
      qc.setQueryData(keys.settings, next);
      void qc.invalidateQueries({ queryKey: keys.credits });
      notifications.show({ color: 'teal', title: 'Settings saved', message: `${changed.length} ${changed.length === 1 ? 'setting' : 'settings'} changed.` });
    },
  });
  const set = <K extends keyof Settings>(k: K, v: Settings[K]) => setDraft((d) => ({ ...d, [k]: v }));
  const used = credits.data?.used ?? 0;
  return (
    <form onSubmit={(e) => { e.preventDefault(); if (changed.length) save.mutate(); }}>
      <Stack gap="lg" maw={760}>
        <div>
          <Title order={2}>Settings</Title>
          <Text c="dimmed" size="sm">For this agent{transport === 'http' ? ' (browser admin)' : ''}.</Text>
        </div>
        <Card withBorder radius="md" p="md">
          <Title order={4} mb="sm">Credits</Title>
          <NumberInput label="Credit pool" description={`Credits connections may hold. ${used} in use now, so at least ${used}.`} min={used} max={1_000_000}
            value={draft['credits.pool']} onChange={(v) => set('credits.pool', typeof v === 'number' ? v : Number(v) || 0)} maw={420} />
        </Card>
        <Card withBorder radius="md" p="md">
          <Title order={4} mb="sm">Listeners</Title>
          <Group grow align="flex-start">
            <TextInput label="API host" description="The address the unified API listens on" value={draft['api.host']} onChange={(e) => set('api.host', e.currentTarget.value)} />
            <NumberInput label="API port" description="The port of the unified API" min={0} max={65535} value={draft['api.port']} onChange={(v) => set('api.port', typeof v === 'number' ? v : Number(v) || 0)} />
          </Group>
          <NumberInput label="Admin port" description="The admin UI in a browser and the CLI, always on 127.0.0.1" min={0} max={65535} mt="md" maw={420}
            value={draft['admin.port']} onChange={(v) => set('admin.port', typeof v === 'number' ? v : Number(v) || 0)} />
          <Text size="xs" c="dimmed" mt="xs">Changes apply when the agent restarts. 0 picks any free port. MILLWRIGHT_API_PORT and MILLWRIGHT_ADMIN_PORT (or --api-port and --admin-port) override these.</Text>
        </Card>
        <Card withBorder radius="md" p="md">
          <Title order={4} mb="sm">Notifications</Title>
          <Switch label="Desktop notifications" description="When a connection needs new credentials or goes offline."
            checked={draft['notifications.enabled']} onChange={(e) => set('notifications.enabled', e.currentTarget.checked)} />
        </Card>
        <Card withBorder radius="md" p="md">
          <Title order={4} mb="sm">Webhooks</Title>
          <Stack gap="md">
            <Switch label="Allow insecure webhook URLs (http://)" description="Only for testing: deliveries then cross the network unencrypted."
              checked={draft['webhooks.allow_insecure_urls']} onChange={(e) => set('webhooks.allow_insecure_urls', e.currentTarget.checked)} color="orange" />
            <TagsInput label="Allowed private networks (CIDR)" description="Private, loopback and link-local webhook targets are refused unless their network is listed, e.g. 10.0.0.0/8. Press Enter after each."
              placeholder="10.0.0.0/8" value={draft['webhooks.allowed_cidrs']} onChange={(v) => set('webhooks.allowed_cidrs', v)} clearable
              splitChars={[',', ' ']} />
          </Stack>
        </Card>
        {save.error ? <ErrorAlert error={save.error} title="Settings not saved" /> : null}
        <Group justify="flex-end">
          <Button variant="default" disabled={!changed.length || save.isPending} onClick={() => setDraft(initial)}>Discard changes</Button>
          <Button type="submit" disabled={!changed.length} loading={save.isPending}>Save settings</Button>
        </Group>
        <AboutAgent />
      </Stack>
    </form>
  );
}

/** Version, data folder, the unified API's address and the keychain backend, from agentInfo. */
function AboutAgent() {
  const info = useAgentInfo();
  return (
    <Card withBorder radius="md" p="md" component="section" aria-labelledby="about-title">
      <Title order={4} mb="sm" id="about-title">About this agent</Title>
      {info.isPending ? <Loading label="Loading agent information…" /> : null}
      {info.isError ? <ErrorAlert error={info.error} title="Could not load the agent information" onRetry={() => void info.refetch()} /> : null}
      {info.data ? (
        <Stack gap="sm">
          <Table variant="vertical" layout="fixed" withRowBorders={false} verticalSpacing={6} aria-label="About this agent">
            <Table.Tbody>
              <Table.Tr><Table.Th w={160} fw={500} c="dimmed" fz="sm">Version</Table.Th><Table.Td fz="sm" data-testid="agent-version">{info.data.version}</Table.Td></Table.Tr>
              <Table.Tr>
                <Table.Th fw={500} c="dimmed" fz="sm">Data folder</Table.Th>
                <Table.Td fz="sm">
                  <Group gap="xs" wrap="nowrap"><Code style={{ overflowWrap: 'anywhere' }} data-testid="agent-data-dir">{info.data.data_dir}</Code><CopyIconButton value={info.data.data_dir} label="Copy data folder path" /></Group>
                </Table.Td>
              </Table.Tr>
              <Table.Tr><Table.Th fw={500} c="dimmed" fz="sm">Unified API</Table.Th><Table.Td fz="sm">{info.data.api_url ? <Code>{info.data.api_url}</Code> : <Text size="sm" c="dimmed">Not listening</Text>}</Table.Td></Table.Tr>
              <Table.Tr><Table.Th fw={500} c="dimmed" fz="sm">Admin UI</Table.Th><Table.Td fz="sm">{info.data.admin_url ? <Code>{info.data.admin_url}/</Code> : <Text size="sm" c="dimmed">Not listening</Text>}</Table.Td></Table.Tr>
              <Table.Tr>
                <Table.Th fw={500} c="dimmed" fz="sm">Keychain</Table.Th>
                <Table.Td fz="sm">
                  <Group gap="xs">
                    <Badge variant="light" color={info.data.keychain.available ? 'teal' : 'red'} radius="sm" data-testid="keychain-status">
                      {info.data.keychain.available ? 'Available' : 'Unavailable'}
                    </Badge>
                    <Text size="sm">{info.data.keychain.backend}</Text>
                  </Group>
                </Table.Td>
              </Table.Tr>
              <Table.Tr><Table.Th fw={500} c="dimmed" fz="sm">Process</Table.Th><Table.Td fz="sm">PID {info.data.pid}</Table.Td></Table.Tr>
            </Table.Tbody>
          </Table>
          {info.data.keychain.problem ? (
            <Alert color="red" variant="light" icon={<IconAlertTriangle aria-hidden />} title="The OS keychain has a problem">
              {info.data.keychain.problem} Tokens and credentials are kept in the keychain: until it works, connecting and reconnecting fail.
            </Alert>
          ) : null}
        </Stack>
      ) : null}
    </Card>
  );
}

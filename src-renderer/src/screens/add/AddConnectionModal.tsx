// Add connection: pick a system from the catalog, choose the deployment (the
// cost updates and says why), fill in what the system needs, test, connect;
// then the token, once, with a ready curl example.
import { useEffect, useMemo, useState } from 'react';
import {
  Accordion, Alert, Anchor, Badge, Button, Card, FileButton, Group, Modal, NumberInput, SegmentedControl, SimpleGrid,
  Stack, Switch, Text, TextInput, Textarea, ThemeIcon, Title, UnstyledButton,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { IconArrowLeft, IconCircleCheck, IconCoins, IconPlugConnected, IconUpload } from '@tabler/icons-react';
import type { ConnectResult, TestResult } from '../../../../src-main/contract/connections.js';
import type { Deployment, System, SystemOption } from '../../../../src-main/contract/systems.js';
import { useApp, useClient } from '../../app/context.js';
import { keys, useCredits, useSystems } from '../../app/data.js';
import { CredentialFields, credentialsComplete, pickCredentials } from '../../components/CredentialFields.js';
import { availabilitySummary, EntityAvailabilityTable } from '../../components/EntityAvailability.js';
import { ErrorAlert, Loading } from '../../components/feedback.js';
import { TokenPanel } from '../../components/TokenPanel.js';
import { costReason, credits, deploymentLabel, roman } from '../../lib/format.js';
import classes from './add.module.css';

export function AddConnectionModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const [system, setSystem] = useState<System | null>(null);
  const [result, setResult] = useState<ConnectResult | null>(null);
  useEffect(() => { if (!opened) { setSystem(null); setResult(null); } }, [opened]);
  const title = result ? 'Connected' : system ? `Connect ${system.name}` : 'Add a connection';
  return (
    <Modal opened={opened} onClose={onClose} size="xl" radius="md" title={<Text fw={700} size="lg">{title}</Text>}
      closeButtonProps={{ 'aria-label': 'Close' }} closeOnClickOutside={!result}>
      {result ? <Connected result={result} onClose={onClose} />
        : system ? <ConnectForm system={system} onBack={() => setSystem(null)} onConnected={setResult} />
          : <SystemPicker onPick={setSystem} />}
    </Modal>
  );
}

function SystemPicker({ onPick }: { onPick: (s: System) => void }) {
  const systems = useSystems();
  if (systems.isPending) return <Loading label="Loading the systems catalog…" />;
  if (systems.isError) return <ErrorAlert error={systems.error} title="Could not load the systems" onRetry={() => void systems.refetch()} />;
  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">Pick the system to connect. Costs are per connection, taken from your credit pool while it is active.</Text>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm" role="list" aria-label="Systems">
        {systems.data.map((s) => (
          <UnstyledButton key={s.id} onClick={() => onPick(s)} className={classes.systemCard} aria-label={s.name} role="listitem">
            <Card withBorder radius="md" p="md" h="100%">
              <Group justify="space-between" wrap="nowrap" mb={4}>
                <Text fw={600}>{s.name}</Text>
                <Group gap={4} wrap="nowrap">
                  {!s.implemented ? <Badge color="gray" variant="outline" size="sm">Coming soon</Badge> : null}
                  <Badge color={s.tier ? 'indigo' : 'teal'} variant="light" size="sm">{s.tier ? `Tier ${roman(s.tier)}` : 'Free'}</Badge>
                </Group>
              </Group>
              <Text size="xs" c="dimmed" lineClamp={2} mb="sm">{s.description}</Text>
              <Group gap="lg">
                <CostLine label="Cloud" cost={s.credits.cloud} />
                <CostLine label="On-prem" cost={s.credits.on_prem} />
              </Group>
            </Card>
          </UnstyledButton>
        ))}
      </SimpleGrid>
    </Stack>
  );
}

function CostLine({ label, cost }: { label: string; cost: number | null }) {
  return (
    <Text size="xs">
      <Text span c="dimmed">{label}: </Text>
      <Text span fw={600}>{cost === null ? '—' : cost === 0 ? 'free' : credits(cost)}</Text>
    </Text>
  );
}

interface Advanced { caCert: string; proxyUrl: string; syncInterval: number | string; historyDays: number | string; allowInsecure: boolean }

/** A declared option's value checked by the parts of its JSON Schema a form can check (the agent checks it fully). */
function optionError(option: SystemOption, value: string): string | undefined {
  if (value === '') return undefined;
  const { pattern, maxLength, minLength } = option.schema as { pattern?: string; maxLength?: number; minLength?: number };
  if (typeof maxLength === 'number' && value.length > maxLength) return `At most ${maxLength} characters`;
  if (typeof minLength === 'number' && value.length < minLength) return `At least ${minLength} characters`;
  if (typeof pattern === 'string' && !new RegExp(pattern).test(value)) return option.description;
  return undefined;
}

/** The options a system declares (SAP: its client), drawn from their declarations: no field here knows a system. */
function SystemOptionFields({ system, values, onChange }: { system: System; values: Record<string, string>; onChange: (v: Record<string, string>) => void }) {
  if (!system.options.length) return null;
  return (
    <Stack gap="sm">
      {system.options.map((o) => {
        const { maxLength } = o.schema as { maxLength?: number };
        const value = values[o.key] ?? '';
        return (
          <TextInput key={o.key} label={o.label} description={o.description} placeholder={o.placeholder ?? undefined}
            maxLength={typeof maxLength === 'number' ? maxLength : undefined} value={value} error={optionError(o, value)}
            onChange={(e) => onChange({ ...values, [o.key]: e.currentTarget.value })} />
        );
      })}
    </Stack>
  );
}

function ConnectForm({ system, onBack, onConnected }: { system: System; onBack: () => void; onConnected: (r: ConnectResult) => void }) {
  const { api } = useClient();
  const qc = useQueryClient();
  const creditsQuery = useCredits();
  const [deployment, setDeployment] = useState<Deployment>(system.deployments[0]);
  const [name, setName] = useState(system.name);
  const [url, setUrl] = useState(system.default_url ?? '');
  const [setIndex, setSetIndex] = useState(0);
  const [values, setValues] = useState<Record<string, string>>({});
  const [adv, setAdv] = useState<Advanced>({ caCert: '', proxyUrl: '', syncInterval: 60, historyDays: 90, allowInsecure: false });
  const [systemOptions, setSystemOptions] = useState<Record<string, string>>({});
  const [tested, setTested] = useState<TestResult | null>(null);

  const cost = system.credits[deployment] ?? 0;
  const available = creditsQuery.data?.available;
  const missing = available !== undefined && cost > available ? cost - available : 0;

  const input = useMemo(() => {
    const options: Record<string, unknown> = {};
    if (adv.caCert.trim()) options.ca_cert = adv.caCert.trim();
    if (adv.proxyUrl.trim()) options.proxy_url = adv.proxyUrl.trim();
    if (adv.syncInterval !== '' && Number(adv.syncInterval) !== 60) options.sync_interval_minutes = Number(adv.syncInterval);
    if (adv.historyDays !== '' && Number(adv.historyDays) !== 90) options.history_days = Number(adv.historyDays);
    for (const o of system.options) if (systemOptions[o.key]?.trim()) options[o.key] = systemOptions[o.key].trim();
    if (adv.allowInsecure) options.allow_insecure = true;
    return {
      system: system.id,
      deployment,
      name: name.trim(),
      ...(system.needs_url || url.trim() ? { base_url: url.trim() || null } : {}),
      credentials: pickCredentials(system, setIndex, values),
      ...(Object.keys(options).length ? { options } : {}),
    };
  }, [system, deployment, name, url, setIndex, values, adv, systemOptions]);

  // Any change invalidates an earlier test result.
  useEffect(() => { setTested(null); test.reset(); }, [input]); // eslint-disable-line react-hooks/exhaustive-deps

  const test = useMutation({
    mutationFn: () => api.testConnection(input as never),
    onSuccess: (r) => setTested(r),
  });
  const connect = useMutation({
    mutationFn: () => api.connect(input as never),
    onSuccess: (result) => {
      void qc.invalidateQueries({ queryKey: keys.connections });
      void qc.invalidateQueries({ queryKey: keys.credits });
      onConnected(result);
    },
  });

  const complete = name.trim() !== '' && (!system.needs_url || url.trim() !== '') && credentialsComplete(system, setIndex, values);
  const busy = test.isPending || connect.isPending;
  const error = connect.error ?? test.error;
  const credentialKeys = (system.credential_sets[setIndex] ?? []).map((f) => f.key);
  const syncValid = adv.syncInterval === '' || (Number(adv.syncInterval) >= 15 && Number(adv.syncInterval) <= 1440)
    && system.options.every((o) => !optionError(o, systemOptions[o.key]?.trim() ?? ''));

  return (
    <form onSubmit={(e) => { e.preventDefault(); if (complete && syncValid && !busy) connect.mutate(); }}>
      <Stack gap="md">
        <Group justify="space-between">
          <Anchor component="button" type="button" size="sm" onClick={onBack}>
            <Group gap={4}><IconArrowLeft size={14} aria-hidden />Choose another system</Group>
          </Anchor>
          <Badge color={system.tier ? 'indigo' : 'teal'} variant="light">{system.tier ? `Tier ${roman(system.tier)}` : 'Free'}</Badge>
        </Group>
        {!system.implemented ? (
          <Alert color="gray" title="This system's connector is not available yet">
            You can prepare the details, but connecting {system.name} arrives in a later version.
          </Alert>
        ) : null}

        <div>
          <Text size="sm" fw={500} mb={4} id="deployment-label">Deployment</Text>
          <Group gap="md" align="center">
            <SegmentedControl
              aria-labelledby="deployment-label"
              value={deployment}
              onChange={(v) => setDeployment(v as Deployment)}
              data={(['cloud', 'on_prem'] as const).map((d) => ({ value: d, label: deploymentLabel(d), disabled: !system.deployments.includes(d) }))}
            />
            <Group gap={6} wrap="nowrap">
              <ThemeIcon variant="light" color={deployment === 'on_prem' ? 'grape' : 'indigo'} size="sm" radius="xl"><IconCoins size={14} aria-hidden /></ThemeIcon>
              <Text size="sm" data-testid="cost-reason" aria-live="polite">{costReason(system, deployment)}</Text>
            </Group>
          </Group>
        </div>

        <TextInput label="Name" description="How this connection appears in Millwright, e.g. the plant or site." required value={name}
          onChange={(e) => setName(e.currentTarget.value)} />
        {system.needs_url ? (
          <TextInput label="URL" description="The system's root address: scheme, host and port." required type="url"
            placeholder={system.default_url ?? 'https://s4.plant.local:44300'} value={url} onChange={(e) => setUrl(e.currentTarget.value)} />
        ) : null}

        <CredentialFields system={system} setIndex={setIndex} onSetIndex={(i) => { setSetIndex(i); setValues({}); }} values={values} onChange={setValues} />
        <SystemOptionFields system={system} values={systemOptions} onChange={setSystemOptions} />

        <Accordion variant="contained" radius="md">
          <Accordion.Item value="advanced">
            <Accordion.Control>Advanced options</Accordion.Control>
            <Accordion.Panel>
              <Stack gap="sm">
                <Textarea label="Private CA certificate (PEM)" description="When the system's certificate is signed by your own CA."
                  autosize minRows={3} maxRows={8} placeholder="-----BEGIN CERTIFICATE-----" value={adv.caCert}
                  styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 12 } }}
                  onChange={(e) => setAdv({ ...adv, caCert: e.currentTarget.value })} />
                <FileButton accept=".pem,.crt,.cer,application/x-pem-file" onChange={(file) => {
                  if (file) void file.text().then((text) => setAdv((a) => ({ ...a, caCert: text })));
                }}>
                  {(props) => <Button {...props} variant="default" size="xs" leftSection={<IconUpload size={14} aria-hidden />} w="fit-content">Load certificate file</Button>}
                </FileButton>
                <TextInput label="Proxy URL" placeholder="http://proxy.plant.local:3128" value={adv.proxyUrl}
                  onChange={(e) => setAdv({ ...adv, proxyUrl: e.currentTarget.value })} />
                <Group grow align="flex-start">
                  <NumberInput label="Sync interval (minutes)" description="15 to 1440" min={15} max={1440} clampBehavior="blur" value={adv.syncInterval}
                    error={syncValid ? undefined : 'Between 15 and 1440 minutes'} onChange={(v) => setAdv({ ...adv, syncInterval: v })} />
                  <NumberInput label="History window (days)" description="How far back the first sync reaches" min={1} max={3650} value={adv.historyDays}
                    onChange={(v) => setAdv({ ...adv, historyDays: v })} />
                </Group>
                {system.needs_url ? (
                  <Switch label="Allow plain http:// for this connection" description="Only if the system offers nothing else: credentials then cross the network unencrypted."
                    checked={adv.allowInsecure} onChange={(e) => setAdv({ ...adv, allowInsecure: e.currentTarget.checked })} />
                ) : null}
              </Stack>
            </Accordion.Panel>
          </Accordion.Item>
        </Accordion>

        {missing > 0 ? (
          <Alert color="orange" variant="light" title={`${credits(missing)} missing`} role="status" data-testid="credits-missing">
            This connection costs {credits(cost)} and {credits(available ?? 0)} {available === 1 ? 'is' : 'are'} available. It will be verified and
            saved <b>inactive</b>; activate it once credits are free (raise the pool in Settings, or deactivate another connection).
          </Alert>
        ) : null}

        {error ? <ErrorAlert error={error} title={connect.error ? 'Not connected' : 'The test failed'} systemName={system.name} credentialKeys={credentialKeys} /> : null}
        {tested && !error ? <TestOutcome system={system} result={tested} /> : null}

        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={() => test.mutate()} loading={test.isPending} disabled={!complete || !syncValid || connect.isPending}>
            Test connection
          </Button>
          <Button type="submit" leftSection={<IconPlugConnected size={16} aria-hidden />} loading={connect.isPending} disabled={!complete || !syncValid || test.isPending}>
            Connect
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The test's answer: the credentials were accepted; which entities this user may read, and what to ask for the others. */
function TestOutcome({ system, result }: { system: System; result: TestResult }) {
  const { available, total } = availabilitySummary(result.entities);
  const title = !result.ok ? 'Credentials accepted, but nothing to read'
    : available === total ? 'Connection works' : `Connection works: ${available} of ${total} entities available`;
  return (
    <Stack gap="xs" data-testid="test-outcome">
      <Alert color={!result.ok ? 'red' : available === total ? 'teal' : 'orange'} variant="light" icon={<IconCircleCheck aria-hidden />} title={title} role="status">
        {!result.ok ? `${system.name} accepted the credentials, but this user may read none of the entities below; connecting is refused until one is available.`
          : available === total ? `${system.name} accepted the credentials and this user may read every entity. Nothing has been saved yet.`
            : `${system.name} accepted the credentials. The entities marked not available are skipped (each sync checks them again) until the ${system.name} admin grants what is asked below. Nothing has been saved yet.`}
      </Alert>
      <EntityAvailabilityTable system={system} entities={result.entities} label="Entity availability" />
    </Stack>
  );
}

function Connected({ result, onClose }: { result: ConnectResult; onClose: () => void }) {
  const { navigate } = useApp();
  const c = result.connection;
  return (
    <Stack gap="md">
      <Group gap="sm">
        <ThemeIcon color={c.status === 'active' ? 'teal' : 'orange'} variant="light" size="lg" radius="xl"><IconCircleCheck size={20} aria-hidden /></ThemeIcon>
        <div>
          <Title order={4}>{c.name} is connected</Title>
          <Text size="sm" c="dimmed">
            {c.status === 'active' ? (c.credits ? `${credits(c.credits)} now in use. The first sync has started.` : 'Free. The first sync has started.') : 'Saved inactive.'}
          </Text>
        </div>
      </Group>
      {result.credits_missing > 0 ? (
        <Alert color="orange" title={`Saved inactive: ${credits(result.credits_missing)} missing`} role="status">
          The credentials were verified and stored, but the pool has too few credits. Activate the connection when credits are free;
          until then its token does not work.
        </Alert>
      ) : null}
      <TokenPanel token={result.token} note="This is the connection's API token. Copy it now: it is shown here only once (you can reveal it again later from the connection's page)." />
      <Group justify="flex-end">
        <Button variant="default" onClick={() => { onClose(); navigate({ name: 'connection', id: c.id }); }}>Open connection</Button>
        <Button onClick={onClose}>Done</Button>
      </Group>
    </Stack>
  );
}

// Settings → Backup and restore, and Support: download an encrypted backup,
// restore one (file + passphrase, replacing what is here only when asked), and
// download the support bundle.
import { useState } from 'react';
import { Alert, Button, Card, Checkbox, FileInput, Group, List, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { notifications } from '@mantine/notifications';
import { IconDatabaseExport, IconDatabaseImport, IconFileZip, IconUpload } from '@tabler/icons-react';
import type { RestoreResult } from '../../../../src-main/contract/plantops.js';
import { MIN_PASSPHRASE_LENGTH } from '../../../../src-main/contract/passphrase.js';
import { useClient } from '../../app/context.js';
import { useConfirm } from '../../app/confirm.js';
import { ErrorAlert } from '../../components/feedback.js';
import { saveFile } from '../../lib/download.js';

export function BackupRestoreCard() {
  return (
    <Card withBorder radius="md" p="md" component="section" aria-labelledby="backup-title">
      <Title order={4} id="backup-title">Backup and restore</Title>
      <Text size="sm" c="dimmed" mb="md">
        One file with the settings, every connection with its credentials and API token, the webhooks with their signing secrets, and the flows,
        encrypted with a passphrase (scrypt, AES-256-GCM). Restored on another machine, the same tokens and webhook secrets keep working.
        Synced records are not in it: connections sync again after a restore.
      </Text>
      <Stack gap="xl">
        <BackupForm />
        <RestoreForm />
      </Stack>
    </Card>
  );
}

function BackupForm() {
  const { api } = useClient();
  const [passphrase, setPassphrase] = useState('');
  const [again, setAgain] = useState('');
  const tooShort = passphrase.length > 0 && passphrase.length < MIN_PASSPHRASE_LENGTH;
  const mismatch = again.length > 0 && again !== passphrase;
  const backup = useMutation({
    mutationFn: () => api.backup({ passphrase }),
    onSuccess: (file) => {
      saveFile(file);
      setPassphrase('');
      setAgain('');
      notifications.show({ color: 'teal', title: 'Backup downloaded', message: `${file.filename}: keep it and its passphrase apart, and safe.` });
    },
  });
  return (
    <form onSubmit={(e) => { e.preventDefault(); backup.mutate(); }} aria-label="Download a backup">
      <Stack gap="sm">
        <Text fw={500}>Download a backup</Text>
        <Group grow align="flex-start">
          <PasswordInput label="Backup passphrase" description={`At least ${MIN_PASSPHRASE_LENGTH} characters. Needed to open the backup.`} value={passphrase}
            onChange={(e) => setPassphrase(e.currentTarget.value)} error={tooShort ? `At least ${MIN_PASSPHRASE_LENGTH} characters` : undefined} autoComplete="new-password" />
          <PasswordInput label="Passphrase again" description="The same, to rule out a typo." value={again} onChange={(e) => setAgain(e.currentTarget.value)}
            error={mismatch ? 'The two passphrases differ' : undefined} autoComplete="new-password" />
        </Group>
        {backup.error ? <ErrorAlert error={backup.error} title="No backup made" /> : null}
        <Button type="submit" w="fit-content" leftSection={<IconDatabaseExport size={16} aria-hidden />} loading={backup.isPending}
          disabled={passphrase.length < MIN_PASSPHRASE_LENGTH || again !== passphrase}>
          Download backup
        </Button>
      </Stack>
    </form>
  );
}

function RestoreForm() {
  const { api } = useClient();
  const qc = useQueryClient();
  const confirm = useConfirm();
  const [file, setFile] = useState<File | null>(null);
  const [passphrase, setPassphrase] = useState('');
  const [force, setForce] = useState(false);
  const [result, setResult] = useState<RestoreResult | null>(null);
  const restore = useMutation({
    mutationFn: async () => api.restore({ file: new Uint8Array(await file!.arrayBuffer()), passphrase, force }),
    onSuccess: (r) => {
      setResult(r);
      setPassphrase('');
      setFile(null);
      setForce(false);
      void qc.invalidateQueries();
    },
  });
  const submit = async () => {
    setResult(null);
    if (force) {
      const ok = await confirm({
        title: 'Replace this agent\'s connections?',
        body: 'Every connection, webhook and flow here is removed (their tokens stop working, their synced records are deleted) and replaced by the backup\'s.',
        confirmLabel: 'Replace and restore',
        color: 'red',
      });
      if (!ok) return;
    }
    restore.mutate();
  };
  return (
    <form onSubmit={(e) => { e.preventDefault(); void submit(); }} aria-label="Restore a backup">
      <Stack gap="sm">
        <Text fw={500}>Restore a backup</Text>
        <Group grow align="flex-start">
          <FileInput label="Backup file" placeholder="millwright-backup-….mwbackup" accept=".mwbackup,application/octet-stream" value={file} onChange={setFile}
            leftSection={<IconUpload size={16} aria-hidden />} clearable />
          <PasswordInput label="Passphrase of that backup" value={passphrase} onChange={(e) => setPassphrase(e.currentTarget.value)} autoComplete="off" />
        </Group>
        <Checkbox label="Replace the connections, webhooks and flows this agent has now" description="Without this, restoring into an agent that has any is refused."
          checked={force} onChange={(e) => setForce(e.currentTarget.checked)} />
        {restore.error ? <ErrorAlert error={restore.error} title="Nothing was restored" /> : null}
        {result ? (
          <Alert color="teal" variant="light" title="Backup restored" role="status">
            <Text size="sm">
              From {new Date(result.backup.created_at).toLocaleString()} (Millwright {result.backup.app_version}): {result.restored.connections} connection(s),{' '}
              {result.restored.webhooks} webhook(s), {result.restored.flows} flow(s) and the settings
              {result.replaced.connections + result.replaced.webhooks + result.replaced.flows ? `, replacing ${result.replaced.connections} connection(s) that were here` : ''}.
              The tokens and webhook secrets are the backup&apos;s; active connections sync again now.
            </Text>
            {result.warnings.length ? <List size="sm" mt="xs">{result.warnings.map((w) => <List.Item key={w}>{w}</List.Item>)}</List> : null}
          </Alert>
        ) : null}
        <Button type="submit" w="fit-content" variant="light" leftSection={<IconDatabaseImport size={16} aria-hidden />} loading={restore.isPending}
          disabled={!file || !passphrase}>
          Restore backup
        </Button>
      </Stack>
    </form>
  );
}

export function SupportBundleCard() {
  const { api } = useClient();
  const bundle = useMutation({
    mutationFn: () => api.supportBundle({}),
    onSuccess: (file) => {
      saveFile(file);
      notifications.show({ color: 'teal', title: 'Support bundle downloaded', message: file.filename });
    },
  });
  return (
    <Card withBorder radius="md" p="md" component="section" aria-labelledby="support-title">
      <Title order={4} id="support-title">Support</Title>
      <Text size="sm" c="dimmed" mb="sm">
        A zip for Millwright support: versions (app, Node, OS, SQLite), settings, connections, sync history, the last diagnosis of each connection and recent logs.
        It holds no password, token or secret: every field is chosen from a list, and text is scrubbed of this agent&apos;s secrets.
      </Text>
      {bundle.error ? <ErrorAlert error={bundle.error} title="No support bundle made" /> : null}
      <Button variant="default" w="fit-content" leftSection={<IconFileZip size={16} aria-hidden />} onClick={() => bundle.mutate()} loading={bundle.isPending}>Download support bundle</Button>
    </Card>
  );
}

// The actions on one connection (sync, activate, deactivate, disconnect), shared
// by the list's row menu and the detail screen. Results show as notifications;
// the cache is refreshed at once (events refresh it too).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { notifications } from '@mantine/notifications';
import type { ConnectionSummary } from '../../../../src-main/contract/connections.js';
import { useApp, useClient } from '../../app/context.js';
import { keys } from '../../app/data.js';
import { useConfirm } from '../../app/confirm.js';
import { notifyError } from '../../components/feedback.js';
import { credits } from '../../lib/format.js';

export function useConnectionActions(c: ConnectionSummary) {
  const { api } = useClient();
  const qc = useQueryClient();
  const confirm = useConfirm();
  const { route, navigate } = useApp();
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: keys.connections });
    void qc.invalidateQueries({ queryKey: keys.connection(c.id) });
    void qc.invalidateQueries({ queryKey: keys.credits });
  };

  const sync = useMutation({
    mutationFn: (full: boolean) => api.syncNow({ id: c.id, full }),
    onSuccess: (run) => {
      void qc.invalidateQueries({ queryKey: keys.syncs(c.id) });
      notifications.show({ color: 'indigo', title: run.mode === 'full' ? 'Full resync started' : 'Sync started', message: c.name });
    },
    onError: (err) => notifyError(err, `Could not sync ${c.name}`),
  });
  const activate = useMutation({
    mutationFn: () => api.activate({ id: c.id }),
    onSuccess: () => { refresh(); notifications.show({ color: 'teal', title: 'Activated', message: `${c.name} uses ${credits(c.credits)}.` }); },
    onError: (err) => notifyError(err, `Could not activate ${c.name}`),
  });
  const deactivate = useMutation({
    mutationFn: () => api.deactivate({ id: c.id }),
    onSuccess: () => { refresh(); notifications.show({ color: 'gray', title: 'Deactivated', message: `${c.name} is inactive; ${credits(c.credits)} returned to the pool.` }); },
    onError: (err) => notifyError(err, `Could not deactivate ${c.name}`),
  });
  const paused = useMutation({
    mutationFn: (pause: boolean) => (pause ? api.pause({ id: c.id }) : api.resume({ id: c.id })),
    onSuccess: (after) => {
      qc.setQueryData(keys.connection(c.id), after);
      refresh();
      notifications.show({ color: 'gray', title: after.paused ? 'Scheduled syncs paused' : 'Scheduled syncs resumed', message: after.paused ? `${c.name}: reads and manual syncs still work.` : c.name });
    },
    onError: (err) => notifyError(err, `Could not change ${c.name}`),
  });
  const disconnect = useMutation({
    mutationFn: () => api.disconnect({ id: c.id }),
    onSuccess: (result) => {
      refresh();
      qc.removeQueries({ queryKey: keys.connection(c.id) });
      if (route.name === 'connection' && route.id === c.id) navigate({ name: 'connections' });
      notifications.show({ color: 'teal', title: 'Disconnected', message: `${c.name} is gone; ${credits(result.credits_returned)} returned to the pool.` });
    },
    onError: (err) => notifyError(err, `Could not disconnect ${c.name}`),
  });

  const holds = c.status !== 'inactive';
  return {
    pending: sync.isPending || activate.isPending || deactivate.isPending || disconnect.isPending || paused.isPending,
    syncNow: (full: boolean) => sync.mutate(full),
    setPaused: (pause: boolean) => paused.mutate(pause),
    pausing: paused.isPending,
    activate: () => activate.mutate(),
    confirmDeactivate: async () => {
      const ok = await confirm({
        title: `Deactivate ${c.name}?`,
        body: `Its API token stops working and syncing stops. ${holds && c.credits ? `${credits(c.credits)} return to the pool.` : 'It holds no credits.'} You can activate it again later.`,
        confirmLabel: 'Deactivate',
        color: 'orange',
      });
      if (ok) deactivate.mutate();
    },
    confirmDisconnect: async () => {
      const returned = holds ? c.credits : 0;
      const ok = await confirm({
        title: `Disconnect ${c.name}?`,
        body: `${returned ? `${credits(returned)} return to the pool. ` : 'No credits return (it holds none). '}The API token is revoked at once, and its stored credentials and synced data are deleted. This cannot be undone.`,
        confirmLabel: 'Disconnect',
        color: 'red',
      });
      if (ok) disconnect.mutate();
    },
  };
}

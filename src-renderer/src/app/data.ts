// TanStack Query hooks for every admin read, and the live-event wiring that
// keeps them fresh: events invalidate what they change, batched per frame so
// a burst (5,000 connections syncing) costs one refetch per query.
import { useEffect } from 'react';
import { useInfiniteQuery, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { AdminClient, AgentEvent } from '../client/index.js';
import { useClient } from './context.js';

export const keys = {
  systems: ['systems'] as const,
  connections: ['connections'] as const,
  connection: (id: string) => ['connection', id] as const,
  syncs: (id: string) => ['syncs', id] as const,
  syncProgress: (id: string) => ['sync-progress', id] as const,
  credits: ['credits'] as const,
  settings: ['settings'] as const,
  agentInfo: ['agent-info'] as const,
  webhooks: ['webhooks'] as const,
  deliveries: ['deliveries'] as const,
  deliveryList: (filter: DeliveryFilter) => ['deliveries', filter] as const,
  flows: ['flows'] as const,
  records: (id: string) => ['records', id] as const,
  recordList: (id: string, entity: string, search: string) => ['records', id, entity, search] as const,
  diagnose: (id: string) => ['diagnose', id] as const,
  audit: ['audit'] as const,
  auditList: (filter: AuditFilter) => ['audit', filter] as const,
};

export interface AuditFilter { connection_id?: string; kind?: 'write' | 'passthrough' | 'admin' }

export interface DeliveryFilter { webhook_id?: string; status?: 'pending' | 'delivered' | 'failed' }

/** The systems catalog: the connections list names each row's system from it, so main.tsx asks for it early too. */
export const systemsQuery = (api: AdminClient['api']) => ({ queryKey: keys.systems, queryFn: async () => (await api.listSystems({})).data, staleTime: Infinity });

export function useSystems() {
  const { api } = useClient();
  return useQuery(systemsQuery(api));
}

/**
 * The connections list: the first screen's data, also fetched before the app
 * mounts (main.tsx). Summaries, not whole connections: the list and the pickers
 * show no more, and for 5,000 connections the full list's JSON is 2.7 MB.
 */
export const connectionsQuery = (api: AdminClient['api']) => ({ queryKey: keys.connections, queryFn: async () => (await api.listConnectionSummaries({})).data });

export function useConnections() {
  const { api } = useClient();
  return useQuery(connectionsQuery(api));
}

export function useConnection(id: string) {
  const { api } = useClient();
  return useQuery({ queryKey: keys.connection(id), queryFn: () => api.getConnection({ id }) });
}

export function useSyncs(id: string) {
  const { api } = useClient();
  return useQuery({ queryKey: keys.syncs(id), queryFn: async () => (await api.listSyncs({ id })).data });
}

/** The last diagnosis of a connection (null until one ran); `connection.diagnosed` events replace it. */
export function useLastDiagnose(id: string) {
  const { api } = useClient();
  return useQuery({ queryKey: keys.diagnose(id), queryFn: async () => (await api.lastDiagnose({ id })).result });
}

export interface SyncProgress { syncId: string; mode: string; entity: string | null; records: number }

/** The running sync's progress, fed by sync.* events (null when idle). */
export function useSyncProgress(id: string) {
  return useQuery<SyncProgress | null>({ queryKey: keys.syncProgress(id), queryFn: () => null, staleTime: Infinity, initialData: null });
}

/** The credit pool: the first screen's gauge and the navigation show it, so main.tsx asks for it early too. */
export const creditsQuery = (api: AdminClient['api']) => ({ queryKey: keys.credits, queryFn: () => api.credits({}) });

export function useCredits() {
  const { api } = useClient();
  return useQuery(creditsQuery(api));
}

export function useSettings() {
  const { api } = useClient();
  return useQuery({ queryKey: keys.settings, queryFn: () => api.getSettings({}) });
}

/** Version, data dir, the unified API's address and the keychain status of the agent. */
export function useAgentInfo() {
  const { api } = useClient();
  return useQuery({ queryKey: keys.agentInfo, queryFn: () => api.agentInfo({}), staleTime: 5 * 60_000 });
}

export function useWebhooks() {
  const { api } = useClient();
  return useQuery({ queryKey: keys.webhooks, queryFn: async () => (await api.listWebhooks({})).data, staleTime: 0 });
}

export function useDeliveries(filter: DeliveryFilter) {
  const { api } = useClient();
  return useQuery({ queryKey: keys.deliveryList(filter), queryFn: async () => (await api.listDeliveries({ ...filter, limit: 100 })).data, staleTime: 0 });
}

export function useFlows() {
  const { api } = useClient();
  return useQuery({ queryKey: keys.flows, queryFn: async () => (await api.listFlows({})).data, staleTime: 0 });
}

export const RECORDS_PAGE = 100;

/** One entity's synced records of a connection, page by page (next_cursor), with a text search. */
export function useRecords(id: string, entity: string, search: string) {
  const { api } = useClient();
  return useInfiniteQuery({
    queryKey: keys.recordList(id, entity, search),
    queryFn: ({ pageParam }) => api.listRecords({
      id, entity: entity as never, limit: RECORDS_PAGE, ...(pageParam ? { cursor: pageParam } : {}), ...(search ? { search } : {}),
    }),
    initialPageParam: '' as string,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}

export const AUDIT_PAGE = 100;

/** The audit log, newest first, page by page (next_cursor continues with older entries). */
export function useAudit(filter: AuditFilter) {
  const { api } = useClient();
  return useInfiniteQuery({
    queryKey: keys.auditList(filter),
    queryFn: ({ pageParam }) => api.listAudit({ ...filter, limit: AUDIT_PAGE, ...(pageParam ? { cursor: pageParam } : {}) }),
    initialPageParam: '' as string,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    staleTime: 0,
  });
}

/**
 * The queries an event made stale, each once however many events name it.
 * Exact keys refetch one query; prefix keys (deliveries with their filters,
 * records with their entities, searches and pages) refetch every query under them.
 */
class StaleQueries {
  private readonly byKey = new Map<string, { queryKey: readonly unknown[]; exact: boolean }>();
  add(queryKey: readonly unknown[], exact = true): void { this.byKey.set(JSON.stringify(queryKey), { queryKey, exact }); }
  get size(): number { return this.byKey.size; }
  /** Invalidates them all and forgets them. */
  flush(qc: QueryClient): void {
    for (const { queryKey, exact } of this.byKey.values()) {
      // Do not cancel a fetch in flight: a burst of events then costs one refetch.
      void qc.invalidateQueries({ queryKey, exact }, { cancelRefetch: false });
    }
    this.byKey.clear();
  }
}

/** Applies an agent event to the query cache. */
function applyEvent(qc: QueryClient, event: AgentEvent, stale: StaleQueries): void {
  const data = event.data as { connection_id?: string };
  const id = data.connection_id;
  switch (event.type) {
    case 'connection.created':
    case 'connection.deleted':
    case 'connection.updated':
    case 'connection.status_changed':
    case 'connection.auth_required':
      stale.add(keys.connections);
      if (id) stale.add(keys.connection(id));
      break;
    case 'connection.diagnosed':
      if (id) qc.setQueryData(keys.diagnose(id), (event.data as AgentEvent<'connection.diagnosed'>['data']).result);
      break;
    case 'credits.changed':
      stale.add(keys.credits);
      break;
    case 'sync.started': {
      const d = event.data as { sync_id: string; mode: string };
      if (id) qc.setQueryData<SyncProgress | null>(keys.syncProgress(id), () => ({ syncId: d.sync_id, mode: d.mode, entity: null, records: 0 }));
      if (id) stale.add(keys.syncs(id));
      break;
    }
    case 'sync.progress': {
      const d = event.data as { sync_id: string; entity: string; records: number };
      if (id) {
        qc.setQueryData<SyncProgress | null>(keys.syncProgress(id), (prev) => ({
          syncId: d.sync_id, mode: prev?.mode ?? 'incremental', entity: d.entity, records: d.records,
        }));
      }
      break;
    }
    case 'sync.completed':
    case 'sync.failed':
      if (id) {
        qc.setQueryData<SyncProgress | null>(keys.syncProgress(id), () => null);
        stale.add(keys.syncs(id));
        stale.add(keys.connection(id));
        stale.add(keys.records(id), false);
      }
      stale.add(keys.connections);
      break;
    case 'delivery.attempted':
      stale.add(keys.deliveries, false);
      stale.add(keys.webhooks);
      break;
    default:
      break;
  }
}

/** Subscribes the query cache to the agent's events for the app's lifetime. */
export function useLiveEvents(): void {
  const client = useClient();
  const qc = useQueryClient();
  useEffect(() => {
    const stale = new StaleQueries();
    let scheduled: number | null = null;
    const offEvent = client.onEvent((event) => {
      applyEvent(qc, event, stale);
      if (stale.size && scheduled === null) {
        scheduled = window.setTimeout(() => { scheduled = null; stale.flush(qc); }, 100);
      }
    });
    // After the stream was broken, events may have been missed: refetch everything.
    let wasLive = false;
    const offState = client.onStreamState((state) => {
      if (state === 'live' && wasLive) void qc.invalidateQueries();
      if (state === 'live') wasLive = true;
    });
    return () => { offEvent(); offState(); if (scheduled !== null) clearTimeout(scheduled); };
  }, [client, qc]);
}

// diagnose/ owns the diagnosis of a connection: `dns`, `tcp`, `proxy` (when the
// connection has a proxy_url), `tls` (https), `auth` and `entity:<name>`, run in
// that order along the path the connector takes. A check that fails stops the
// ones after it (they are listed as not run, with the reason), except that the
// entity reads are independent of each other. Every result is published as a
// `connection.diagnosed` event, so the event log keeps the last diagnosis of
// each connection (the support bundle and the connection page show it).
import { performance } from 'node:perf_hooks';
import type net from 'node:net';
import type { DiagnoseCheck, DiagnoseResult } from '../contract/plantops.js';
import type { ConnectionLifecycle } from '../connections/lifecycle.js';
import type { StoredOptions } from '../connections/repository.js';
import type { EventBus } from '../events/bus.js';
import type { EventLog } from '../events/log.js';
import { findSystem } from '../systems/registry.js';
import { defaultResolver, type Resolver } from '../webhooks/url-safety.js';
import { hopOf, probeDns, probeProxy, probeTcp, probeTls, PROBE_TIMEOUT_MS, type Probe } from './network.js';
import { systemChecks } from './system-checks.js';

export interface DiagnosticsDeps {
  lifecycle: ConnectionLifecycle;
  bus: EventBus;
  events: EventLog;
  /** Tests resolve host names themselves (never real DNS). */
  resolve?: Resolver;
  timeoutMs?: number;
  now?: () => Date;
}

export class Diagnostics {
  private readonly running = new Map<string, Promise<DiagnoseResult>>();

  constructor(private readonly deps: DiagnosticsDeps) {}

  /** Diagnoses a connection (404 for an unknown one); a second call while one runs joins it. */
  run(id: string, trigger: DiagnoseResult['trigger']): Promise<DiagnoseResult> {
    this.deps.lifecycle.row(id);
    let p = this.running.get(id);
    if (!p) {
      p = this.diagnose(id, trigger).finally(() => this.running.delete(id));
      this.running.set(id, p);
    }
    return p;
  }

  /** The last diagnosis of a connection, or null. */
  last(id: string): DiagnoseResult | null {
    this.deps.lifecycle.row(id);
    const event = this.deps.events.latest('connection.diagnosed', id);
    return event ? (event.data as { result: DiagnoseResult }).result : null;
  }

  private async diagnose(id: string, trigger: DiagnoseResult['trigger']): Promise<DiagnoseResult> {
    const row = this.deps.lifecycle.row(id);
    const options = JSON.parse(row.options) as StoredOptions;
    const timeoutMs = this.deps.timeoutMs ?? PROBE_TIMEOUT_MS;
    const checks: DiagnoseCheck[] = [];
    /** The outermost socket of the path (TCP, then TLS over it): the only one to destroy. */
    let socket: net.Socket | null = null;
    let stoppedBy: string | null = null;

    /** Runs one check unless an earlier one failed; a failing check stops the rest unless `independent`. */
    const check = async <T extends Probe>(name: string, run: () => Promise<T>, independent = false): Promise<T | null> => {
      if (stoppedBy) {
        checks.push({ name, ok: false, duration_ms: 0, detail: `Not run: ${stoppedBy}`, skipped: true });
        return null;
      }
      const started = performance.now();
      let outcome: T;
      try {
        outcome = await run();
      } catch (err) {
        outcome = { ok: false, detail: `The check itself failed: ${(err as Error).message}` } as T;
      }
      checks.push({ name, ok: outcome.ok, duration_ms: Math.round(performance.now() - started), detail: outcome.detail });
      if (!outcome.ok && !independent) stoppedBy = `the ${name} check failed.`;
      return outcome;
    };

    try {
      if (row.base_url) {
        const target = new URL(row.base_url);
        const proxy = options.proxy_url ? new URL(options.proxy_url) : null;
        const first = hopOf(proxy ?? target);
        const role = proxy ? 'proxy' : 'system';
        const dns = await check('dns', () => probeDns(first.host, this.deps.resolve ?? defaultResolver, role, timeoutMs));
        const tcp = await check('tcp', () => probeTcp(dns?.addresses ?? [], first.port, role, timeoutMs));
        socket = tcp?.socket ?? null;
        if (proxy) await check('proxy', () => probeProxy(socket!, proxy, target, timeoutMs));
        if (target.protocol === 'https:') {
          await check('tls', async () => {
            const r = await probeTls(socket!, target, options.ca_cert, this.deps.now?.() ?? new Date(), timeoutMs);
            socket = r.socket;
            return r;
          });
        }
        socket?.destroy();
        socket = null;
      }
      await this.systemChecks(row.id, row.system, check);
    } finally {
      socket?.destroy();
    }

    const result: DiagnoseResult = { connection_id: id, at: new Date().toISOString(), trigger, ok: checks.every((c) => c.ok), checks };
    if (this.deps.lifecycle.repo.get(id)) this.deps.bus.emit('connection.diagnosed', { connection_id: id, result });
    return result;
  }

  private async systemChecks(id: string, systemId: string, check: <T extends Probe>(name: string, run: () => Promise<T>, independent?: boolean) => Promise<T | null>) {
    const systemName = findSystem(systemId, this.deps.lifecycle.systemList())?.name ?? systemId;
    let connector;
    try {
      connector = await this.deps.lifecycle.connector(id);
    } catch (err) {
      await check('auth', async () => ({ ok: false, detail: `The stored credentials could not be read: ${(err as Error).message}` }));
      return;
    }
    try {
      const system = systemChecks(connector, systemName);
      await check('auth', () => system.auth());
      for (const entity of system.entities) await check(`entity:${entity}`, () => system.entity(entity), true);
    } finally {
      connector.close();
    }
  }
}

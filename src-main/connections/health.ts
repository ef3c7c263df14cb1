// Health checks: every few minutes (and once at start-up, so changes that
// happened while the agent was down are reported) each active connection's
// system is asked a cheap question. What a failure does follows the kit's
// failure policy, as for syncs and API writes: unreachable, TLS and 503 →
// offline; rejected credentials → auth_required (and no more requests until
// someone reconnects).
import type { ConnectorError } from '../systems/kit/errors.js';
import type { ConnectionLifecycle } from './lifecycle.js';
import type { Log } from '../log.js';

export const HEALTH_INTERVAL_MS = 5 * 60_000;

export class HealthMonitor {
  private timer: NodeJS.Timeout | null = null;
  private readonly inFlight = new Set<string>();

  constructor(private readonly lifecycle: ConnectionLifecycle, private readonly log: Log, private readonly intervalMs = HEALTH_INTERVAL_MS) {}

  start(): void {
    void this.checkAll();
    this.timer = setInterval(() => void this.checkAll(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  async checkAll(): Promise<void> {
    await Promise.allSettled(this.lifecycle.list().filter((c) => c.status === 'active').map((c) => this.check(c.id)));
  }

  async check(id: string): Promise<'online' | 'offline' | 'auth_required' | 'skipped'> {
    if (this.inFlight.has(id)) return 'skipped';
    this.inFlight.add(id);
    try {
      const connector = await this.lifecycle.connector(id);
      try {
        await connector.health();
        await this.lifecycle.setHealth(id, 'online');
        return 'online';
      } catch (err) {
        const e = err as ConnectorError;
        const effect = await this.lifecycle.applyFailure(id, e);
        if (effect.status) return effect.status;
        if (effect.health === 'offline') return 'offline';
        this.log.warn({ connection_id: id, kind: e.kind, message: e.message }, 'health check failed');
        return 'online';
      } finally {
        connector.close();
      }
    } catch (err) {
      this.log.warn({ connection_id: id, err: (err as Error).message }, 'health check not run');
      return 'skipped';
    } finally {
      this.inFlight.delete(id);
    }
  }
}

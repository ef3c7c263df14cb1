// The load governor: at most `max_concurrent_requests` requests of a
// connection in flight to its system at once, whoever sends them — syncs,
// health checks, diagnoses, passthrough calls and writes all reach the system
// through the connection's connector, whose transport runs every request
// through the connection's gate. Gates live per connection id for the agent's
// life, so every connector of a connection shares one; the cap is read at each
// request, so a changed setting applies at once.
import type { Gate } from '../systems/kit/config.js';

/** First come, first served: a finished request hands its slot to the oldest waiting one. */
class Semaphore {
  private inFlight = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(private readonly cap: () => number) {}

  readonly run: Gate = async (fn) => {
    this.admit(); // a raised cap lets waiters in before this newcomer
    if (this.inFlight < this.cap() && this.waiting.length === 0) this.inFlight++;
    else await new Promise<void>((resolve) => { this.waiting.push(resolve); }); // admitted with its slot counted
    try {
      return await fn();
    } finally {
      this.inFlight--;
      this.admit();
    }
  };

  private admit(): void {
    while (this.waiting.length && this.inFlight < this.cap()) {
      this.inFlight++;
      this.waiting.shift()!();
    }
  }

  get active(): number { return this.inFlight; }
  get queued(): number { return this.waiting.length; }
}

export class LoadGovernor {
  private readonly gates = new Map<string, Semaphore>();
  constructor(private readonly capOf: (connectionId: string) => number) {}

  /** The gate every request of this connection passes through. */
  gate(connectionId: string): Gate {
    let s = this.gates.get(connectionId);
    if (!s) {
      s = new Semaphore(() => Math.max(1, this.capOf(connectionId)));
      this.gates.set(connectionId, s);
    }
    return s.run;
  }

  /** In flight and waiting, per connection (support and tests). */
  load(connectionId: string): { active: number; queued: number } {
    const s = this.gates.get(connectionId);
    return { active: s?.active ?? 0, queued: s?.queued ?? 0 };
  }

  forget(connectionId: string): void {
    this.gates.delete(connectionId);
  }
}

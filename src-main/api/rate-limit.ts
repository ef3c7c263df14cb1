// Failed-authentication budgets: a fixed window of failures per key; over its
// limit a key gets 429 with Retry-After until the window ends. The unified API
// keeps one budget per presented token and one per client address, apart, so a
// client retrying a revoked token cannot use up the budget of every other
// client on the same address (on loopback, every local client is 127.0.0.1).
export class FailedAuthLimiter {
  private readonly windows = new Map<string, { start: number; failures: number }>();
  constructor(private readonly limit = 60, private readonly windowMs = 60_000, private readonly now = () => Date.now()) {}

  /** Seconds to wait if this key is blocked, else 0. */
  blockedFor(key: string): number {
    const w = this.windows.get(key);
    if (!w) return 0;
    const left = w.start + this.windowMs - this.now();
    if (left <= 0) { this.windows.delete(key); return 0; }
    return w.failures >= this.limit ? Math.ceil(left / 1000) : 0;
  }

  fail(key: string): void {
    const t = this.now();
    const w = this.windows.get(key);
    if (!w || w.start + this.windowMs <= t) this.windows.set(key, { start: t, failures: 1 });
    else w.failures++;
    if (this.windows.size > 10_000) this.windows.delete(this.windows.keys().next().value!); // bound memory
  }
}

// Failed-authentication rate limiting per client address: a fixed window of
// failures; over the limit, the address gets 429 with Retry-After until it ends.
export class FailedAuthLimiter {
  private readonly windows = new Map<string, { start: number; failures: number }>();
  constructor(private readonly limit = 60, private readonly windowMs = 60_000, private readonly now = () => Date.now()) {}

  /** Seconds to wait if this address is blocked, else 0. */
  blockedFor(address: string): number {
    const w = this.windows.get(address);
    if (!w) return 0;
    const left = w.start + this.windowMs - this.now();
    if (left <= 0) { this.windows.delete(address); return 0; }
    return w.failures >= this.limit ? Math.ceil(left / 1000) : 0;
  }

  fail(address: string): void {
    const t = this.now();
    const w = this.windows.get(address);
    if (!w || w.start + this.windowMs <= t) this.windows.set(address, { start: t, failures: 1 });
    else w.failures++;
    if (this.windows.size > 10_000) this.windows.delete(this.windows.keys().next().value!); // bound memory
  }
}

// Encoded list pages of the unified API, per connection. Integrators poll the
// same pages (the first page, `updated_after=<last seen>`) again and again;
// between two changes of a connection's records the answer is the same bytes.
// RecordRepository is the only writer of records and drops a connection's
// pages inside every write that changes them, before its transaction commits:
// a request served after the commit can only miss and read the store again,
// so a page is never served stale after a sync (no time-based expiry needed).
export class PageCache {
  private readonly byConnection = new Map<string, Map<string, Buffer>>();
  private bytes = 0;

  constructor(private readonly maxBytes = 32 * 1024 * 1024) {}

  get(connectionId: string, key: string): Buffer | undefined {
    return this.byConnection.get(connectionId)?.get(key);
  }

  set(connectionId: string, key: string, page: Buffer): void {
    if (page.length > this.maxBytes / 8) return; // a huge page would push out many others
    let pages = this.byConnection.get(connectionId);
    if (!pages) { pages = new Map(); this.byConnection.set(connectionId, pages); }
    const old = pages.get(key);
    if (old) this.bytes -= old.length;
    pages.set(key, page);
    this.bytes += page.length;
    this.evict();
  }

  /** The connection's records changed: every page of it may have. */
  invalidate(connectionId: string): void {
    const pages = this.byConnection.get(connectionId);
    if (!pages) return;
    for (const p of pages.values()) this.bytes -= p.length;
    this.byConnection.delete(connectionId);
  }

  /** Oldest first: connections in the order they were first cached, their pages in insertion order. */
  private evict(): void {
    for (const [connectionId, pages] of this.byConnection) {
      for (const [key, p] of pages) {
        if (this.bytes <= this.maxBytes) return;
        pages.delete(key);
        this.bytes -= p.length;
      }
      if (pages.size === 0) this.byConnection.delete(connectionId);
    }
  }
}

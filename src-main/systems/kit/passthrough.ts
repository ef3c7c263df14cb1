// What a system declares for POST /v1/passthrough: where its API lives (path
// prefixes under the base URL), which POSTs only read (for the read-only
// guard), and how one raw request goes out through the connection's client —
// its credentials, session, CSRF handling, CA and proxy, and the connection's
// gate like every other request. The guard itself is src-main/passthrough/.
import type { Headers } from './http.js';

export interface PassthroughCall {
  method: string;
  /** Relative to the base URL, checked to be inside `paths`, without its leading slash. */
  path: string;
  query: URLSearchParams;
  /** The caller's headers that may go out (credentials and hop-by-hop headers already dropped). */
  headers: Record<string, string>;
  body: Buffer | null;
}

export interface RawAnswer { status: number; headers: Headers; body: Buffer }

export interface PassthroughPolicy {
  /** Path prefixes (one ending in "/" covers what is below it; one without, itself and below). */
  paths: readonly string[];
  /** A POST that only reads (an RFC read over SOAP): null when allowed while passthrough is read only, else why not. */
  readOnlyPost?(path: string, body: Buffer | null): string | null;
}

export interface PassthroughDeclaration<C> extends PassthroughPolicy {
  send(client: C, call: PassthroughCall): Promise<RawAnswer>;
}

// A typed client for the admin HTTP API, generated from the route table.
// Uses fetch only and no zod, so the CLI and the browser renderer share it.
// Files travel as raw bytes both ways (see http-files.ts on the server side).
import type { AdminApi } from '../contract/admin.js';
import { adminRoutes, adminOperationNames, type AdminRoute } from '../contract/admin-routes.js';

export class AdminHttpError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly body: unknown) {
    super(message);
    this.name = 'AdminHttpError';
  }
}

export function createHttpAdminClient(baseUrl: string, token: string, fetchImpl: typeof fetch = fetch): AdminApi {
  const client = {} as Record<string, (input: unknown) => Promise<unknown>>;
  for (const name of adminOperationNames) {
    const op: AdminRoute = adminRoutes[name];
    client[name] = async (input: unknown) => {
      const rest: Record<string, unknown> = { ...((input as object) ?? {}) };
      const url = op.path.replace(/:(\w+)/g, (_m, key: string) => {
        const v = rest[key];
        delete rest[key];
        return encodeURIComponent(String(v));
      });
      const headers: Record<string, string> = { authorization: `Bearer ${token}` };
      let body: BodyInit | undefined;
      if (op.fileRequest) {
        body = rest[op.fileRequest.field] as Uint8Array<ArrayBuffer>;
        delete rest[op.fileRequest.field];
        headers['content-type'] = 'application/octet-stream';
        for (const [field, header] of Object.entries(op.fileRequest.headers)) {
          if (rest[field] !== undefined) headers[header] = utf8HeaderValue(String(rest[field]));
          delete rest[field];
        }
      } else if (op.method === 'POST' || op.method === 'PATCH') {
        body = JSON.stringify(rest);
        headers['content-type'] = 'application/json';
      }
      const inQuery = body === undefined || op.fileRequest;
      const query = inQuery && Object.keys(rest).length ? `?${new URLSearchParams(rest as Record<string, string>)}` : '';
      const res = await fetchImpl(`${baseUrl}${url}${query}`, { method: op.method, headers, body });
      if (res.ok && op.fileResponse) {
        const disposition = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '');
        return { filename: disposition?.[1] ?? name, content_type: res.headers.get('content-type') ?? 'application/octet-stream', data: new Uint8Array(await res.arrayBuffer()) };
      }
      const text = await res.text();
      let parsed: unknown = null;
      try { parsed = text ? JSON.parse(text) : null; } catch { parsed = text; }
      if (!res.ok) {
        const err = (parsed as { error?: { code?: string; message?: string } })?.error;
        throw new AdminHttpError(res.status, err?.code ?? 'http_error', err?.message ?? `HTTP ${res.status}`, parsed);
      }
      return parsed;
    };
  }
  return client as unknown as AdminApi;
}

/** A header value as UTF-8 bytes in a byte string (what fetch accepts); the agent reads it back as UTF-8. */
function utf8HeaderValue(value: string): string {
  let out = '';
  for (const b of new TextEncoder().encode(value)) out += String.fromCharCode(b);
  return out;
}

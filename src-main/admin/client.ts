// A typed client for the admin HTTP API, generated from the route table.
// Uses fetch only and no zod, so the CLI and the browser renderer share it.
import type { AdminApi } from '../contract/admin.js';
import { adminRoutes, adminOperationNames } from '../contract/admin-routes.js';

export class AdminHttpError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly body: unknown) {
    super(message);
    this.name = 'AdminHttpError';
  }
}

export function createHttpAdminClient(baseUrl: string, token: string, fetchImpl: typeof fetch = fetch): AdminApi {
  const client = {} as Record<string, (input: unknown) => Promise<unknown>>;
  for (const name of adminOperationNames) {
    const op = adminRoutes[name];
    client[name] = async (input: unknown) => {
      const rest: Record<string, unknown> = { ...((input as object) ?? {}) };
      const url = op.path.replace(/:(\w+)/g, (_m, key: string) => {
        const v = rest[key];
        delete rest[key];
        return encodeURIComponent(String(v));
      });
      const hasBody = op.method === 'POST' || op.method === 'PATCH';
      const query = !hasBody && Object.keys(rest).length ? `?${new URLSearchParams(rest as Record<string, string>)}` : '';
      const res = await fetchImpl(`${baseUrl}${url}${query}`, {
        method: op.method,
        headers: { authorization: `Bearer ${token}`, ...(hasBody ? { 'content-type': 'application/json' } : {}) },
        body: hasBody ? JSON.stringify(rest) : undefined,
      });
      const text = await res.text();
      let body: unknown = null;
      try { body = text ? JSON.parse(text) : null; } catch { body = text; }
      if (!res.ok) {
        const err = (body as { error?: { code?: string; message?: string } })?.error;
        throw new AdminHttpError(res.status, err?.code ?? 'http_error', err?.message ?? `HTTP ${res.status}`, body);
      }
      return body;
    };
  }
  return client as unknown as AdminApi;
}

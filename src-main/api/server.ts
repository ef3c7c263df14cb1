// api/ owns the unified REST API (see the README, "The unified REST API"):
// bearer-token auth per connection, reads served from the local store (an
// entity the system does not offer answers 409 entity_unavailable), writes
// passed through the connector, the events feed, every error in the contract's
// shape, and an audit entry for every write (refused ones included).
import { Transform } from 'node:stream';
import crypto from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { fail, MillwrightError, parseOrFail } from '../contract/errors.js';
import { entityNames, type CreateServiceRequest, type EntityName, type RecordMeterReading } from '../contract/unified.js';
import type { Agent } from '../agent.js';
import type { Connector, WriteResult } from '../systems/kit/connector.js';
import type { ConnectorError } from '../systems/kit/errors.js';
import { apiFailure } from '../systems/kit/policy.js';
import { createListener } from '../http/common.js';
import { effectiveOptions, type ConnectionRow, type StoredOptions } from '../connections/repository.js';
import type { PassthroughRequest } from '../contract/passthrough.js';
import { preparePassthrough } from '../passthrough/request.js';
import { shapeAnswer } from '../passthrough/answer.js';
import { apiRoutes, eventsQuery, type ApiRoute } from './schemas.js';
import { bodyDigest } from '../audit/log.js';
import { buildOpenApi } from './openapi.js';
import { FailedAuthLimiter } from './rate-limit.js';
import { hashToken, isWellFormedToken } from '../connections/tokens.js';

export const API_BODY_LIMIT = 1024 * 1024;

declare module 'fastify' {
  interface FastifyRequest {
    connection?: ConnectionRow;
    /**
     * What the audit entry of an audited route says: the request body's size and SHA-256, the response's size,
     * a note by the handler, and for passthrough the method and path sent to the system.
     */
    audit?: { requestBody?: string; response?: string; note?: string; errorCode?: string; target?: { method: string; path: string } };
  }
}

export interface ApiServerOptions {
  /** Failed authentications allowed per presented token per minute (and per address, unless set apart). */
  failedAuthLimit?: number;
  failedAuthLimitPerAddress?: number;
  version?: string;
}

export function createApiServer(agent: Agent, opts: ApiServerOptions = {}): FastifyInstance {
  const app = createListener({ log: agent.log, listener: 'api', bodyLimit: API_BODY_LIMIT, loopbackHostsOnly: true });
  const perToken = new FailedAuthLimiter(opts.failedAuthLimit ?? 10);
  const perAddress = new FailedAuthLimiter(opts.failedAuthLimitPerAddress ?? opts.failedAuthLimit ?? 60);
  const openapi = buildOpenApi(opts.version ?? '0.1.0');

  // A request without a credential is refused but not counted (any web page can send those to
  // loopback); a well-formed token is looked up before any block, so a valid token never pays
  // for others' failures. Only presented credentials that fail use up a budget.
  const authenticate = (req: FastifyRequest): ConnectionRow => {
    const header = (req.headers.authorization ?? '').trim();
    if (!header) throw fail('invalid_token', 'Send Authorization: Bearer <connection token>.');
    const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
    const wellFormed = token !== undefined && isWellFormedToken(token);
    const row = wellFormed ? agent.connections.authenticate(token) : null;
    if (!row) {
      const budgets: [FailedAuthLimiter, string, string][] = [[perAddress, req.ip, `from ${req.ip}`]];
      if (wellFormed) budgets.unshift([perToken, hashToken(token), 'with this token']);
      for (const [limiter, key, who] of budgets) {
        const wait = limiter.blockedFor(key);
        if (wait) throw new MillwrightError('rate_limited', `Too many failed authentications ${who}; retry in ${wait} s.`, { details: { retry_after: wait } });
      }
      for (const [limiter, key] of budgets) limiter.fail(key);
      throw fail('invalid_token', wellFormed ? 'The token is unknown or revoked.' : 'The credential is not a Millwright connection token (Bearer mwk_…).');
    }
    if (row.status === 'auth_required') throw fail('connection_auth_required', `${row.name}: the system rejected the stored credentials; an admin must reconnect it.`);
    if (row.status === 'inactive') throw fail('connection_inactive', `${row.name} is inactive (${row.status_reason ?? 'deactivated'}).`);
    return row;
  };

  const handlers: Record<string, (req: FastifyRequest, c: ConnectionRow, input: { query: Record<string, unknown>; params: Record<string, string>; body: unknown }) => Promise<{ body: unknown; headers?: Record<string, string>; json?: boolean }>> = {
    getConnection: async (_req, c) => ({ body: agent.connections.get(c.id) }),
    getSyncStatus: async (_req, c) => ({ body: agent.sync.status(c.id) }),
    passthrough: async (req, c, { body }) => {
      const r = body as PassthroughRequest;
      const audit = (req.audit ??= {});
      audit.target = { method: r.method, path: r.path };
      const queryKeys = Object.keys(r.query ?? {});
      if (queryKeys.length) audit.note = `query keys: ${queryKeys.join(',')}`; // the names only: a value may be a secret
      const mode = effectiveOptions(JSON.parse(c.options) as StoredOptions).passthrough;
      const systemName = agent.connections.systemList().find((s) => s.id === c.system)?.name ?? c.system;
      const raw = await throughConnector(agent, c, (k) => k.passthrough(preparePassthrough(r, mode, k.passthroughPolicy, systemName)));
      return { body: shapeAnswer(r.method, raw) };
    },
    listEvents: async (_req, c, { query }) => {
      const q = query as z.output<typeof eventsQuery>;
      return { json: true, body: agent.webhooks.feed.pageJson(c.id, { after: q.after, limit: q.limit, types: q.type }) };
    },
    startSync: async (_req, c, { body }) => ({ body: agent.sync.start(c.id, { full: (body as { full?: boolean } | undefined)?.full ?? false }) }),
    createPurchaseOrder: async (req, c, { body }) => {
      const input = body as z.infer<typeof import('../contract/unified.js').CreatePurchaseOrder>;
      const remote = {
        ...input,
        vendor_id: remoteOf(agent, c.id, 'vendors', input.vendor_id),
        ...(input.location_id ? { location_id: remoteOf(agent, c.id, 'locations', input.location_id) } : {}),
        lines: input.lines.map((l) => ({ ...l, item_id: remoteOf(agent, c.id, 'inventory-items', l.item_id) })),
      };
      const result = await throughConnector(agent, c, (k) => k.createPurchaseOrder(remote));
      return present(agent, req, c.id, 'purchase-orders', result);
    },
    updateWorkOrder: async (req, c, { params, body }) => {
      const remoteId = agent.records.remoteIdOf(c.id, 'work-orders', params.id);
      if (!remoteId) throw fail('not_found', `No work order ${params.id} in this connection.`);
      const result = await throughConnector(agent, c, (k) => k.updateWorkOrder(remoteId, body as never));
      return present(agent, req, c.id, 'work-orders', result);
    },
    recordMeterReading: async (req, c, { body }) => {
      const input = body as RecordMeterReading;
      const result = await throughConnector(agent, c, (k) => k.recordMeterReading({ ...input, meter_id: remoteOf(agent, c.id, 'meters', input.meter_id) }));
      return present(agent, req, c.id, 'meter-readings', result);
    },
    createServiceRequest: async (req, c, { body }) => {
      const input = body as CreateServiceRequest;
      const result = await throughConnector(agent, c, (k) => k.createServiceRequest({
        ...input,
        ...(input.asset_id ? { asset_id: remoteOf(agent, c.id, 'assets', input.asset_id) } : {}),
        ...(input.location_id ? { location_id: remoteOf(agent, c.id, 'locations', input.location_id) } : {}),
      }));
      return present(agent, req, c.id, 'service-requests', result);
    },
  };
  for (const e of entityNames) {
    handlers[routeFor('GET', `/v1/${e}`).operationId] = async (_req, c, { query }) => {
      refuseUnavailable(agent, c, e);
      const q = query as { limit: number; cursor?: string; updated_after?: string; modified_after?: string; include_deleted?: boolean; include_raw?: boolean } & Record<string, string>;
      return {
        json: true,
        body: agent.records.listJson(c.id, e, {
          // the schema turned the instant into the UTC text the store compares, whatever offset the caller used
          limit: q.limit, cursor: q.cursor, updatedAfter: q.updated_after ?? q.modified_after ?? null,
          filters: { status: q.status ?? q.type, vendor_id: q.vendor_id, asset_id: q.asset_id, location_id: q.location_id, meter_id: q.meter_id },
          includeDeleted: q.include_deleted, includeRaw: q.include_raw,
        }),
      };
    };
    handlers[routeFor('GET', `/v1/${e}/{id}`).operationId] = async (_req, c, { params, query }) => {
      refuseUnavailable(agent, c, e);
      const rec = agent.records.get(c.id, e, params.id, Boolean((query as { include_raw?: boolean }).include_raw));
      if (!rec) throw fail('not_found', `No ${e.replace(/s$/, '').replace('-', ' ')} ${params.id} in this connection.`);
      return { body: rec };
    };
  }

  for (const route of apiRoutes) {
    const handler = handlers[route.operationId];
    app.route({
      method: route.method,
      url: route.path.replace(/\{(\w+)\}/g, ':$1'),
      // Authenticated before the body is read: a caller without a valid token learns nothing about bodies,
      // and a refused body of an authenticated caller is audited.
      onRequest: async (req) => { req.connection = authenticate(req); },
      ...(route.audit ? auditHooks(agent, route.audit) : {}),
      ...(route.bodyLimit ? { bodyLimit: route.bodyLimit } : {}),
      handler: async (req, reply) => {
        const connection = req.connection!;
        const input = {
          query: route.query ? parseOrFail(route.query, req.query ?? {}) : rejectUnknown(req.query),
          params: route.params ? parseOrFail(route.params, req.params) : {},
          // no body is undefined; a JSON `null` is a body, and refused where an object belongs
          body: route.body ? parseOrFail(route.body, req.body) : undefined,
        };
        const out = await handler(req, connection, input as never);
        for (const [k, v] of Object.entries(out.headers ?? {})) reply.header(k, v);
        reply.code(route.status);
        if (out.json) return reply.type('application/json; charset=utf-8').send(out.body); // already JSON text
        return out.body;
      },
    });
  }
  app.get('/v1/openapi.json', async () => openapi);
  return app;
}

/**
 * The hooks that write an audited route's entry: the request body is measured
 * and hashed as it streams in (never kept), the response measured as it goes
 * out, and the entry appended once the answer is sent, refusals included.
 * Calls without a valid token belong to no connection and are not audited.
 */
function auditHooks(agent: Agent, kind: 'write' | 'passthrough') {
  return {
    preParsing: async (req: FastifyRequest, _reply: FastifyReply, payload: NodeJS.ReadableStream & { receivedEncodedLength?: number }) => {
      const hash = crypto.createHash('sha256');
      let bytes = 0;
      const measured = new Transform({
        transform(chunk: Buffer, _enc, done) {
          hash.update(chunk);
          bytes += chunk.length;
          (measured as unknown as { receivedEncodedLength: number }).receivedEncodedLength = payload.receivedEncodedLength ?? bytes;
          done(null, chunk);
        },
        flush(done) { (req.audit ??= {}).requestBody = `${bytes} B sha256:${hash.digest('hex')}`; done(); },
      });
      return payload.pipe(measured);
    },
    onSend: async (req: FastifyRequest, reply: FastifyReply, payload: unknown) => {
      const audit = (req.audit ??= {});
      const text = typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload : null;
      if (text !== null) audit.response = bodyDigest(text);
      if (reply.statusCode >= 400 && typeof payload === 'string') {
        try { audit.errorCode = (JSON.parse(payload) as { error?: { code?: string } }).error?.code; } catch { /* not JSON */ }
      }
      return payload;
    },
    onResponse: async (req: FastifyRequest, reply: FastifyReply) => {
      const c = req.connection;
      if (!c) return;
      const a = req.audit ?? {};
      const detail = [
        a.note ?? (a.errorCode ? `refused: ${a.errorCode}` : null),
        `request ${a.requestBody ?? 'no body'}`,
        a.response ? `response ${a.response}` : null,
      ].filter(Boolean).join('; ');
      try {
        agent.audit.append({
          actor: c.id, kind, connection_id: c.id, method: a.target?.method ?? req.method, path: a.target?.path ?? req.url,
          status: reply.statusCode, duration_ms: reply.elapsedTime, detail,
        });
      } catch (err) {
        agent.log.error({ err: (err as Error).message }, 'the audit log could not be written');
      }
    },
  };
}

function routeFor(method: string, path: string): ApiRoute {
  return apiRoutes.find((r) => r.method === method && r.path === path)!;
}

function rejectUnknown(query: unknown): Record<string, unknown> {
  const keys = Object.keys((query as object) ?? {});
  if (keys.length) throw fail('invalid_request', `Unknown query parameter "${keys[0]}".`, { field: keys[0] });
  return {};
}

/** A unified id from this connection's store, or else taken as the system's own key. */
function remoteOf(agent: Agent, connectionId: string, entity: EntityName, id: string): string {
  return agent.records.remoteIdOf(connectionId, entity, id) ?? id;
}

/** An entity the system does not offer to this connection's user: 409 with the system's reason. */
function refuseUnavailable(agent: Agent, c: ConnectionRow, entity: EntityName): void {
  const a = agent.connections.entities.get(c.id, entity);
  if (!a || a.available) return;
  throw new MillwrightError('entity_unavailable', `${entity} is not available on this connection: ${a.reason ?? 'the system does not offer it'}${a.action ? ` ${a.action}` : ''}`,
    { details: { entity, reason: a.reason, checked_at: a.checked_at } });
}

async function throughConnector<T>(agent: Agent, c: ConnectionRow, call: (k: Connector) => Promise<T>): Promise<T> {
  const connector = await agent.connections.connector(c.id);
  try {
    return await call(connector);
  } catch (err) {
    if (err instanceof MillwrightError) throw err; // refused before anything reached the system
    // the failure policy: what it does to the connection, and the API's answer
    const e = err as ConnectorError;
    void agent.connections.applyFailure(c.id, e);
    const f = apiFailure(e);
    throw new MillwrightError(f.code, e.kind === 'auth' ? `${c.name}: ${f.message}` : f.message, { status: f.status, details: f.details });
  } finally {
    connector.close();
  }
}

function present(agent: Agent, req: FastifyRequest, connectionId: string, entity: EntityName, result: WriteResult) {
  const what = `${entity} ${result.record.remote_id}`;
  if (result.simulated) {
    // The sandbox validated the write but changed nothing: answer as the system would, store nothing.
    (req.audit ??= {}).note = `sandbox: validated ${what}, nothing changed`;
    const rec = agent.records.toUnified(connectionId, entity, result.record);
    const { remote_data: _raw, ...body } = rec;
    return { body: { ...body, deleted_at: null }, headers: { sandbox: 'true' } };
  }
  (req.audit ??= {}).note = `the system accepted ${what}`;
  const at = new Date().toISOString();
  // the change is stored like a synced one: flows and (after the entity's first sync) record events hear it
  const onChange = agent.recordChangeListener(connectionId, entity, agent.sync.repo.firstListingDone(connectionId, entity));
  agent.db.transaction(() => agent.records.upsert(connectionId, entity, [result.record], null, at, onChange))();
  return { body: agent.records.get(connectionId, entity, result.record.remote_id) };
}

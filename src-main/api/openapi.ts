// The OpenAPI 3.1 document of the unified API, generated from the route table's
// zod schemas (never written by hand).
import { z } from 'zod';
import { ErrorBody } from '../contract/errors.js';
import { apiRoutes } from './schemas.js';

const errorText: Record<number, string> = {
  400: 'invalid_request: a parameter or the body is wrong (the field is named)',
  401: 'invalid_token: missing, malformed, unknown or revoked token',
  403: 'connection_inactive, or passthrough_forbidden (the connection\'s passthrough guard refused the call)',
  404: 'not_found',
  409: 'connection_auth_required: the system rejected the stored credentials; an admin must reconnect — or, on an entity route, entity_unavailable: the system does not offer this entity to the connection\'s user (a service not activated, an object structure or table not authorized); the message says why and what to ask its admin for — or, on POST /v1/meter-readings, duplicate_reading: the meter already has a reading at that time',
  413: 'payload_too_large',
  422: 'the system refused the write (e.g. invalid_vendor, out_of_stock, invalid_meter, invalid_asset)',
  429: 'rate_limited (see Retry-After)',
  502: 'system_error',
  503: 'system_unavailable',
};

const json = (schema: z.ZodType, io: 'input' | 'output' = 'output') =>
  z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as Record<string, unknown>;

function strip(schema: Record<string, unknown>) {
  const { $schema: _s, ...rest } = schema;
  return rest;
}

export function buildOpenApi(version: string, serverUrl?: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of apiRoutes) {
    const parameters: unknown[] = [];
    for (const [where, obj] of [['path', r.params], ['query', r.query]] as const) {
      if (!obj) continue;
      const shape = obj.shape as Record<string, z.ZodType>;
      for (const [name, field] of Object.entries(shape)) {
        const schema = strip(json(field, 'input'));
        parameters.push({ name, in: where, required: where === 'path' || !field.safeParse(undefined).success, schema, ...(schema.description ? { description: schema.description } : {}) });
      }
    }
    const responses: Record<string, unknown> = {
      [String(r.status)]: { description: r.status === 202 ? 'Accepted' : 'OK', content: { 'application/json': { schema: strip(json(r.response)) } } },
    };
    for (const code of r.errors) {
      responses[String(code)] = { description: errorText[code] ?? 'error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
    }
    const op: Record<string, unknown> = { operationId: r.operationId, summary: r.summary, parameters, responses, security: r.auth ? [{ bearerAuth: [] }] : [] };
    if (r.body) op.requestBody = { required: !r.body.safeParse(undefined).success, content: { 'application/json': { schema: strip(json(r.body, 'input')) } } };
    (paths[r.path] ??= {})[r.method.toLowerCase()] = op;
  }
  paths['/v1/openapi.json'] = {
    get: { operationId: 'getOpenApi', summary: 'This document', security: [], responses: { 200: { description: 'OK', content: { 'application/json': { schema: { type: 'object' } } } } } },
  };
  return {
    openapi: '3.1.0',
    info: {
      title: 'Millwright unified API',
      version,
      description: 'One REST API over the industrial systems this agent connects: purchase orders, work orders, assets, inventory items, vendors, locations, meters and their readings, service requests, maintenance plans and purchase requisitions. Authenticate with `Authorization: Bearer <connection token>`; a token sees only its own connection.',
    },
    servers: serverUrl ? [{ url: serverUrl }] : [],
    components: {
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', description: 'A connection token: mwk_…' } },
      schemas: { Error: strip(json(ErrorBody)) },
    },
    paths,
  };
}

// POST /v1/passthrough: one request sent through a connection as its connector
// would send it, and the system's answer as data.
import { z } from 'zod';

export const PASSTHROUGH_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'MERGE', 'DELETE'] as const;
export const PassthroughMethod = z.enum(PASSTHROUGH_METHODS);
export type PassthroughMethod = z.infer<typeof PassthroughMethod>;

/** The largest request body passed through (decoded), and the largest answer handed back. */
export const PASSTHROUGH_BODY_LIMIT = 1024 * 1024;
export const PASSTHROUGH_ANSWER_LIMIT = 8 * 1024 * 1024;

const HeaderName = z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}$/, 'a header name');
const HeaderValue = z.string().max(8000).regex(/^[^\r\n\0]*$/, 'a header value on one line');
const QueryValue = z.string().max(8000);

export const PassthroughRequest = z.object({
  method: PassthroughMethod,
  /** Relative to the connection's base URL and inside the system's API paths, e.g. /sap/opu/odata/sap/API_PLANT_SRV/A_Plant. */
  path: z.string().min(1).max(2048),
  query: z.record(z.string().min(1).max(200), z.union([QueryValue, z.array(QueryValue).max(50)])).refine((q) => Object.keys(q).length <= 100, 'at most 100 parameters').optional(),
  headers: z.record(HeaderName, HeaderValue).refine((h) => Object.keys(h).length <= 50, 'at most 50 headers').optional(),
  /** JSON is sent as JSON; a string as it is. */
  body: z.unknown().optional(),
  /** A binary body, base64. */
  body_base64: z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64').optional(),
}).strict().refine((r) => r.body === undefined || r.body_base64 === undefined, { message: 'give body or body_base64, not both', path: ['body_base64'] });
export type PassthroughRequest = z.infer<typeof PassthroughRequest>;

export const PassthroughAnswer = z.object({
  status: z.number().int(),
  headers: z.record(z.string(), z.union([z.string(), z.array(z.string())])),
  /** JSON when the system sent JSON, else text; absent for binary answers (then body_base64) and HEAD. */
  body: z.unknown().optional(),
  body_base64: z.string().optional(),
});
export type PassthroughAnswer = z.infer<typeof PassthroughAnswer>;

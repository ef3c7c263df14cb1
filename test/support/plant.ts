// The checks every system passes for the plant entities (README: "More of the plant"),
// through the unified API over HTTP: the two writes with their refusals, and links
// between entities that resolve through the API. Each system's suite calls them
// after syncing its emulator, naming the records to use.
import { expect } from 'vitest';
import type { listenApi } from './agent.js';

type Api = Awaited<ReturnType<typeof listenApi>>;
type Rec = Record<string, any>;

/** Every record of an entity through the API (all pages). */
export async function listAll(api: Api, token: string, entity: string, query = ''): Promise<Rec[]> {
  const out: Rec[] = [];
  let cursor: string | null = null;
  do {
    const r = await api.get(`/v1/${entity}?limit=500${query}${cursor ? `&cursor=${cursor}` : ''}`, token);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    out.push(...r.body.data);
    cursor = r.body.next_cursor;
  } while (cursor);
  return out;
}

/** Each unified id a record points at resolves through the API (GET /v1/<entity>/{id}). */
export async function expectLinksResolve(api: Api, token: string, entity: string, rec: Rec, links: Record<string, string>): Promise<void> {
  for (const [field, target] of Object.entries(links)) {
    const id = field.split('.').reduce<any>((o, k) => o?.[k], rec);
    if (id === null || id === undefined) continue;
    const r = await api.get(`/v1/${target}/${id}`, token);
    expect(r.status, `${entity} ${rec.id}.${field} → ${target} ${id}`).toBe(200);
  }
}

export interface WriteCase {
  /** A meter that takes numbers (continuous or cumulative). */
  numericMeter: Rec;
  /** A value it accepts (a cumulative meter: above its last reading). */
  goodValue: number | string;
  /** An asset to raise a request on. */
  asset: Rec;
  /** The sandbox answers without storing (Sandbox: true). */
  sandbox?: boolean;
}

/** The reading write and its refusals: ok, unknown meter, wrong kind, in the future, duplicate. */
export async function expectMeterReadingWrites(api: Api, token: string, c: WriteCase): Promise<Rec> {
  const readAt = new Date(Math.floor((Date.now() - 60_000) / 1000) * 1000).toISOString();
  const ok = await api.post('/v1/meter-readings', token, { meter_id: c.numericMeter.id, value: c.goodValue, read_at: readAt, note: 'Round 7' });
  expect(ok.status, JSON.stringify(ok.body)).toBe(201);
  expect(ok.body).toMatchObject({ meter_id: c.numericMeter.id, value: String(c.goodValue), deleted_at: null });
  expect(Date.parse(ok.body.read_at)).toBe(Date.parse(readAt));
  expect(ok.body.id).toMatch(/^mrd_/);
  if (c.sandbox) expect(ok.headers.get('sandbox')).toBe('true');
  else expect((await api.get(`/v1/meter-readings/${ok.body.id}`, token)).body).toMatchObject({ id: ok.body.id, meter_id: c.numericMeter.id });

  const unknown = await api.post('/v1/meter-readings', token, { meter_id: 'NO-SUCH-METER', value: 1 });
  expect(unknown.status, JSON.stringify(unknown.body)).toBe(422);
  expect(unknown.body.error).toMatchObject({ code: 'invalid_meter' });

  const text = await api.post('/v1/meter-readings', token, { meter_id: c.numericMeter.id, value: 'rather high' });
  expect(text.status, JSON.stringify(text.body)).toBe(400);
  expect(text.body.error).toMatchObject({ code: 'invalid_request', field: 'value' });

  const future = await api.post('/v1/meter-readings', token, { meter_id: c.numericMeter.id, value: 1, read_at: new Date(Date.now() + 10 * 60_000).toISOString() });
  expect(future.status).toBe(400);
  expect(future.body.error).toMatchObject({ code: 'invalid_request', field: 'read_at' });

  const bad = await api.post('/v1/meter-readings', token, { meter_id: c.numericMeter.id });
  expect(bad.status).toBe(400);
  expect(bad.body.error.field).toBe('value');
  return ok.body;
}

/** The second reading at the same time is refused (`at`: a time the meter already has a reading at). */
export async function expectDuplicateReading(api: Api, token: string, meterId: string, at: string, value: number | string): Promise<void> {
  const dup = await api.post('/v1/meter-readings', token, { meter_id: meterId, value, read_at: at });
  expect(dup.status, JSON.stringify(dup.body)).toBe(409);
  expect(dup.body.error).toMatchObject({ code: 'duplicate_reading' });
}

/** The service-request write and its refusals: ok (open, with the asset), unknown asset, bad input. */
export async function expectServiceRequestWrites(api: Api, token: string, c: WriteCase): Promise<Rec> {
  const ok = await api.post('/v1/service-requests', token, { title: 'High vibration on the pump', description: 'Raised by a threshold flow.', priority: 'urgent', asset_id: c.asset.id });
  expect(ok.status, JSON.stringify(ok.body)).toBe(201);
  expect(ok.body).toMatchObject({ title: 'High vibration on the pump', status: 'open', priority: 'urgent', asset_id: c.asset.id, work_order_id: null });
  expect(ok.body.id).toMatch(/^sr_/);
  if (c.sandbox) expect(ok.headers.get('sandbox')).toBe('true');
  else expect((await api.get(`/v1/service-requests/${ok.body.id}`, token)).status).toBe(200);

  const unknown = await api.post('/v1/service-requests', token, { title: 'Leak', asset_id: 'NO-SUCH-ASSET' });
  expect(unknown.status, JSON.stringify(unknown.body)).toBe(422);
  expect(unknown.body.error).toMatchObject({ code: 'invalid_asset' });

  const noTitle = await api.post('/v1/service-requests', token, { description: 'no title' });
  expect(noTitle.status).toBe(400);
  expect(noTitle.body.error.field).toBe('title');
  const priority = await api.post('/v1/service-requests', token, { title: 'x', priority: 'whenever' });
  expect(priority.status).toBe(400);
  expect(priority.body.error.field).toBe('priority');
  return ok.body;
}

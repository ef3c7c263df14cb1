// SAP ECC under trouble: 429/503 waited out, 500 failing cleanly then resuming,
// a malformed row skipped and reported, a truncated answer, slow answers, SOAP
// faults (missing table authorization), an outage in the middle of a 10,000-order
// sync that resumes without gaps or duplicates — and the XML reader's refusals.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSapEccEmulator, type SapEccEmulator } from '../emulators/sap-ecc/index.js';
import { connectAndSync, connectInput, openEccAgent, stored, syncNow, type EccAgent } from '../emulators/sap-ecc/agent-helper.js';
import { sapEcc } from '../../src-main/systems/sap-ecc/definition.js';
import { createConnector } from '../../src-main/systems/kit/connector.js';
import type { ConnectorConfig } from '../../src-main/systems/kit/config.js';
import { escapeXml, parseXml, writeRfcValue, XmlError } from '../../src-main/systems/sap-ecc/xml.js';
import { entityNames } from '../../src-main/contract/unified.js';

let h: EccAgent;
let emu: SapEccEmulator;
let id: string;
beforeAll(async () => {
  h = await openEccAgent();
  emu = await startSapEccEmulator({ seed: 5, size: { workOrders: 300, purchaseOrders: 40, assets: 60, vendors: 20, materials: 50 } });
  const c = await connectAndSync(h, emu);
  id = c.id;
  expect(c.run.status).toBe('completed');
});
afterAll(async () => { await h.close(); await emu.close(); });

const createSapEccConnector = (c: ConnectorConfig) => createConnector(sapEcc, c);

const expectComplete = () => {
  for (const e of entityNames) expect(stored(h, id, e).map((r) => r.remote_id).sort(), e).toEqual(emu.remoteIds(e).sort());
};

describe('fault switches', () => {
  it('429 with Retry-After is waited out and the sync completes', async () => {
    h.sleeps.length = 0;
    Object.assign(emu.server.faults, { rateLimit: { count: 2, retryAfterSeconds: 7 } });
    const run = await syncNow(h, id);
    expect(run.status).toBe('completed');
    expect(h.sleeps).toEqual([7000, 7000]);
  });

  it('503 is retried and the sync completes', async () => {
    h.sleeps.length = 0;
    Object.assign(emu.server.faults, { fail: { count: 2, status: 503 } });
    const run = await syncNow(h, id);
    expect(run.status).toBe('completed');
    expect(h.sleeps.length).toBe(2);
    expectComplete();
  });

  it('500 fails the sync with a clear error, and the next sync resumes and completes', async () => {
    Object.assign(emu.server.faults, { fail: { count: 1, status: 500 } });
    const run = await syncNow(h, id);
    expect(run).toMatchObject({ status: 'failed', error: { code: 'system_error', message: expect.stringContaining('HTTP 500') } });
    expect(h.agent.connections.get(id).status).toBe('active');
    const next = await syncNow(h, id);
    expect(next.status).toBe('completed');
    expectComplete();
  });

  it('a malformed row is skipped and reported while the others sync', async () => {
    const before = h.events.length;
    emu.server.faults.malformedNext = 1;
    const run = await syncNow(h, id, true);
    expect(run.status).toBe('completed');
    const failed = Object.values(run.counts).reduce((s, c) => s + (c?.failed ?? 0), 0);
    expect(failed).toBe(1);
    const err = h.events.slice(before).find((e) => e.type === 'system.error' && (e.data as { code: string }).code === 'record_rejected');
    expect(err?.data).toMatchObject({ entity: 'locations', message: expect.stringContaining('does not match the field layout') });
    // the unreadable plant is neither lost nor deleted; everything else is complete
    expectComplete();
    expect((await syncNow(h, id)).status).toBe('completed');
  });

  it('a malformed order in BAPI_ALM_ORDERHEAD_GET_LIST is rejected by key and kept', async () => {
    const c = createSapEccConnector({ connectionId: 'x', deployment: 'on_prem', baseUrl: emu.url, credentials: { ...emu.credentials }, options: { allow_insecure: true } });
    // the first list answer of a work-order page is the AUFK key read; skip it
    let n = 0;
    emu.onCall = (fm) => { if (fm === 'BAPI_ALM_ORDERHEAD_GET_LIST' && n++ === 0) emu.server.faults.malformedNext = 1; };
    try {
      const p = await c.listChanges({ entity: 'work-orders', since: null, historyStart: null, cursor: null, pageSize: 50 });
      expect(p.records.length).toBeGreaterThan(0);
      expect(p.rejected).toEqual([{ remote_id: expect.stringMatching(/^\d{12}$/), reason: expect.stringContaining('not a date') }]);
      expect(p.records.map((r) => r.remote_id)).not.toContain(p.rejected![0].remote_id);
    } finally { emu.onCall = null; emu.server.faults.malformedNext = 0; }
  });

  it('a truncated answer fails the sync cleanly; the next one completes', async () => {
    emu.server.faults.truncateNext = 1;
    const run = await syncNow(h, id);
    expect(run.status).toBe('failed');
    expect(run.error?.code).toMatch(/system_unreachable|system_error/);
    const next = await syncNow(h, id);
    expect(next.status).toBe('completed');
    expectComplete();
  });

  it('slow answers still work', async () => {
    emu.server.faults.slowMs = 30;
    try {
      const c = createSapEccConnector({ connectionId: 'x', deployment: 'on_prem', baseUrl: emu.url, credentials: { ...emu.credentials }, options: { allow_insecure: true } });
      const p = await c.listChanges({ entity: 'vendors', since: null, historyStart: null, cursor: null, pageSize: 500 });
      expect(p.records.length + p.deleted.length).toBe(emu.db.LFA1.size);
    } finally { emu.server.faults.slowMs = 0; }
  });

  it('a missing table authorization (S_TABU_DIS) makes that entity unavailable, naming the table; the rest connects and syncs', async () => {
    const e = await startSapEccEmulator({ size: { workOrders: 2 }, blockedTables: ['T001W'] });
    try {
      const c = await connectAndSync(h, e, { name: 'blocked T001W' });
      expect(c.run.status).toBe('completed');
      expect(h.agent.connections.get(c.id).entities.locations).toMatchObject({ available: false, reason: expect.stringMatching(/NOT_AUTHORIZED.*T001W|T001W.*NOT_AUTHORIZED/), action: expect.stringContaining('S_TABU_DIS') });
      expect(stored(h, c.id, 'work-orders')).toHaveLength(2);
      await h.api.disconnect({ id: c.id });
    } finally { await e.close(); }
  });
});

describe('an outage in the middle of a 10,000-order sync', () => {
  it('an interrupted initial sync fails as unreachable; after up() the next sync completes without gaps or duplicates', async () => {
    const big = await startSapEccEmulator({ seed: 9, size: { workOrders: 10_000, purchaseOrders: 10, assets: 20, vendors: 5, materials: 10 } });
    const a = await openEccAgent({ pageSize: 500 });
    try {
      let lists = 0;
      big.onCall = (fm) => {
        if (fm === 'BAPI_ALM_ORDERHEAD_GET_LIST' && ++lists === 6) {
          void big.server.down();
          throw new Error('the system went down');
        }
      };
      const c = await connectAndSync(a, big, { name: 'big' });
      expect(c.run).toMatchObject({ status: 'failed', error: { code: 'system_unreachable' } });
      expect(a.agent.connections.get(c.id).health).toBe('offline');
      const partial = stored(a, c.id, 'work-orders').length;
      expect(partial).toBeGreaterThan(0); // the pages committed before the outage
      expect(partial).toBeLessThan(10_000);
      big.onCall = null;
      await big.server.up();
      // the engine restarts a never-completed listing of a system without a deletion feed as a full one
      const run = await syncNow(a, c.id);
      expect(run.status).toBe('completed');
      expect(run.counts['work-orders']).toMatchObject({ created: 10_000 - partial, failed: 0 });
      const ids = stored(a, c.id, 'work-orders').map((r) => r.remote_id as string);
      expect(ids.length).toBe(10_000);
      expect(new Set(ids).size).toBe(10_000);
      expect(ids.sort()).toEqual(big.remoteIds('work-orders').sort());
      expect(a.agent.connections.get(c.id).health).toBe('online');

    } finally { await a.close(); await big.close(); }
  });

  it('an outage in an incremental sync resumes exactly at its checkpoint', async () => {
    const big = await startSapEccEmulator({ seed: 10, size: { workOrders: 10_000, purchaseOrders: 10, assets: 20, vendors: 5, materials: 10 } });
    const a = await openEccAgent({ pageSize: 500 });
    try {
      const c = await connectAndSync(a, big, { name: 'big2' });
      expect(c.run.status).toBe('completed');
      const changed = (big.server.commands.changeRecords({ entity: 'work-orders', count: 3 }) as { changed: string[] }).changed;
      let lists = 0;
      big.onCall = (fm) => {
        if (fm === 'BAPI_ALM_ORDERHEAD_GET_LIST' && ++lists === 6) { void big.server.down(); throw new Error('down'); }
      };
      const broken = await syncNow(a, c.id);
      expect(broken).toMatchObject({ status: 'failed', mode: 'incremental', error: { code: 'system_unreachable' } });
      big.onCall = null;
      await big.server.up();
      const listsBefore = big.stats.byFunction.BAPI_ALM_ORDERHEAD_GET_LIST;
      const resumed = await syncNow(a, c.id);
      expect(resumed).toMatchObject({ status: 'completed', mode: 'incremental' });
      const resumedLists = big.stats.byFunction.BAPI_ALM_ORDERHEAD_GET_LIST - listsBefore;
      expect((broken.counts['work-orders']?.updated ?? 0) + (resumed.counts['work-orders']?.updated ?? 0)).toBe(3);
      expect(resumed.counts['work-orders']).toMatchObject({ created: 0, deleted: 0 });
      for (const r of changed) expect(a.agent.records.get(c.id, 'work-orders', r)!.title).toMatch(/\(rev \d+\)$/);
      // a whole listing takes five pages more than the resumed one: it went on from page 6, not from page 1
      const before = big.stats.byFunction.BAPI_ALM_ORDERHEAD_GET_LIST;
      expect((await syncNow(a, c.id)).status).toBe('completed');
      expect(big.stats.byFunction.BAPI_ALM_ORDERHEAD_GET_LIST - before).toBe(resumedLists + 5);
      const ids = stored(a, c.id, 'work-orders').map((r) => r.remote_id as string);
      expect(new Set(ids).size).toBe(10_000);
      expect(ids.sort()).toEqual(big.remoteIds('work-orders').sort());
    } finally { await a.close(); await big.close(); }
  });
});

describe('the XML reader and writer', () => {
  it('refuses DOCTYPE, entity declarations and undeclared entities (no XXE)', () => {
    const xxe = '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>';
    expect(() => parseXml(xxe)).toThrow(XmlError);
    expect(() => parseXml('<r>&x;</r>')).toThrow(/entit/);
    expect(() => parseXml('<r><?php echo 1 ?></r>')).toThrow(/processing/);
    expect(() => parseXml('<a><b></a>')).toThrow(/does not match/);
    expect(() => parseXml('<a><b>cut')).toThrow(/truncated/);
    expect(() => parseXml('<a/><b/>')).toThrow(/more than one root/);
    expect(() => parseXml('<a>x &amp y</a>')).toThrow(/bare/);
  });

  it('reads what SAP sends: namespaces, CDATA, predefined and numeric references', () => {
    const el = parseXml('<?xml version="1.0" encoding="utf-8"?><soap-env:Envelope xmlns:soap-env="e"><x a="1 &lt; 2">A &amp; B &#228;&#x00FC;<![CDATA[<raw>]]></x></soap-env:Envelope>');
    expect(el.local).toBe('Envelope');
    expect(el.children[0]).toMatchObject({ local: 'x', attrs: { a: '1 < 2' }, text: 'A & B äü<raw>' });
  });

  it('escapes every value it writes and refuses control characters and bad names', () => {
    expect(writeRfcValue('SHORT_TEXT', `<b>"Tom's" & co</b>`)).toBe('<SHORT_TEXT>&lt;b&gt;&quot;Tom&apos;s&quot; &amp; co&lt;/b&gt;</SHORT_TEXT>');
    expect(writeRfcValue('T', [{ A: '1' }, { A: '2' }])).toBe('<T><item><A>1</A></item><item><A>2</A></item></T>');
    expect(() => escapeXml('a\u0000b')).toThrow(XmlError);
    expect(() => writeRfcValue('A><x', 'v')).toThrow(XmlError);
    // a value that looks like markup round-trips as text
    const v = '</SHORT_TEXT><EVIL>1</EVIL>';
    expect(parseXml(`<r>${writeRfcValue('SHORT_TEXT', v)}</r>`).children[0]).toMatchObject({ local: 'SHORT_TEXT', text: v, children: [] });
  });
});

// Readings carry neither unit nor meter type: both are the asset meter's. These are the reads
// that look them up, for a page of readings at once (one query over the page's assets).
import type { MaximoClient } from './client.js';
import { METERS } from './mappers/meters.js';

const quote = (v: string) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/** The asset meters of these assets, by "<assetnum>/<siteid>/<metername>". */
export async function assetMeters(client: MaximoClient, assets: { assetnum: string; siteid: string }[]): Promise<Map<string, Record<string, unknown>>> {
  const out = new Map<string, Record<string, unknown>>();
  const nums = [...new Set(assets.map((a) => a.assetnum))];
  const sites = [...new Set(assets.map((a) => a.siteid))];
  for (let i = 0; i < nums.length; i += 50) {
    const where = `assetnum in [${nums.slice(i, i + 50).map(quote).join(',')}] and siteid in [${sites.map(quote).join(',')}]`;
    for (const asset of await client.where(METERS.os, 'assetnum,siteid,assetmeter{metername,metertype,measureunitid}', where)) {
      for (const m of (Array.isArray(asset.assetmeter) ? asset.assetmeter : []) as Record<string, unknown>[]) {
        out.set(`${String(asset.assetnum)}/${String(asset.siteid)}/${String(m.metername)}`, m);
      }
    }
  }
  return out;
}

/** Each reading of a page with its asset meter (unit and type) as `assetmeter`. */
export async function withMeters(client: MaximoClient, rows: unknown[]): Promise<unknown[]> {
  const readings = rows.filter((r): r is Record<string, unknown> => r !== null && typeof r === 'object');
  const keys = readings.filter((r) => typeof r.assetnum === 'string' && typeof r.siteid === 'string').map((r) => ({ assetnum: r.assetnum as string, siteid: r.siteid as string }));
  const meters = keys.length ? await assetMeters(client, keys) : new Map();
  return rows.map((r) => {
    if (r === null || typeof r !== 'object') return r;
    const x = r as Record<string, unknown>;
    const m = meters.get(`${String(x.assetnum)}/${String(x.siteid)}/${String(x.metername)}`);
    return m ? { ...x, assetmeter: { measureunitid: m.measureunitid ?? null, metertype: m.metertype ?? null } } : x;
  });
}

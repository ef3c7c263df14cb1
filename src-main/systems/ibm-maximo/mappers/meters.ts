// Asset meters: the `assetmeter` child of MXAPIASSET (ASSETMETER: metername, metertype CONTINUOUS ·
// GAUGE · CHARACTERISTIC, measureunitid, active, lastreading, lastreadingdate). The connector
// flattens them, one row per meter with its asset's assetnum, siteid and location. A meter is
// named "<assetnum>/<siteid>/<metername>".
// [?] metertype sits on METER in Maximo; the object structure is assumed to carry it on assetmeter.
import type { Mapped, Meter, MeterType } from '../../../contract/unified.js';
import { FieldReader, isObject, type RawObject } from '../../kit/fields.js';
import { FALLBACKS, lookup } from '../../kit/mapping.js';
import { code, readingText, ref, type ObjectStructure } from './common.js';

export const METERS: ObjectStructure = {
  os: 'mxapiasset', select: 'assetnum,siteid,location,changedate,assetmeter{*}', noun: 'asset meter', keys: ['assetnum', 'siteid'],
  standard: new Set(['assetnum', 'siteid', 'location', 'metername', 'metertype', 'measureunitid', 'active', 'lastreading', 'lastreadingdate', 'assetmeterid']),
};

/** Maximo's meter types: CONTINUOUS counts up (run hours), GAUGE measures, CHARACTERISTIC is a domain value. */
export const METER_TYPES: Readonly<Record<string, MeterType>> = { CONTINUOUS: 'cumulative', GAUGE: 'continuous', CHARACTERISTIC: 'characteristic' };

export const meterKey = (assetnum: string, siteid: string, metername: string) => `${assetnum}/${siteid}/${metername}`;

/** An asset's meters as rows of their own, each with the asset's key and location. */
export function meterRows(asset: unknown): RawObject[] {
  if (!isObject(asset) || !Array.isArray(asset.assetmeter)) return [];
  return asset.assetmeter.filter(isObject).map((m) => ({ ...m, assetnum: asset.assetnum, siteid: asset.siteid, location: asset.location ?? null }));
}

export function mapMeter(raw: unknown): { record: Mapped<Meter>; warnings: string[] } {
  if (!isObject(raw)) throw new Error('asset meter: not an object');
  const r = new FieldReader(raw, `asset meter ${String(raw.assetnum)}/${String(raw.metername)}`);
  const warnings: string[] = [];
  const assetnum = r.str('assetnum');
  const siteid = r.str('siteid');
  const metername = r.str('metername');
  const last = r.value('lastreading');
  const custom: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) if (!METERS.standard.has(k) && !k.startsWith('_') && !k.endsWith('_description') && !k.endsWith('_collectionref') && k !== 'href' && k !== 'localref' && (v === null || typeof v !== 'object')) custom[k] = v;
  return {
    record: {
      remote_id: meterKey(assetnum, siteid, metername),
      name: `${assetnum} ${metername}`,
      asset_id: ref(assetnum, siteid),
      location_id: ref(r.optStr('location'), siteid),
      type: lookup(METER_TYPES, r.value('metertype'), code('asset meter', 'metertype', 'type', FALLBACKS.meterType), warnings),
      unit: r.optStr('measureunitid'),
      last_reading: last === null || last === undefined || last === '' ? null : readingText(last, r.what),
      last_reading_at: r.optTime('lastreadingdate'),
      custom_fields: { ...custom, ...(raw.active === false ? { active: false } : {}) },
      remote_data: raw, // this meter's own row (meterRows), only read after: no copy needed
    },
    warnings,
  };
}

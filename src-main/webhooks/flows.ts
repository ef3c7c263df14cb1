// Flows: conditions on synced records, checked against the unified model when
// saved and interpreted as data when records arrive. Nothing is evaluated as
// code: the interpreter knows nine operators and compares JSON values.
import { z } from 'zod';
import { fail } from '../contract/errors.js';
import { entities, IsoDate, IsoDateTime, Money, ReadingValue, type EntityName } from '../contract/unified.js';
import type { FlowCondition, FlowOperator, FlowTrigger } from '../contract/webhooks.js';

/** `measure`: a meter reading — a decimal string, or text for characteristic meters (compared as decimals when both sides are). */
export type FieldKind = 'string' | 'enum' | 'number' | 'decimal' | 'measure' | 'datetime' | 'boolean' | 'array' | 'object';
export interface FieldInfo { kind: FieldKind; nullable: boolean; options?: readonly string[] }

/** The fields of an entity, by name, with the kind the interpreter compares them as. */
export function entityFields(entity: EntityName): Record<string, FieldInfo> {
  const shape = (entities[entity] as unknown as z.ZodObject).shape as Record<string, z.ZodType>;
  const out: Record<string, FieldInfo> = {};
  for (const [name, schema] of Object.entries(shape)) out[name] = describe(schema);
  return out;
}

function describe(schema: z.ZodType): FieldInfo {
  let s = schema;
  let nullable = false;
  for (;;) {
    if (s instanceof z.ZodNullable) { nullable = true; s = s.unwrap() as z.ZodType; continue; }
    if (s instanceof z.ZodOptional) { nullable = true; s = s.unwrap() as z.ZodType; continue; }
    break;
  }
  if (s === Money) return { kind: 'decimal', nullable };
  if (s === ReadingValue) return { kind: 'measure', nullable };
  if (s === IsoDateTime || s === IsoDate) return { kind: 'datetime', nullable };
  if (s instanceof z.ZodEnum) return { kind: 'enum', nullable, options: s.options as string[] };
  if (s instanceof z.ZodNumber) return { kind: 'number', nullable };
  if (s instanceof z.ZodBoolean) return { kind: 'boolean', nullable };
  if (s instanceof z.ZodArray) return { kind: 'array', nullable };
  if (s instanceof z.ZodString) return { kind: 'string', nullable };
  return { kind: 'object', nullable };
}

const DECIMAL_RE = /^-?\d+(\.\d+)?$/;
const isDecimal = (v: unknown): v is string | number => (typeof v === 'string' && DECIMAL_RE.test(v)) || (typeof v === 'number' && Number.isFinite(v));
const isDate = (v: unknown): v is string => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}/.test(v) && !Number.isNaN(Date.parse(v));

const ORDERED: FieldKind[] = ['number', 'decimal', 'measure', 'datetime'];
const WHAT: Record<FieldKind, string> = {
  string: 'a string', enum: 'one of the field\'s values', number: 'a number', decimal: 'a decimal string such as "1234.50" (or a number)',
  measure: 'a reading: a decimal string such as "7.1" (or a number), or a text such as "PASS"',
  datetime: 'an ISO-8601 date such as "2026-03-01T00:00:00Z"', boolean: 'true or false', array: 'a value', object: 'a value',
};

/** One value checked against a field: null only for nullable fields. Returns an error text or null. */
function valueProblem(field: string, info: FieldInfo, v: unknown): string | null {
  if (v === null) return info.nullable ? null : `${field} is never null`;
  switch (info.kind) {
    case 'string': return typeof v === 'string' ? null : `${field} is a string; give a string`;
    case 'enum': return typeof v === 'string' && info.options!.includes(v) ? null : `${field} is one of ${info.options!.join(', ')}; ${JSON.stringify(v)} is not`;
    case 'number': return typeof v === 'number' ? null : `${field} is a number; give a number, not ${JSON.stringify(v)}`;
    case 'decimal': return isDecimal(v) ? null : `${field} is money; give ${WHAT.decimal}, not ${JSON.stringify(v)}`;
    case 'measure': return isDecimal(v) || (typeof v === 'string' && v !== '') ? null : `${field} is a reading; give ${WHAT.measure}, not ${JSON.stringify(v)}`;
    case 'datetime': return isDate(v) ? null : `${field} is a date; give ${WHAT.datetime}, not ${JSON.stringify(v)}`;
    case 'boolean': return typeof v === 'boolean' ? null : `${field} is true or false`;
    default: return `${field} cannot be compared`;
  }
}

/**
 * Validates a flow's conditions against the entity's fields. Errors are
 * `invalid_request` naming `conditions.N.field` or `conditions.N.value`.
 */
export function validateConditions(entity: EntityName, trigger: FlowTrigger, conditions: FlowCondition[]): void {
  const fields = entityFields(entity);
  conditions.forEach((c, i) => {
    const at = `conditions.${i}`;
    const info = Object.hasOwn(fields, c.field) ? fields[c.field] : undefined;
    if (!info) {
      const known = Object.entries(fields).filter(([, f]) => f.kind !== 'object' && f.kind !== 'array').map(([n]) => n);
      throw fail('invalid_request', `${at}.field: ${entity} has no field "${c.field}". Fields: ${known.join(', ')}.`, { field: `${at}.field` });
    }
    const bad = (message: string, where = 'value') => fail('invalid_request', `${at}.${where}: ${message}`, { field: `${at}.${where}` });
    if (info.kind === 'object' || (info.kind === 'array' && c.op !== 'contains')) {
      throw bad(`${c.field} is ${info.kind === 'array' ? 'a list' : 'an object'}; conditions can only compare plain fields${info.kind === 'array' ? ' (or use contains)' : ''}.`, 'field');
    }
    switch (c.op as FlowOperator) {
      case 'eq': case 'ne': case 'changed_to': {
        if (Array.isArray(c.value)) throw bad(`${c.op} compares with one value; use "in" for a list.`);
        const p = valueProblem(c.field, info, c.value);
        if (p) throw bad(`${p}.`);
        if (c.op === 'changed_to' && trigger === 'created') {
          throw bad('changed_to needs the previous record, which only updates have; use trigger "updated" or "any", or eq.', 'op');
        }
        break;
      }
      case 'gt': case 'gte': case 'lt': case 'lte': {
        if (!ORDERED.includes(info.kind)) throw bad(`${c.op} needs a number, money or date field; ${c.field} is ${WHAT[info.kind].replace(/^a |^an /, '')}.`, 'op');
        if (c.value === null || Array.isArray(c.value)) throw bad(`${c.op} compares with one value: ${WHAT[info.kind]}.`);
        const p = valueProblem(c.field, info, c.value);
        if (p) throw bad(`${p}.`);
        if (info.kind === 'measure' && !isDecimal(c.value)) throw bad(`${c.op} compares readings as numbers; give a decimal such as "7.1", not ${JSON.stringify(c.value)}.`);
        break;
      }
      case 'in': {
        if (!Array.isArray(c.value) || c.value.length === 0) throw bad('in needs a non-empty list of values, e.g. ["approved", "completed"].');
        c.value.forEach((v, j) => { const p = valueProblem(c.field, info, v); if (p) throw fail('invalid_request', `${at}.value.${j}: ${p}.`, { field: `${at}.value.${j}` }); });
        break;
      }
      case 'contains': {
        if (info.kind !== 'string' && info.kind !== 'array') throw bad(`contains needs a text or list field; ${c.field} is not one.`, 'op');
        if (info.kind === 'array') throw bad(`${c.field} is a list of objects; contains works on text fields and lists of plain values.`, 'field');
        if (typeof c.value !== 'string' || c.value === '') throw bad('contains needs a non-empty string.');
        break;
      }
    }
  });
}

// ---- the interpreter

/** Exact comparison of decimal strings (or numbers), without floating point. */
export function compareDecimal(a: string | number, b: string | number): number {
  const parse = (v: string | number) => {
    // A number's shortest round-trip spelling ("0.1", not 0.1000000000000000055…); no exponent notation.
    const s = typeof v === 'number'
      ? (/e/i.test(String(v)) ? v.toLocaleString('en-US', { useGrouping: false, maximumFractionDigits: 20 }) : String(v))
      : v;
    const neg = s.startsWith('-');
    const [int, frac = ''] = s.replace(/^-/, '').split('.');
    return { neg, int: int.replace(/^0+(?=\d)/, ''), frac };
  };
  const x = parse(a);
  const y = parse(b);
  const scale = Math.max(x.frac.length, y.frac.length);
  const toBig = (p: { neg: boolean; int: string; frac: string }) => {
    const n = BigInt((p.int || '0') + p.frac.padEnd(scale, '0'));
    return p.neg ? -n : n;
  };
  const d = toBig(x) - toBig(y);
  return d === 0n ? 0 : d < 0n ? -1 : 1;
}

function compare(kind: FieldKind, a: unknown, b: unknown): number | null {
  if (a === null || a === undefined || b === null || b === undefined) return null;
  switch (kind) {
    case 'number': return typeof a === 'number' && typeof b === 'number' ? Math.sign(a - b) : null;
    case 'decimal': case 'measure': return isDecimal(a) && isDecimal(b) ? compareDecimal(a, b) : null;
    case 'datetime': {
      const x = typeof a === 'string' ? Date.parse(a) : NaN;
      const y = typeof b === 'string' ? Date.parse(b) : NaN;
      return Number.isNaN(x) || Number.isNaN(y) ? null : Math.sign(x - y);
    }
    default: return null;
  }
}

function equal(kind: FieldKind, a: unknown, b: unknown): boolean {
  if (a === null || a === undefined || b === null || b === undefined) return (a ?? null) === (b ?? null);
  // a reading that is text ("PASS") equals only the same text
  if (kind === 'measure' && !(isDecimal(a) && isDecimal(b))) return a === b;
  if (ORDERED.includes(kind)) return compare(kind, a, b) === 0;
  return a === b;
}

/** Do all conditions hold for this record (and its previous version, for changed_to)? */
export function matchConditions(
  entity: EntityName, conditions: FlowCondition[], record: Record<string, unknown>, previous: Record<string, unknown> | null,
  kinds: Record<string, FieldInfo> = entityFields(entity),
): boolean {
  return conditions.every((c) => {
    const kind = kinds[c.field]?.kind ?? 'string';
    const v = Object.hasOwn(record, c.field) ? record[c.field] : undefined;
    switch (c.op) {
      case 'eq': return equal(kind, v, c.value);
      case 'ne': return !equal(kind, v, c.value);
      case 'gt': { const r = compare(kind, v, c.value); return r !== null && r > 0; }
      case 'gte': { const r = compare(kind, v, c.value); return r !== null && r >= 0; }
      case 'lt': { const r = compare(kind, v, c.value); return r !== null && r < 0; }
      case 'lte': { const r = compare(kind, v, c.value); return r !== null && r <= 0; }
      case 'in': return Array.isArray(c.value) && c.value.some((x) => equal(kind, v, x));
      case 'contains':
        if (typeof v === 'string' && typeof c.value === 'string') return v.toLowerCase().includes(c.value.toLowerCase());
        if (Array.isArray(v)) return v.some((x) => equal(kind, x, c.value));
        return false;
      case 'changed_to': {
        if (!previous) return false;
        const before = Object.hasOwn(previous, c.field) ? previous[c.field] : undefined;
        return equal(kind, v, c.value) && !equal(kind, before, c.value);
      }
      default: return false;
    }
  });
}

export function triggerMatches(trigger: FlowTrigger, change: 'created' | 'updated'): boolean {
  return trigger === 'any' || trigger === change;
}

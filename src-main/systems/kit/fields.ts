// Defensive readers for the sandbox's raw JSON. Raw records can be edited by
// tests (touch/add) into anything, so mapping never trusts a field's type: a
// wrong type throws an Error that names the record and the field, which the
// connector turns into a `rejected` entry.
import { IsoDateTime, Money } from '../../contract/unified.js';
import { normalizeMoney } from './money.js';

export type RawObject = Record<string, unknown>;

export function isObject(value: unknown): value is RawObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export class FieldReader {
  constructor(
    readonly obj: RawObject,
    /** How errors name the record: 'purchase order PO-10023'. */
    readonly what: string,
  ) {}

  private fail(key: string, expected: string): never {
    const got = this.obj[key];
    throw new Error(`${this.what}: field "${key}" must be ${expected}, got ${got === undefined ? 'nothing' : JSON.stringify(got)}`);
  }

  value(key: string): unknown {
    return this.obj[key];
  }

  str(key: string): string {
    const v = this.obj[key];
    if (typeof v !== 'string' || v.trim() === '') this.fail(key, 'a non-empty string');
    return v;
  }

  optStr(key: string): string | null {
    const v = this.obj[key];
    if (v === undefined || v === null || v === '') return null;
    if (typeof v !== 'string') this.fail(key, 'a string or null');
    return v;
  }

  num(key: string): number {
    const v = this.obj[key];
    if (typeof v !== 'number' || !Number.isFinite(v)) this.fail(key, 'a finite number');
    return v;
  }

  optNum(key: string): number | null {
    const v = this.obj[key];
    if (v === undefined || v === null) return null;
    return this.num(key);
  }

  /** An ISO-8601 time, normalised to UTC ("…Z") as the unified model wants. */
  time(key: string): string {
    const v = this.obj[key];
    if (typeof v !== 'string' || !IsoDateTime.safeParse(v).success) this.fail(key, 'an ISO-8601 date-time');
    if (v.endsWith('Z')) return v;
    return new Date(Date.parse(v)).toISOString().replace('.000Z', 'Z');
  }

  optTime(key: string): string | null {
    const v = this.obj[key];
    if (v === undefined || v === null) return null;
    return this.time(key);
  }

  /** A money amount as a decimal string with at least 2 decimals; numbers are accepted (some systems send them). */
  money(key: string): string {
    const v = this.obj[key];
    if (typeof v === 'number' && Number.isFinite(v)) return normalizeMoney(v);
    if (typeof v !== 'string' || !Money.safeParse(v).success) this.fail(key, 'a decimal amount such as "12.50"');
    return normalizeMoney(v);
  }

  optMoney(key: string): string | null {
    const v = this.obj[key];
    if (v === undefined || v === null) return null;
    return this.money(key);
  }

  optObj(key: string): RawObject | null {
    const v = this.obj[key];
    if (v === undefined || v === null) return null;
    if (!isObject(v)) this.fail(key, 'an object');
    return v;
  }
}

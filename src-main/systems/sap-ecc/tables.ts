// RFC_READ_TABLE, used the careful way: explicit FIELDS (rows are limited to 512
// characters), a delimiter, WHERE clauses split into 72-character OPTIONS lines,
// key-range paging (KEY > last key, ROWCOUNT = page size + 1) so a listing
// resumes exactly after its cursor even when rows are inserted or archived
// meanwhile, and rows cut out of DATA-WA by the OFFSET/LENGTH of FIELDS (a
// delimiter inside a value cannot shift the columns).
// Docs: RFC_READ_TABLE signature, https://github.com/SAP/fundamental-tools [V];
// SAP note 382318 (RFC_READ_TABLE limits) [K].
import { ConnectorError } from '../connector.js';
import type { ReadTableField, TableRow } from './raw.js';
import type { RfcClient } from './rfc.js';
import { child, readTable } from './xml.js';

export const DELIMITER = '|';

/** A quoted Open SQL literal. */
export function lit(value: string): string {
  if (/[\r\n\t]/.test(value)) throw new ConnectorError('invalid_request', 'a key contains a control character');
  return `'${value.replace(/'/g, "''")}'`;
}

/** Splits WHERE tokens into OPTIONS lines of at most 72 characters (a token never spans lines). */
export function optionLines(tokens: string[]): { TEXT: string }[] {
  const lines: { TEXT: string }[] = [];
  let cur = '';
  for (const t of tokens) {
    if (t.length > 72) throw new ConnectorError('invalid_request', `a WHERE token is longer than 72 characters: ${t.slice(0, 20)}…`);
    if (cur && cur.length + 1 + t.length > 72) { lines.push({ TEXT: cur }); cur = t; } else cur = cur ? `${cur} ${t}` : t;
  }
  if (cur) lines.push({ TEXT: cur });
  return lines;
}

/** WHERE tokens for "key tuple > last" over a composite key. */
export function afterKey(keyFields: string[], last: string[]): string[] {
  const ors: string[][] = [];
  for (let i = 0; i < keyFields.length; i++) {
    const and: string[] = [];
    for (let j = 0; j < i; j++) and.push(keyFields[j], 'EQ', lit(last[j]), 'AND');
    and.push(keyFields[i], 'GT', lit(last[i]));
    ors.push(['(', ...and, ')']);
  }
  return ors.flatMap((o, i) => (i ? ['OR', ...o] : o));
}

/** WHERE tokens for FIELD IN ( 'a' , 'b' ). */
export function inList(field: string, values: string[]): string[] {
  return [field, 'IN', '(', ...values.flatMap((v, i) => (i ? [',', lit(v)] : [lit(v)])), ')'];
}

/** Joins WHERE parts with AND, each in parentheses. */
export function and(...parts: (string[] | null)[]): string[] {
  const ps = parts.filter((p): p is string[] => !!p && p.length > 0);
  return ps.flatMap((p, i) => (i ? ['AND', '(', ...p, ')'] : ['(', ...p, ')']));
}

/** One DATA row in the order SAP returned it: readable, or malformed (with the key where it could be read). */
export type ReadEntry = { row: TableRow } | { bad: { key: string | null; reason: string } };

export class TableReader {
  private readonly layouts = new Map<string, string[]>();

  constructor(private readonly rfc: RfcClient) {}

  /**
   * The fields to request from `table`: the wanted standard fields that exist,
   * plus every customer field (ZZ*, YY*), from the DDIC (DDIF_FIELDINFO_GET).
   * Without DDIC access the wanted fields are requested as they are.
   */
  async fieldsOf(table: string, wanted: string[]): Promise<string[]> {
    const cached = this.layouts.get(table);
    if (cached) return cached;
    let dfies: { FIELDNAME: string; LENG: string }[];
    try {
      const res = await this.rfc.call('DDIF_FIELDINFO_GET', { TABNAME: table, LANGU: 'E', DFIES_TAB: [] });
      dfies = readTable(child(res, 'DFIES_TAB')) as never;
    } catch (err) {
      if (err instanceof ConnectorError && err.kind === 'system' && err.extra.code && err.extra.code !== 'soap_fault') dfies = [];
      else throw err;
    }
    if (!dfies.length) { this.layouts.set(table, wanted); return wanted; }
    const lengths = new Map(dfies.map((f) => [f.FIELDNAME.trim(), Number(f.LENG) || 0]));
    const pick = [...wanted.filter((f) => lengths.has(f)), ...[...lengths.keys()].filter((f) => /^(ZZ|YY)/.test(f) && !wanted.includes(f))];
    // stay within the 512-character DATA-WA row
    const out: string[] = [];
    let width = 0;
    for (const f of pick) {
      const w = (lengths.get(f) ?? 0) + DELIMITER.length;
      if (width + w > 512 + DELIMITER.length) break;
      out.push(f);
      width += w;
    }
    this.layouts.set(table, out);
    return out;
  }

  async read(table: string, fields: string[], where: string[], rowcount: number, keyField?: string): Promise<ReadEntry[]> {
    const res = await this.rfc.call('RFC_READ_TABLE', {
      QUERY_TABLE: table, DELIMITER, ROWSKIPS: '0', ROWCOUNT: String(rowcount),
      OPTIONS: optionLines(where), FIELDS: fields.map((f) => ({ FIELDNAME: f })), DATA: [],
    });
    const layout = readTable(child(res, 'FIELDS')) as unknown as ReadTableField[];
    const data = readTable(child(res, 'DATA'));
    const out: ReadEntry[] = [];
    const cols = layout.map((f) => ({ name: f.FIELDNAME.trim(), offset: Number(f.OFFSET), length: Number(f.LENGTH) }));
    if (cols.some((c) => !Number.isInteger(c.offset) || !Number.isInteger(c.length) || c.offset < 0 || c.length < 0)) {
      throw new ConnectorError('system', `RFC_READ_TABLE ${table}: the FIELDS layout is not readable`);
    }
    for (const d of data) {
      const wa = d.WA ?? '';
      const row: TableRow = {};
      let bad: string | null = null;
      for (let i = 0; i < cols.length; i++) {
        const c = cols[i];
        if (i > 0 && c.offset - 1 < wa.length && wa[c.offset - 1] !== DELIMITER) bad = `the row does not match the field layout at ${c.name}`;
        row[c.name] = wa.slice(c.offset, c.offset + c.length).trim();
      }
      if (wa.length > 0 && cols.length && wa.length > cols[cols.length - 1].offset + cols[cols.length - 1].length) bad ??= 'the row is longer than the field layout';
      if (bad) {
        const key = keyField && row[keyField] && /^[\w/ .-]+$/.test(row[keyField]) ? row[keyField] : null;
        out.push({ bad: { key, reason: `${table}: ${bad}` } });
      } else out.push({ row });
    }
    return out;
  }
}

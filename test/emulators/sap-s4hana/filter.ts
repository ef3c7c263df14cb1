// A small OData v2 $filter / $orderby engine for the S/4HANA emulator:
// eq ne gt ge lt le, and/or/not, parentheses, startswith/substringof, and the
// literals SAP clients send ('text', datetimeoffset'…', datetime'…', numbers,
// true/false/null). Rows hold dates as epoch milliseconds.

export class ODataQueryError extends Error {}

type Tok = { t: 'id' | 'str' | 'num' | 'typed' | 'op' | '(' | ')' | ','; v: string; kind?: string };

function tokenize(s: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (/\s/.test(c)) { i++; continue; }
    if (c === '(' || c === ')' || c === ',') { out.push({ t: c, v: c }); i++; continue; }
    if (c === "'") {
      const [text, next] = readString(s, i);
      out.push({ t: 'str', v: text });
      i = next;
      continue;
    }
    // OData v4 literals: Edm.Date 2026-03-01 and Edm.TimeOfDay 15:51:04 (rows hold them as the same text)
    const v4 = /^(\d{4}-\d{2}-\d{2}(?![\dT])|\d{2}:\d{2}:\d{2})/.exec(s.slice(i));
    if (v4) { out.push({ t: 'str', v: v4[1] }); i += v4[1].length; continue; }
    const num = /^-?\d+(\.\d+)?[MmDdLlFf]?/.exec(s.slice(i));
    if (num && !/[A-Za-z_]/.test(s[i + num[0].length] ?? '')) { out.push({ t: 'num', v: num[0].replace(/[MmDdLlFf]$/, '') }); i += num[0].length; continue; }
    const id = /^[A-Za-z_][A-Za-z0-9_/]*/.exec(s.slice(i));
    if (id) {
      i += id[0].length;
      if (s[i] === "'") {
        const [text, next] = readString(s, i);
        out.push({ t: 'typed', v: text, kind: id[0].toLowerCase() });
        i = next;
      } else if (['eq', 'ne', 'gt', 'ge', 'lt', 'le', 'and', 'or', 'not'].includes(id[0])) out.push({ t: 'op', v: id[0] });
      else out.push({ t: 'id', v: id[0] });
      continue;
    }
    throw new ODataQueryError(`Invalid token at position ${i} in $filter`);
  }
  return out;
}

function readString(s: string, start: number): [string, number] {
  let i = start + 1;
  let text = '';
  for (;;) {
    if (i >= s.length) throw new ODataQueryError('Unterminated string literal in $filter');
    if (s[i] === "'") {
      if (s[i + 1] === "'") { text += "'"; i += 2; continue; }
      return [text, i + 1];
    }
    text += s[i++];
  }
}

export type Row = Record<string, unknown>;
type Node =
  | { k: 'cmp'; op: string; a: Operand; b: Operand }
  | { k: 'and' | 'or'; a: Node; b: Node }
  | { k: 'not'; a: Node }
  | { k: 'fn'; name: string; args: Operand[] };
type Operand = { k: 'field'; name: string } | { k: 'lit'; v: unknown };

/** ms of a datetime'…' / datetimeoffset'…' literal (up to 7 decimals, Z or offset; datetime without zone = UTC). */
export function parseLiteralDate(text: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?(Z|[+-]\d{2}:\d{2})?$/.exec(text);
  if (!m) throw new ODataQueryError(`Invalid date literal '${text}'`);
  const ms = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +(m[6] ?? 0), +((m[7] ?? '0') + '00').slice(0, 3));
  const zone = m[8] && m[8] !== 'Z' ? (m[8][0] === '-' ? -1 : 1) * (+m[8].slice(1, 3) * 60 + +m[8].slice(4, 6)) : 0;
  return ms - zone * 60_000;
}

export interface FilterContext {
  /** Fields that exist on the entity. */
  fields: ReadonlySet<string>;
  /** Fields the service marks sap:filterable="false". */
  nonFilterable?: ReadonlySet<string>;
}

export function parseFilter(text: string, ctx: FilterContext): (row: Row) => boolean {
  const toks = tokenize(text);
  let i = 0;
  const peek = () => toks[i];
  const take = () => toks[i++];
  const expect = (t: Tok['t']) => { const x = take(); if (!x || x.t !== t) throw new ODataQueryError(`Expected ${t} in $filter`); return x; };

  const operand = (): Operand => {
    const x = take();
    if (!x) throw new ODataQueryError('Unexpected end of $filter');
    if (x.t === 'id') {
      if (x.v === 'true' || x.v === 'false') return { k: 'lit', v: x.v === 'true' };
      if (x.v === 'null') return { k: 'lit', v: null };
      if (!ctx.fields.has(x.v)) throw new ODataQueryError(`Property ${x.v} not found`);
      if (ctx.nonFilterable?.has(x.v)) throw new ODataQueryError(`Property ${x.v} is not filterable`);
      return { k: 'field', name: x.v };
    }
    if (x.t === 'str') return { k: 'lit', v: x.v };
    if (x.t === 'num') return { k: 'lit', v: Number(x.v) };
    if (x.t === 'typed') {
      if (x.kind === 'datetime' || x.kind === 'datetimeoffset') return { k: 'lit', v: parseLiteralDate(x.v) };
      if (x.kind === 'guid' || x.kind === 'time') return { k: 'lit', v: x.v };
      throw new ODataQueryError(`Unsupported literal type ${x.kind}`);
    }
    throw new ODataQueryError(`Unexpected ${x.v} in $filter`);
  };

  const primary = (): Node => {
    const x = peek();
    if (!x) throw new ODataQueryError('Unexpected end of $filter');
    if (x.t === '(') { take(); const n = or(); expect(')'); return n; }
    if (x.t === 'op' && x.v === 'not') { take(); return { k: 'not', a: primary() }; }
    if (x.t === 'id' && toks[i + 1]?.t === '(' && ['startswith', 'substringof', 'endswith'].includes(x.v)) {
      take(); take();
      const args = [operand()];
      while (peek()?.t === ',') { take(); args.push(operand()); }
      expect(')');
      // startswith(...) eq true
      if (peek()?.t === 'op' && (peek()!.v === 'eq' || peek()!.v === 'ne')) {
        const op = take().v;
        const b = operand();
        const fn: Node = { k: 'fn', name: x.v, args };
        return op === 'eq' ? (b.k === 'lit' && b.v === false ? { k: 'not', a: fn } : fn) : (b.k === 'lit' && b.v === false ? fn : { k: 'not', a: fn });
      }
      return { k: 'fn', name: x.v, args };
    }
    const a = operand();
    const op = take();
    if (!op || op.t !== 'op' || !['eq', 'ne', 'gt', 'ge', 'lt', 'le'].includes(op.v)) throw new ODataQueryError('Expected a comparison operator in $filter');
    return { k: 'cmp', op: op.v, a, b: operand() };
  };
  const and = (): Node => {
    let n = primary();
    while (peek()?.t === 'op' && peek()!.v === 'and') { take(); n = { k: 'and', a: n, b: primary() }; }
    return n;
  };
  const or = (): Node => {
    let n = and();
    while (peek()?.t === 'op' && peek()!.v === 'or') { take(); n = { k: 'or', a: n, b: and() }; }
    return n;
  };
  const tree = or();
  if (i !== toks.length) throw new ODataQueryError('Unexpected text after the $filter expression');
  return (row) => evaluate(tree, row);
}

function value(o: Operand, row: Row): unknown {
  return o.k === 'field' ? row[o.name] : o.v;
}

export function compareValues(x: unknown, y: unknown): number {
  if (x === y) return 0;
  if (x === null || x === undefined) return -1;
  if (y === null || y === undefined) return 1;
  const nx = typeof x === 'number' ? x : typeof x === 'string' && typeof y === 'number' && /^-?\d+(\.\d+)?$/.test(x) ? Number(x) : null;
  const ny = typeof y === 'number' ? y : typeof y === 'string' && typeof x === 'number' && /^-?\d+(\.\d+)?$/.test(y) ? Number(y) : null;
  if (nx !== null && ny !== null) return nx < ny ? -1 : nx > ny ? 1 : 0;
  const sx = String(x);
  const sy = String(y);
  return sx < sy ? -1 : sx > sy ? 1 : 0;
}

function evaluate(n: Node, row: Row): boolean {
  switch (n.k) {
    case 'and': return evaluate(n.a, row) && evaluate(n.b, row);
    case 'or': return evaluate(n.a, row) || evaluate(n.b, row);
    case 'not': return !evaluate(n.a, row);
    case 'fn': {
      const [a, b] = n.args.map((x) => String(value(x, row) ?? ''));
      if (n.name === 'startswith') return a.startsWith(b);
      if (n.name === 'endswith') return a.endsWith(b);
      return b.includes(a); // substringof('x', Field)
    }
    case 'cmp': {
      const c = compareValues(value(n.a, row), value(n.b, row));
      const a = value(n.a, row);
      const b = value(n.b, row);
      if ((a === null || a === undefined || b === null || b === undefined) && n.op !== 'eq' && n.op !== 'ne') return false;
      switch (n.op) {
        case 'eq': return c === 0;
        case 'ne': return c !== 0;
        case 'gt': return c > 0;
        case 'ge': return c >= 0;
        case 'lt': return c < 0;
        default: return c <= 0;
      }
    }
  }
}

export function parseOrderBy(text: string, ctx: FilterContext & { nonSortable?: ReadonlySet<string> }): (a: Row, b: Row) => number {
  const keys = text.split(',').map((p) => p.trim()).filter(Boolean).map((p) => {
    const [field, dir = 'asc'] = p.split(/\s+/);
    if (!ctx.fields.has(field)) throw new ODataQueryError(`Property ${field} not found`);
    if (ctx.nonSortable?.has(field)) throw new ODataQueryError(`Property ${field} is not sortable`);
    if (dir !== 'asc' && dir !== 'desc') throw new ODataQueryError(`Invalid sort direction ${dir}`);
    return { field, sign: dir === 'desc' ? -1 : 1 };
  });
  return (a, b) => {
    for (const k of keys) {
      const c = compareValues(a[k.field], b[k.field]);
      if (c) return c * k.sign;
    }
    return 0;
  };
}

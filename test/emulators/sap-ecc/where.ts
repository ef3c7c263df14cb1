// The Open SQL WHERE subset RFC_READ_TABLE's OPTIONS accept: comparisons
// (= EQ <> NE < LT > GT <= LE >= GE), LIKE, IN ( … ), BETWEEN, AND/OR/NOT and
// parentheses, literals in single quotes ('' escapes a quote). Anything else is
// OPTION_NOT_VALID, as in SAP. Also finds a lower bound on the first key field
// so key-range paging does not scan the whole table.
import type { Row, Table } from './dataset.js';

export class OptionError extends Error {}

type Node =
  | { k: 'and' | 'or'; a: Node; b: Node }
  | { k: 'not'; a: Node }
  | { k: 'cmp'; f: string; op: string; v: string }
  | { k: 'in'; f: string; vs: string[] }
  | { k: 'like'; f: string; re: RegExp }
  | { k: 'between'; f: string; lo: string; hi: string }
  | { k: 'true' };

const OPS: Record<string, string> = { '=': 'EQ', EQ: 'EQ', '<>': 'NE', NE: 'NE', '<': 'LT', LT: 'LT', '>': 'GT', GT: 'GT', '<=': 'LE', LE: 'LE', '>=': 'GE', GE: 'GE' };

function tokenize(s: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < s.length) {
    const ch = s[i];
    if (/\s/.test(ch)) { i++; continue; }
    if (ch === "'") {
      let v = '';
      i++;
      for (;;) {
        if (i >= s.length) throw new OptionError('unterminated literal');
        if (s[i] === "'") { if (s[i + 1] === "'") { v += "'"; i += 2; continue; } i++; break; }
        v += s[i++];
      }
      out.push(`'${v}`); // marker: a literal
      continue;
    }
    if (ch === '(' || ch === ')' || ch === ',') { out.push(ch); i++; continue; }
    const op = /^(<=|>=|<>|=|<|>)/.exec(s.slice(i));
    if (op) { out.push(op[1]); i += op[1].length; continue; }
    const w = /^[A-Za-z0-9_~/-]+/.exec(s.slice(i));
    if (!w) throw new OptionError(`unexpected character ${JSON.stringify(ch)}`);
    out.push(w[0].toUpperCase());
    i += w[0].length;
  }
  return out;
}

export function parseWhere(text: string, table: Table): Node {
  const t = tokenize(text);
  if (!t.length) return { k: 'true' };
  let i = 0;
  const peek = () => t[i];
  const take = (want?: string) => {
    const v = t[i++];
    if (v === undefined || (want && v !== want)) throw new OptionError(`expected ${want ?? 'more'} at token ${i}`);
    return v;
  };
  const literal = () => { const v = take(); if (!v.startsWith("'")) throw new OptionError(`expected a literal, got ${v}`); return v.slice(1); };
  const field = () => {
    const f = take();
    if (!table.fieldMap.has(f)) throw new OptionError(`unknown field ${f} in table ${table.name}`);
    return f;
  };
  const expr = (): Node => { let a = term(); while (peek() === 'OR') { i++; a = { k: 'or', a, b: term() }; } return a; };
  const term = (): Node => { let a = factor(); while (peek() === 'AND') { i++; a = { k: 'and', a, b: factor() }; } return a; };
  const factor = (): Node => {
    if (peek() === 'NOT') { i++; return { k: 'not', a: factor() }; }
    if (peek() === '(') { i++; const e = expr(); take(')'); return e; }
    const f = field();
    const op = take();
    if (op === 'IN') {
      take('(');
      const vs = [literal()];
      while (peek() === ',') { i++; vs.push(literal()); }
      take(')');
      return { k: 'in', f, vs };
    }
    if (op === 'LIKE') {
      const pat = literal().replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%/g, '.*').replace(/_/g, '.');
      return { k: 'like', f, re: new RegExp(`^${pat}$`) };
    }
    if (op === 'BETWEEN') { const lo = literal(); take('AND'); return { k: 'between', f, lo, hi: literal() }; }
    if (!OPS[op]) throw new OptionError(`unknown operator ${op}`);
    return { k: 'cmp', f, op: OPS[op], v: literal() };
  };
  const node = expr();
  if (i !== t.length) throw new OptionError(`unexpected ${t[i]}`);
  return node;
}

const val = (row: Row, f: string) => (row[f] ?? '').trimEnd();

export function evaluate(node: Node, row: Row): boolean {
  switch (node.k) {
    case 'true': return true;
    case 'and': return evaluate(node.a, row) && evaluate(node.b, row);
    case 'or': return evaluate(node.a, row) || evaluate(node.b, row);
    case 'not': return !evaluate(node.a, row);
    case 'in': return node.vs.some((v) => v.trimEnd() === val(row, node.f));
    case 'like': return node.re.test(val(row, node.f));
    case 'between': { const x = val(row, node.f); return x >= node.lo.trimEnd() && x <= node.hi.trimEnd(); }
    case 'cmp': {
      const x = val(row, node.f);
      const v = node.v.trimEnd();
      switch (node.op) {
        case 'EQ': return x === v; case 'NE': return x !== v; case 'LT': return x < v; case 'GT': return x > v; case 'LE': return x <= v; default: return x >= v;
      }
    }
  }
}

/** The largest value the first key field can take under `node` (inclusive), or null for "to the end". */
export function upperBound(node: Node, keyField: string): string | null {
  switch (node.k) {
    case 'cmp': return node.f === keyField && (node.op === 'LT' || node.op === 'LE' || node.op === 'EQ') ? node.v : null;
    case 'between': return node.f === keyField ? node.hi : null;
    case 'in': return node.f === keyField && node.vs.length ? node.vs.reduce((a, b) => (a > b ? a : b)) : null;
    case 'and': {
      const a = upperBound(node.a, keyField);
      const b = upperBound(node.b, keyField);
      return a === null ? b : b === null ? a : a < b ? a : b;
    }
    case 'or': {
      const a = upperBound(node.a, keyField);
      const b = upperBound(node.b, keyField);
      return a === null || b === null ? null : a > b ? a : b;
    }
    default: return null;
  }
}

/** The smallest value the first key field can take under `node` (inclusive), or null for "from the start". */
export function lowerBound(node: Node, keyField: string): string | null {
  switch (node.k) {
    case 'cmp': return node.f === keyField && (node.op === 'GT' || node.op === 'GE' || node.op === 'EQ') ? node.v : null;
    case 'between': return node.f === keyField ? node.lo : null;
    case 'in': return node.f === keyField && node.vs.length ? node.vs.reduce((a, b) => (a < b ? a : b)) : null;
    case 'and': {
      const a = lowerBound(node.a, keyField);
      const b = lowerBound(node.b, keyField);
      return a === null ? b : b === null ? a : a > b ? a : b;
    }
    case 'or': {
      const a = lowerBound(node.a, keyField);
      const b = lowerBound(node.b, keyField);
      return a === null || b === null ? null : a < b ? a : b;
    }
    default: return null;
  }
}

// A small evaluator for Maximo's oslc.where: clauses joined by `and`, each
// `attr op value` with op in = != > >= < <= and `in [..]`; strings and dates
// double-quoted, numbers and booleans bare; `%` wildcards in "=" strings;
// `attr="*"` not null, `attr!="*"` null. (Maximo does not support `or`.)
export type Literal = string | number | boolean | null;
export interface Clause { attr: string; op: '=' | '!=' | '>' | '>=' | '<' | '<=' | 'in'; value: Literal | Literal[]; quoted: boolean }

export class WhereError extends Error {}

function splitAnd(s: string): string[] {
  const parts: string[] = [];
  let depth = 0; let inStr = false; let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (inStr) { if (c === '\\') i++; else if (c === '"') inStr = false; continue; }
    if (c === '"') inStr = true;
    else if (c === '[' || c === '(') depth++;
    else if (c === ']' || c === ')') depth--;
    else if (depth === 0 && /\s/.test(c) && /^\s+and\s+/i.test(s.slice(i))) {
      parts.push(s.slice(start, i));
      const m = /^\s+and\s+/i.exec(s.slice(i))!;
      i += m[0].length - 1;
      start = i + 1;
    } else if (depth === 0 && /^\s+or\s+/i.test(s.slice(i))) {
      throw new WhereError('BMXAA7876E - The or operator is not supported in oslc.where.');
    }
  }
  parts.push(s.slice(start));
  return parts.map((p) => p.trim()).filter(Boolean);
}

function literal(raw: string): { value: Literal; quoted: boolean } {
  const t = raw.trim();
  if (t.startsWith('"')) {
    if (!t.endsWith('"') || t.length < 2) throw new WhereError(`BMXAA7875E - The query value ${t} is not terminated.`);
    return { value: t.slice(1, -1).replace(/\\(.)/g, '$1'), quoted: true };
  }
  if (/^-?\d+(\.\d+)?$/.test(t)) return { value: Number(t), quoted: false };
  if (t === 'true' || t === 'false') return { value: t === 'true', quoted: false };
  if (t === 'null') return { value: null, quoted: false };
  throw new WhereError(`BMXAA7874E - The query value ${t} must be double-quoted.`);
}

export function parseWhere(where: string): Clause[] {
  return splitAnd(where).map((c) => {
    const m = /^([A-Za-z_][\w.]*)\s*(>=|<=|!=|=|>|<|\s+in\s+)\s*(.+)$/is.exec(c);
    if (!m) throw new WhereError(`BMXAA7873E - The oslc.where clause ${c} is not valid.`);
    const op = m[2].trim().toLowerCase() as Clause['op'];
    if (op === 'in') {
      const list = m[3].trim();
      if (!list.startsWith('[') || !list.endsWith(']')) throw new WhereError('BMXAA7873E - The in operator needs a list in [ ].');
      const items = list.slice(1, -1).split(',').map((x) => literal(x));
      return { attr: m[1].toLowerCase(), op, value: items.map((x) => x.value), quoted: true };
    }
    const { value, quoted } = literal(m[3]);
    return { attr: m[1].toLowerCase(), op, value, quoted };
  });
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/;

function cmp(a: unknown, b: Literal): number | null {
  if (a === undefined || a === null || b === null) return null;
  if (typeof a === 'string' && typeof b === 'string' && ISO.test(a) && ISO.test(b)) return Date.parse(a) - Date.parse(b);
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof b === 'number' && typeof a === 'string' && a.trim() !== '' && Number.isFinite(Number(a))) return Number(a) - b;
  const sa = String(a); const sb = String(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

export function matches(rec: Record<string, unknown>, clauses: Clause[]): boolean {
  for (const c of clauses) {
    const v = rec[c.attr];
    if (c.op === 'in') {
      if (!(c.value as Literal[]).some((x) => cmp(v, x) === 0)) return false;
      continue;
    }
    const lit = c.value as Literal;
    if (lit === '*' && (c.op === '=' || c.op === '!=')) {
      const present = v !== undefined && v !== null && v !== '';
      if (present !== (c.op === '=')) return false;
      continue;
    }
    if (c.op === '=' && typeof lit === 'string' && lit.includes('%')) {
      const re = new RegExp(`^${lit.split('%').map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 'i');
      if (!re.test(String(v ?? ''))) return false;
      continue;
    }
    const d = cmp(v, lit);
    if (d === null) return false;
    const ok = c.op === '=' ? d === 0 : c.op === '!=' ? d !== 0 : c.op === '>' ? d > 0 : c.op === '>=' ? d >= 0 : c.op === '<' ? d < 0 : d <= 0;
    if (!ok) return false;
  }
  return true;
}

// Exact decimal arithmetic for money and quantities, shared by every system.
// Amounts are decimal strings ("1234.50"); every computation runs on bigint
// coefficients, never on floats, so that amount = quantity × unit price holds
// to the cent whatever form the system sends (SAP decimal strings, Maximo and
// UpKeep JSON numbers).

/** value = coef × 10^exp */
export interface Decimal {
  coef: bigint;
  exp: number;
}

const DECIMAL = /^([+-]?)(\d+)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$|^([+-]?)\.(\d+)(?:[eE]([+-]?\d+))?$/;

/** Parses "12.50", "-3", "1e-7" (what String(number) can produce). Throws on anything else. */
export function parseDecimal(input: string | number): Decimal {
  const text = typeof input === 'number' ? numberToText(input) : input.trim();
  const m = DECIMAL.exec(text);
  if (!m) throw new Error(`not a decimal number: ${JSON.stringify(input)}`);
  const sign = (m[1] ?? m[5]) === '-' ? -1n : 1n;
  const intPart = m[2] ?? '0';
  const frac = m[3] ?? m[6] ?? '';
  const exponent = Number(m[4] ?? m[7] ?? '0');
  return { coef: sign * BigInt(intPart + frac), exp: exponent - frac.length };
}

function numberToText(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`not a finite number: ${n}`);
  return String(n);
}

const pow10 = (n: number) => 10n ** BigInt(n);

/** n ÷ d rounded half away from zero. */
function divRound(n: bigint, d: bigint): bigint {
  if (d < 0n) { n = -n; d = -d; }
  const neg = n < 0n;
  const abs = neg ? -n : n;
  let q = abs / d;
  if ((abs % d) * 2n >= d) q += 1n;
  return neg ? -q : q;
}

/** The coefficient of `d` at `scale` decimals, rounded half away from zero (commercial rounding). */
function roundTo(d: Decimal, scale: number): bigint {
  const shift = d.exp + scale;
  return shift >= 0 ? d.coef * pow10(shift) : divRound(d.coef, pow10(-shift));
}

/** A coefficient at `scale` decimals as text: (12345n, 2) → "123.45". */
function formatScaled(coef: bigint, scale: number): string {
  const neg = coef < 0n;
  const digits = (neg ? -coef : coef).toString().padStart(scale + 1, '0');
  const int = digits.slice(0, digits.length - scale);
  return `${neg ? '-' : ''}${int}${scale ? `.${digits.slice(digits.length - scale)}` : ''}`;
}

/** Integer cents as a 2-decimal string: 123450n → "1234.50". */
export function formatCents(cents: bigint | number): string {
  return formatScaled(BigInt(cents), 2);
}

/** A money string → integer cents (rounded half away from zero beyond the cent). */
export function toCents(value: string | number): bigint {
  return roundTo(parseDecimal(value), 2);
}

/**
 * A money value with at least 2 decimals, keeping any extra precision a unit
 * price may carry ("12.3456" stays, "12.5" → "12.50", "10.000" → "10.00", 3 → "3.00").
 * With `maxScale`, rounded to at most that many decimals first.
 */
export function normalizeMoney(value: string | number, maxScale?: number): string {
  let d = parseDecimal(value);
  if (maxScale !== undefined && d.exp < -maxScale) d = { coef: roundTo(d, maxScale), exp: -maxScale };
  if (d.exp >= -2) return formatCents(roundTo(d, 2));
  let { coef, exp } = d;
  while (exp < -2 && coef % 10n === 0n) { coef /= 10n; exp += 1; }
  return formatScaled(coef, -exp);
}

/** a × b ÷ c, rounded half away from zero to `scale` decimals, exactly (SAP prices per price unit). */
export function mulDiv(a: string | number, b: string | number, c: string | number, scale: number): string {
  const x = parseDecimal(a);
  const y = parseDecimal(b);
  const z = parseDecimal(c);
  if (z.coef === 0n) throw new Error('division by zero');
  // (x·y/z) in units of 10^-scale = xc·yc·10^(xe+ye-ze+scale) / zc
  const exp = x.exp + y.exp - z.exp + scale;
  const n = x.coef * y.coef * (exp > 0 ? pow10(exp) : 1n);
  const d = z.coef * (exp < 0 ? pow10(-exp) : 1n);
  return formatScaled(divRound(n, d), scale);
}

/** The exact sum of money strings, as money. */
export function sumMoney(values: string[]): string {
  const ds = values.map((v) => parseDecimal(v));
  const scale = Math.max(2, ...ds.map((d) => -d.exp));
  return normalizeMoney(formatScaled(ds.reduce((s, d) => s + roundTo(d, scale), 0n), scale));
}

/** quantity × unit price, rounded to the cent. */
export function lineAmountCents(quantity: number, unitPrice: string): bigint {
  const q = parseDecimal(quantity);
  const p = parseDecimal(unitPrice);
  return roundTo({ coef: q.coef * p.coef, exp: q.exp + p.exp }, 2);
}

/** Unified money (a decimal string) → the JSON number systems such as Maximo and UpKeep expect. */
export function moneyToNumber(s: string | number): number {
  const n = typeof s === 'number' ? s : Number(s);
  if (!Number.isFinite(n)) throw new Error(`not an amount: ${String(s)}`);
  return n;
}

/** A decimal string as a number (quantities only, never money). */
export function decimalNumber(text: unknown): number {
  if (typeof text === 'number' && Number.isFinite(text)) return text;
  if (typeof text !== 'string') throw new Error(`not a quantity: ${JSON.stringify(text)}`);
  parseDecimal(text);
  return Number(text);
}

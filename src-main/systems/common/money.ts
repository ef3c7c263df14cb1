// Exact decimal arithmetic for money. Amounts are decimal strings ("1234.50") and
// every computation runs on bigint coefficients, never on floats, so that
// amount = quantity × unit price holds to the cent.

/** value = coef × 10^exp */
interface Decimal {
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

function pow10(n: number): bigint {
  return 10n ** BigInt(n);
}

/** Rounds to `scale` decimals, half away from zero (commercial rounding). */
function roundTo(d: Decimal, scale: number): bigint {
  const shift = d.exp + scale;
  if (shift >= 0) return d.coef * pow10(shift);
  const div = pow10(-shift);
  const abs = d.coef < 0n ? -d.coef : d.coef;
  let q = abs / div;
  if ((abs % div) * 2n >= div) q += 1n;
  return d.coef < 0n ? -q : q;
}

/** Integer cents as a 2-decimal string: 123450n → "1234.50". */
export function formatCents(cents: bigint | number): string {
  const c = BigInt(cents);
  const neg = c < 0n;
  const abs = neg ? -c : c;
  const whole = abs / 100n;
  const frac = (abs % 100n).toString().padStart(2, '0');
  return `${neg ? '-' : ''}${whole}.${frac}`;
}

/** A money string → integer cents (rounded half away from zero beyond the cent). */
export function toCents(value: string | number): bigint {
  return roundTo(parseDecimal(value), 2);
}

/**
 * Normalises a money value to at least 2 decimals, keeping any extra precision a
 * unit price may carry ("12.3456" stays, "12.5" → "12.50", 3 → "3.00").
 */
export function normalizeMoney(value: string | number): string {
  const d = parseDecimal(value);
  if (d.exp >= -2) return formatCents(roundTo(d, 2));
  // strip trailing zeros beyond the second decimal
  let { coef, exp } = d;
  while (exp < -2 && coef % 10n === 0n) {
    coef /= 10n;
    exp += 1;
  }
  if (exp === -2) return formatCents(coef);
  const neg = coef < 0n;
  const digits = (neg ? -coef : coef).toString().padStart(-exp + 1, '0');
  const cut = digits.length + exp;
  return `${neg ? '-' : ''}${digits.slice(0, cut)}.${digits.slice(cut)}`;
}

/** quantity × unit price, rounded to the cent: exact whenever the inputs have ≤ 2 decimals combined. */
export function lineAmountCents(quantity: number, unitPrice: string): bigint {
  const q = parseDecimal(quantity);
  const p = parseDecimal(unitPrice);
  return roundTo({ coef: q.coef * p.coef, exp: q.exp + p.exp }, 2);
}

// Maximo sends amounts (totalcost, unitcost, linecost, avgcost) as JSON numbers.
// They become exact decimal strings: the shortest decimal that round-trips the
// double (String(n)), rounded half away from zero to at most 4 decimals (Maximo's
// largest currency scale), shown with at least 2 — so 0.1 + 0.2 arrives as "0.30",
// 250 as "250.00", 12.3456 stays "12.3456".

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/i;

export function numberToMoney(n: number, maxScale = 4): string {
  if (typeof n !== 'number' || !Number.isFinite(n)) throw new Error(`not a finite amount: ${String(n)}`);
  const m = DECIMAL.exec(String(n));
  if (!m) throw new Error(`not a decimal amount: ${String(n)}`);
  const neg = m[1] === '-';
  const digits = m[2] + (m[3] ?? '');
  let exp = Number(m[4] ?? 0) - (m[3]?.length ?? 0);
  let coef = BigInt(digits);
  // round to maxScale decimals
  if (exp < -maxScale) {
    const div = 10n ** BigInt(-maxScale - exp);
    const q = coef / div;
    coef = (coef % div) * 2n >= div ? q + 1n : q;
    exp = -maxScale;
  }
  if (exp > 0) { coef *= 10n ** BigInt(exp); exp = 0; }
  // drop trailing zeros beyond 2 decimals, pad to 2
  while (exp < -2 && coef % 10n === 0n) { coef /= 10n; exp++; }
  const scale = Math.max(2, -exp);
  const s = (coef * 10n ** BigInt(scale + exp)).toString().padStart(scale + 1, '0');
  const out = `${s.slice(0, s.length - scale)}.${s.slice(s.length - scale)}`;
  return neg && coef !== 0n ? `-${out}` : out;
}

/** Unified money (a decimal string) → the JSON number Maximo expects. */
export function moneyToNumber(s: string | number): number {
  const n = typeof s === 'number' ? s : Number(s);
  if (!Number.isFinite(n)) throw new Error(`not an amount: ${String(s)}`);
  return n;
}

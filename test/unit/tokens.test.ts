import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { generateToken, hashToken, isWellFormedToken, sameHash } from '../../src-main/connections/tokens.js';

describe('connection API tokens', () => {
  it('are mwk_ + 30 random base62 + 6 base62 checksum characters', () => {
    const t = generateToken();
    expect(t).toMatch(/^mwk_[0-9A-Za-z]{36}$/);
    expect(isWellFormedToken(t)).toBe(true);
  });

  it('are unique across many draws', () => {
    const seen = new Set(Array.from({ length: 20_000 }, generateToken));
    expect(seen.size).toBe(20_000);
  });

  it('use the whole base62 alphabet in the random part (no visible bias)', () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 4000; i++) for (const ch of generateToken().slice(4, 34)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    expect(counts.size).toBe(62);
    const mean = (4000 * 30) / 62;
    for (const n of counts.values()) expect(Math.abs(n - mean) / mean).toBeLessThan(0.15);
  });

  it('reject any single-character change (checksum) before a lookup', () => {
    const t = generateToken();
    fc.assert(fc.property(fc.integer({ min: 4, max: 39 }), fc.constantFrom(...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'), (pos, ch) => {
      fc.pre(t[pos] !== ch);
      const forged = t.slice(0, pos) + ch + t.slice(pos + 1);
      expect(isWellFormedToken(forged)).toBe(false);
    }), { numRuns: 500 });
  });

  it('reject wrong prefixes, lengths and characters', () => {
    const t = generateToken();
    for (const bad of ['', 'mwk_', t.slice(0, -1), `${t}A`, t.replace('mwk_', 'mwx_'), t.replace(/.$/, '-'), `Bearer ${t}`, t.toUpperCase()]) {
      expect(isWellFormedToken(bad)).toBe(false);
    }
  });

  it('hash with SHA-256 and compare in constant time', () => {
    const t = generateToken();
    expect(hashToken(t)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(t)).not.toContain(t.slice(4));
    expect(sameHash(hashToken(t), hashToken(t))).toBe(true);
    expect(sameHash(hashToken(t), hashToken(generateToken()))).toBe(false);
    expect(sameHash(hashToken(t), 'abcd')).toBe(false);
  });
});

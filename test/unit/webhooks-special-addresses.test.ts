// Webhook targets against the special-purpose address table, one test per row:
// an address of each row (one no more specific row claims) is refused unless
// the registry calls the row globally reachable, and IPv6 forms that carry an
// IPv4 address (mapped, translated, compatible, NAT64, 6to4) are judged by it.
import { describe, expect, it } from 'vitest';
import table from '../../src-main/webhooks/special-purpose-addresses.json' with { type: 'json' };
import { checkDeliveryTarget, type TargetPolicy } from '../../src-main/webhooks/url-safety.js';

const strict: TargetPolicy = { allowInsecure: false, allowedCidrs: [], ownPorts: [], resolve: async () => { throw new Error('no DNS for literals'); }, localAddresses: [] };

// Address arithmetic kept apart from the code under test.
type Net = { family: 4 | 6; base: bigint; len: number };
const width = (f: 4 | 6) => (f === 4 ? 32 : 128);
function toBig(a: string): { family: 4 | 6; value: bigint } {
  if (!a.includes(':')) return { family: 4, value: a.split('.').reduce((v, o) => (v << 8n) | BigInt(o), 0n) };
  const [head, tail] = a.split('::');
  const groups = (s: string | undefined) => (s ? s.split(':') : []);
  const h = groups(head);
  const t = tail === undefined ? [] : groups(tail);
  const all = tail === undefined ? h : [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
  return { family: 6, value: all.reduce((v, g) => (v << 16n) | BigInt(parseInt(g, 16)), 0n) };
}
function fromBig(v: bigint, family: 4 | 6): string {
  if (family === 4) return [24n, 16n, 8n, 0n].map((s) => String((v >> s) & 255n)).join('.');
  return Array.from({ length: 8 }, (_, i) => ((v >> BigInt(112 - 16 * i)) & 0xffffn).toString(16)).join(':');
}
function net(prefix: string): Net {
  const [a, len] = prefix.split('/');
  const { family, value } = toBig(a);
  return { family, base: value, len: Number(len) };
}
const last = (n: Net) => n.base | ((1n << BigInt(width(n.family) - n.len)) - 1n);
const contains = (outer: Net, inner: Net) => outer.family === inner.family && outer.len <= inner.len
  && (inner.base >> BigInt(width(outer.family) - outer.len)) === (outer.base >> BigInt(width(outer.family) - outer.len));
const url = (address: string) => (address.includes(':') ? `https://[${address}]/` : `https://${address}/`);

type Row = (typeof table.ranges)[number] & { embeds_ipv4?: string };
const rows = table.ranges as Row[];

/** An address of `row` that no more specific row contains. */
function sample(row: Row): string {
  const n = net(row.prefix);
  const inner = rows.map((r) => net(r.prefix)).filter((m) => m.len > n.len && contains(n, m));
  const candidates = [n.base, last(n), n.base + 1n, last(n) - 1n, (n.base + last(n)) / 2n, n.base + 0x1234n];
  const v = candidates.find((c) => c >= n.base && c <= last(n) && !inner.some((m) => contains(m, { family: n.family, base: c, len: width(n.family) })));
  if (v === undefined) throw new Error(`no sample address for ${row.prefix}`);
  return fromBig(v, n.family);
}

/** The row's IPv6 form carrying `v4`. */
function embed(row: Row, v4: string): string {
  const n = net(row.prefix);
  const x = toBig(v4).value;
  return fromBig(row.embeds_ipv4 === '6to4' ? n.base | (x << 80n) | 1n : n.base | x, 6);
}

describe('special-purpose address table', () => {
  it('carries every row of both IANA special-purpose registries', () => {
    expect(rows.filter((r) => r.registry === 'iana-ipv4-special')).toHaveLength(26);
    expect(rows.filter((r) => r.registry === 'iana-ipv6-special')).toHaveLength(25);
    expect(new Set(rows.map((r) => r.prefix)).size).toBe(rows.length);
    for (const r of rows) {
      const n = net(r.prefix);
      expect(n.base & ((1n << BigInt(width(n.family) - n.len)) - 1n), `${r.prefix} has host bits set`).toBe(0n);
    }
  });

  for (const row of rows.filter((r) => !r.embeds_ipv4)) {
    const address = sample(row);
    const refused = row.globally_reachable !== true;
    it(`${row.prefix} ${row.name} (${row.rfc}): ${address} is ${refused ? 'refused' : 'allowed'}`, async () => {
      const r = await checkDeliveryTarget(url(address), strict);
      expect(r.ok, JSON.stringify(r)).toBe(!refused);
      if (!r.ok) {
        expect(r).toMatchObject({ code: 'forbidden_address', range: { prefix: row.prefix, name: row.name } });
        expect(r.message).toContain(row.prefix);
      }
    });
  }

  for (const row of rows.filter((r) => r.embeds_ipv4)) {
    it(`${row.prefix} ${row.name} (${row.rfc}) is judged by the IPv4 address it carries`, async () => {
      for (const [v4, ipv4Row] of [['169.254.169.254', '169.254.0.0/16'], ['127.0.0.1', '127.0.0.0/8'], ['10.0.0.1', '10.0.0.0/8'], ['192.168.1.1', '192.168.0.0/16'], ['0.0.0.7', '0.0.0.0/8']]) {
        const address = embed(row, v4);
        const r = await checkDeliveryTarget(url(address), strict);
        expect(r, `${address} carries ${v4}`).toMatchObject({ ok: false, code: 'forbidden_address', range: { prefix: ipv4Row }, via: v4 });
      }
      for (const v4 of ['8.8.8.8', '93.184.216.34']) {
        const address = embed(row, v4);
        expect(await checkDeliveryTarget(url(address), strict), `${address} carries ${v4}`).toMatchObject({ ok: true });
      }
    });
  }

  it.each([
    ['https://[::ffff:0:a9fe:a9fe]/', '169.254.169.254'],
    ['https://[::ffff:0:7f00:1]/', '127.0.0.1'],
    ['https://[::ffff:0:a00:1]/', '10.0.0.1'],
    ['https://[64:ff9b::a9fe:a9fe]/', '169.254.169.254'],
    ['https://[64:ff9b::169.254.169.254]/', '169.254.169.254'],
    ['https://[2002:a9fe:a9fe::]/', '169.254.169.254'],
    ['https://[::a9fe:a9fe]/', '169.254.169.254'],
  ])('%s (carries %s) is refused', async (target, v4) => {
    expect(await checkDeliveryTarget(target, strict)).toMatchObject({ ok: false, code: 'forbidden_address', via: v4 });
  });

  it('an allow-listed IPv4 CIDR also admits the IPv6 forms that carry it', async () => {
    const allow = { ...strict, allowedCidrs: ['10.20.0.0/16'] };
    for (const target of ['https://[::ffff:10.20.1.2]/', 'https://[::ffff:0:a14:102]/', 'https://[64:ff9b::a14:102]/']) {
      expect(await checkDeliveryTarget(target, allow), target).toMatchObject({ ok: true });
    }
    expect(await checkDeliveryTarget('https://[::ffff:0:a15:102]/', allow)).toMatchObject({ ok: false });
  });
});

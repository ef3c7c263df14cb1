import { describe, expect, it } from 'vitest';
import { checkDeliveryTarget, parseCidr, type RefusalCode, type Resolver } from '../../src-main/webhooks/url-safety.js';
import { embeddedIpv4, internalRange } from '../../src-main/webhooks/special-addresses.js';
import { MillwrightError } from '../../src-main/contract/errors.js';

const dnsTable: Record<string, string[]> = {
  'hooks.example.com': ['93.184.216.34'],
  'v6.example.com': ['2606:2800:220:1:248:1893:25c8:1946'],
  'internal.example.com': ['10.1.2.3'],
  'rebind.example.com': ['93.184.216.34', '127.0.0.1'], // one public, one loopback answer
  'meta.example.com': ['169.254.169.254'],
  'router.example.com': ['192.168.1.1'],
  'corp.example.com': ['172.20.0.5'],
  'cgnat.example.com': ['100.64.1.1'],
  'ula.example.com': ['fd12:3456::1'],
  'll6.example.com': ['fe80::1'],
  'mapped.example.com': ['::ffff:10.0.0.1'],
  'loop6.example.com': ['::1'],
  'zero.example.com': ['0.0.0.0'],
  'mcast.example.com': ['239.1.1.1'],
  'plant.example.com': ['10.20.30.40'],
};
let resolverCalls: string[] = [];
const resolve: Resolver = async (host) => {
  resolverCalls.push(host);
  const a = dnsTable[host];
  if (!a) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
  return a;
};
const OWN = [7870, 7871];
const strict = { allowInsecure: false, allowedCidrs: [] as string[], ownPorts: OWN, resolve, localAddresses: ['192.0.2.77'] };
const insecure = { ...strict, allowInsecure: true };

/** [url, expected refusal code, policy] */
const hostile: [string, RefusalCode, typeof strict][] = [
  ['http://hooks.example.com/x', 'insecure_url', strict],
  ['ftp://hooks.example.com/x', 'unsupported_scheme', insecure],
  ['file:///etc/passwd', 'unsupported_scheme', insecure],
  ['javascript:alert(1)', 'unsupported_scheme', insecure],
  ['gopher://127.0.0.1:6379/_INFO', 'unsupported_scheme', insecure],
  ['ws://hooks.example.com/', 'unsupported_scheme', insecure],
  ['https://user:pass@hooks.example.com/', 'credentials_in_url', strict],
  ['https://token@hooks.example.com/', 'credentials_in_url', strict],
  ['not a url', 'invalid_url', strict],
  ['https://', 'invalid_url', strict],
  [`https://hooks.example.com/${'a'.repeat(2001)}`, 'invalid_url', strict],
  ['https://127.0.0.1/', 'forbidden_address', strict],
  ['https://127.1/', 'forbidden_address', strict],
  ['https://2130706433/', 'forbidden_address', strict],
  ['https://0177.0.0.1/', 'forbidden_address', strict],
  ['https://0x7f.1/', 'forbidden_address', strict],
  ['https://0x7f000001/', 'forbidden_address', strict],
  ['https://017700000001/', 'forbidden_address', strict],
  ['https://%31%32%37.0.0.1/', 'forbidden_address', strict],
  ['https://[::1]/', 'forbidden_address', strict],
  ['https://[::ffff:127.0.0.1]/', 'forbidden_address', strict],
  ['https://[::ffff:7f00:1]/', 'forbidden_address', strict],
  ['https://[::ffff:a9fe:a9fe]/', 'forbidden_address', strict],
  ['https://[::]/', 'forbidden_address', strict],
  ['https://0.0.0.0/', 'forbidden_address', strict],
  ['https://0/', 'forbidden_address', strict],
  ['https://169.254.169.254/latest/meta-data/', 'forbidden_address', strict],
  ['https://10.0.0.1/', 'forbidden_address', strict],
  ['https://172.16.0.1/', 'forbidden_address', strict],
  ['https://172.31.255.255/', 'forbidden_address', strict],
  ['https://192.168.0.1/', 'forbidden_address', strict],
  ['https://100.64.0.1/', 'forbidden_address', strict],
  ['https://224.0.0.1/', 'forbidden_address', strict],
  ['https://255.255.255.255/', 'forbidden_address', strict],
  ['https://[fe80::1]/', 'forbidden_address', strict],
  ['https://[fd00::1]/', 'forbidden_address', strict],
  ['https://[fc00::1]/', 'forbidden_address', strict],
  ['https://[ff02::1]/', 'forbidden_address', strict],
  ['https://[64:ff9b::7f00:1]/', 'forbidden_address', strict],
  ['https://localhost/', 'forbidden_address', strict],
  ['https://LOCALHOST./', 'forbidden_address', strict],
  ['https://api.localhost/', 'forbidden_address', strict],
  ['https://internal.example.com/', 'forbidden_address', strict],
  ['https://meta.example.com/', 'forbidden_address', strict],
  ['https://router.example.com/', 'forbidden_address', strict],
  ['https://corp.example.com/', 'forbidden_address', strict],
  ['https://cgnat.example.com/', 'forbidden_address', strict],
  ['https://ula.example.com/', 'forbidden_address', strict],
  ['https://ll6.example.com/', 'forbidden_address', strict],
  ['https://mapped.example.com/', 'forbidden_address', strict],
  ['https://loop6.example.com/', 'forbidden_address', strict],
  ['https://zero.example.com/', 'forbidden_address', strict],
  ['https://mcast.example.com/', 'forbidden_address', strict],
  ['https://rebind.example.com/', 'forbidden_address', strict],
  ['https://nxdomain.example.com/', 'unresolvable_host', strict],
  // the agent's own ports on this host: refused even when loopback is allow-listed
  ['http://127.0.0.1:7871/admin/v1/settings', 'agent_port', { ...insecure, allowedCidrs: ['127.0.0.0/8', '::1/128', '0.0.0.0/8'] }],
  ['http://localhost:7870/v1/purchase-orders', 'agent_port', { ...insecure, allowedCidrs: ['127.0.0.0/8', '::1/128'] }],
  ['http://[::1]:7871/', 'agent_port', { ...insecure, allowedCidrs: ['::1/128'] }],
  ['http://[::ffff:127.0.0.1]:7871/', 'agent_port', { ...insecure, allowedCidrs: ['127.0.0.0/8', '::ffff:0:0/96'] }],
  ['http://2130706433:7871/', 'agent_port', { ...insecure, allowedCidrs: ['127.0.0.0/8'] }],
  ['http://0.0.0.0:7870/', 'agent_port', { ...insecure, allowedCidrs: ['0.0.0.0/8'] }],
  ['http://192.0.2.77:7870/', 'agent_port', { ...insecure, allowedCidrs: ['192.0.2.0/24'] }], // this host's LAN address
];

describe('url safety: hostile targets are refused before any connection', () => {
  it('has a table of at least 30 hostile URLs', () => expect(hostile.length).toBeGreaterThanOrEqual(30));

  for (const [url, code, policy] of hostile) {
    it(`${url.slice(0, 70)} → ${code}`, async () => {
      const r = await checkDeliveryTarget(url, policy);
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.code).toBe(code);
        expect(r.message.length).toBeGreaterThan(10);
      }
    });
  }

  it('never resolves literal addresses or localhost', async () => {
    resolverCalls = [];
    await checkDeliveryTarget('https://2130706433/', strict);
    await checkDeliveryTarget('https://localhost/', strict);
    await checkDeliveryTarget('https://[::ffff:7f00:1]/', strict);
    expect(resolverCalls).toEqual([]);
  });

  it('names the registry range in the refusal', async () => {
    const r = await checkDeliveryTarget('https://meta.example.com/', strict);
    expect(r).toMatchObject({ ok: false, range: { prefix: '169.254.0.0/16', name: 'Link Local' }, address: '169.254.169.254' });
    if (!r.ok) expect(r.message).toMatch(/meta\.example\.com resolves to 169\.254\.169\.254: 169\.254\.0\.0\/16 \(Link Local, RFC3927\).*allowed_cidrs/);
  });
});

describe('url safety: allowed targets', () => {
  const cases: [string, typeof strict, string][] = [
    ['https://hooks.example.com/millwright', strict, '93.184.216.34'],
    ['https://HOOKS.example.com:8443/x?y=1', strict, '93.184.216.34'],
    ['https://v6.example.com/', strict, '2606:2800:220:1:248:1893:25c8:1946'],
    ['https://93.184.216.34/', strict, '93.184.216.34'],
    ['http://hooks.example.com/', insecure, '93.184.216.34'],
    ['https://plant.example.com/', { ...strict, allowedCidrs: ['10.20.0.0/16'] }, '10.20.30.40'],
    ['https://10.20.30.40/', { ...strict, allowedCidrs: ['10.20.30.40'] }, '10.20.30.40'],
    ['http://127.0.0.1:9999/hook', { ...insecure, allowedCidrs: ['127.0.0.0/8'] }, '127.0.0.1'],
    ['http://[::ffff:127.0.0.1]:9999/', { ...insecure, allowedCidrs: ['127.0.0.0/8'] }, '::ffff:7f00:1'],
    ['https://ula.example.com/', { ...strict, allowedCidrs: ['fd00::/8'] }, 'fd12:3456::1'],
    ['http://127.0.0.1:7871/', { ...insecure, allowedCidrs: ['127.0.0.0/8'], ownPorts: [] }, '127.0.0.1'],
    ['https://93.184.216.34:7871/', strict, '93.184.216.34'], // the agent's port number on another host is fine
  ];
  for (const [url, policy, address] of cases) {
    it(`${url} → ${address}`, async () => {
      const r = await checkDeliveryTarget(url, policy);
      expect(r).toMatchObject({ ok: true, address });
    });
  }

  it('still refuses internal addresses outside the allow-list', async () => {
    const r = await checkDeliveryTarget('https://internal.example.com/', { ...strict, allowedCidrs: ['10.20.0.0/16'] });
    expect(r).toMatchObject({ ok: false, code: 'forbidden_address' });
  });
});

describe('url safety: helpers', () => {
  it('tells public from internal addresses', () => {
    for (const a of ['8.8.8.8', '2001:4860:4860::8888', '172.15.255.255', '172.32.0.0', '100.63.255.255', '100.128.0.0', '::ffff:8.8.8.8']) {
      expect(internalRange(a), a).toBeNull();
    }
    expect(internalRange('127.255.255.254')?.range.name).toBe('Loopback');
    expect(internalRange('::1')?.range.name).toBe('Loopback Address');
    expect(internalRange('fe80::1%eth0')?.range.name).toBe('Link-Local Unicast');
  });

  it('reads the IPv4 address inside IPv6 forms, in every spelling', () => {
    expect(embeddedIpv4('::ffff:7f00:1')).toBe('127.0.0.1');
    expect(embeddedIpv4('::ffff:127.0.0.1')).toBe('127.0.0.1');
    expect(embeddedIpv4('0:0:0:0:0:ffff:a9fe:a9fe')).toBe('169.254.169.254');
    expect(embeddedIpv4('::ffff:0:a9fe:a9fe')).toBe('169.254.169.254');
    expect(embeddedIpv4('64:ff9b::10.0.0.1')).toBe('10.0.0.1');
    expect(embeddedIpv4('2002:c0a8:101::1')).toBe('192.168.1.1');
    expect(embeddedIpv4('::1')).toBeNull();
    expect(embeddedIpv4('2001:db8::1')).toBeNull();
    expect(embeddedIpv4('8.8.8.8')).toBeNull();
  });

  it('refuses malformed CIDRs with the setting named', () => {
    expect(parseCidr('10.0.0.0/8')).toEqual({ address: '10.0.0.0', prefix: 8, type: 'ipv4' });
    expect(parseCidr('fd00::/8')).toEqual({ address: 'fd00::', prefix: 8, type: 'ipv6' });
    for (const bad of ['10.0.0.0/33', 'ten/8', '', '::1/129', '10.0.0/8']) {
      expect(() => parseCidr(bad)).toThrow(MillwrightError);
    }
  });
});

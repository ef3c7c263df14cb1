import { describe, expect, it } from 'vitest';
import crypto from 'node:crypto';
import fc from 'fast-check';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { generateSecret, isWellFormedSecret, signDelivery } from '../../src-main/webhooks/signer.js';

/** The spec, written out by hand: v1 = base64(HMAC-SHA256(base64decode(secret sans whsec_), "id.timestamp.body")). */
function handVerify(secret: string, headers: Record<string, string>, body: string): boolean {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = crypto.createHmac('sha256', key).update(`${headers['webhook-id']}.${headers['webhook-timestamp']}.${body}`).digest();
  return headers['webhook-signature'].split(' ').some((entry) => {
    const [version, sig] = entry.split(',');
    if (version !== 'v1' || !sig) return false;
    const got = Buffer.from(sig, 'base64');
    return got.length === expected.length && crypto.timingSafeEqual(got, expected);
  });
}

describe('webhook signer', () => {
  it('makes secrets of whsec_ + base64 of 32 random bytes', () => {
    const s = generateSecret();
    expect(s).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(s.slice(6), 'base64')).toHaveLength(32);
    expect(isWellFormedSecret(s)).toBe(true);
    expect(generateSecret()).not.toBe(s);
    expect(isWellFormedSecret('whsec_short')).toBe(false);
  });

  it('signs so that standardwebhooks verifies it, and the hand-rolled check agrees', () => {
    const secret = generateSecret();
    const body = JSON.stringify({ id: 'evt_1', type: 'sync.completed', timestamp: new Date().toISOString(), connection_id: 'con_1', data: { a: 'ü' } });
    const h = signDelivery('evt_1', Date.now(), body, [secret]);
    expect(h['webhook-id']).toBe('evt_1');
    expect(h['webhook-timestamp']).toMatch(/^\d{10}$/);
    expect(h['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(new Webhook(secret).verify(body, { ...h })).toEqual(JSON.parse(body));
    expect(handVerify(secret, { ...h }, body)).toBe(true);
  });

  it('fails verification for a changed body, id, timestamp or another secret', () => {
    const secret = generateSecret();
    const body = '{"id":"evt_2"}';
    const h = signDelivery('evt_2', Date.now(), body, [secret]);
    const wh = new Webhook(secret);
    expect(() => wh.verify('{"id":"evt_3"}', { ...h })).toThrow(WebhookVerificationError);
    expect(() => wh.verify(body, { ...h, 'webhook-id': 'evt_x' })).toThrow(WebhookVerificationError);
    expect(() => wh.verify(body, { ...h, 'webhook-timestamp': String(Number(h['webhook-timestamp']) + 1) })).toThrow(WebhookVerificationError);
    expect(() => new Webhook(generateSecret()).verify(body, { ...h })).toThrow(WebhookVerificationError);
    expect(handVerify(generateSecret(), { ...h }, body)).toBe(false);
    expect(handVerify(secret, { ...h }, `${body} `)).toBe(false);
  });

  it('keeps the webhook-id stable across attempts while the timestamp moves', () => {
    const secret = generateSecret();
    const a = signDelivery('evt_same', Date.now() - 60_000, '{}', [secret]);
    const b = signDelivery('evt_same', Date.now(), '{}', [secret]);
    expect(a['webhook-id']).toBe(b['webhook-id']);
    expect(a['webhook-timestamp']).not.toBe(b['webhook-timestamp']);
    expect(a['webhook-signature']).not.toBe(b['webhook-signature']);
  });

  it('signs with both secrets during a rotation: receivers holding either one verify', () => {
    const next = generateSecret();
    const previous = generateSecret();
    const body = '{"id":"evt_rot","type":"system.error"}';
    const h = signDelivery('evt_rot', Date.now(), body, [next, previous]);
    const entries = h['webhook-signature'].split(' ');
    expect(entries).toHaveLength(2);
    expect(entries.every((e) => e.startsWith('v1,'))).toBe(true);
    expect(() => new Webhook(next).verify(body, { ...h })).not.toThrow();
    expect(() => new Webhook(previous).verify(body, { ...h })).not.toThrow();
    expect(handVerify(next, { ...h }, body)).toBe(true);
    expect(handVerify(previous, { ...h }, body)).toBe(true);
    expect(() => new Webhook(generateSecret()).verify(body, { ...h })).toThrow(WebhookVerificationError);
  });

  it('agrees with the hand-rolled check on arbitrary bodies and ids', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), fc.stringMatching(/^evt_[A-Za-z0-9]{1,20}$/), (text, id) => {
      const secret = generateSecret();
      const body = JSON.stringify({ text });
      const h = signDelivery(id, Date.now(), body, [secret]);
      expect(handVerify(secret, { ...h }, body)).toBe(true);
      new Webhook(secret).verify(body, { ...h });
    }), { numRuns: 100 });
  });
});

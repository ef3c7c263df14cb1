// Signing per Standard Webhooks (https://www.standardwebhooks.com), with the
// `standardwebhooks` package: webhook-id, webhook-timestamp (seconds) and
// webhook-signature `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`. During a
// secret rotation both secrets sign, space-separated, so receivers can switch
// over at their own pace.
import crypto from 'node:crypto';
import { Webhook } from 'standardwebhooks';

export const SECRET_PREFIX = 'whsec_';
const SECRET_RE = /^whsec_[A-Za-z0-9+/]{43}=$/; // base64 of exactly 32 bytes

/** `whsec_` + base64 of 32 random bytes. */
export function generateSecret(): string {
  return SECRET_PREFIX + crypto.randomBytes(32).toString('base64');
}

export function isWellFormedSecret(secret: string): boolean {
  return SECRET_RE.test(secret);
}

export const secretHash = (secret: string) => crypto.createHash('sha256').update(secret).digest('hex');

export interface SignedHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

const signers = new Map<string, Webhook>();
function signer(secret: string): Webhook {
  let s = signers.get(secret);
  if (!s) {
    s = new Webhook(secret);
    if (signers.size > 1000) signers.clear();
    signers.set(secret, s);
  }
  return s;
}

/**
 * Headers for one attempt. `secrets` is the current secret first, then (during a
 * rotation window) the previous one; each adds one `v1,…` entry.
 */
export function signDelivery(msgId: string, timestampMs: number, body: string, secrets: string[]): SignedHeaders {
  if (secrets.length === 0) throw new Error('no signing secret');
  const at = new Date(Math.floor(timestampMs / 1000) * 1000);
  return {
    'webhook-id': msgId,
    'webhook-timestamp': String(Math.floor(timestampMs / 1000)),
    'webhook-signature': secrets.map((s) => signer(s).sign(msgId, at, body)).join(' '),
  };
}

// The system's answer to a passthrough call as data: its status (error
// statuses included: they are the system's, not Millwright's), its headers
// (minus the session's), and its body — parsed JSON when it says JSON and is,
// text when it is text, else base64.
import type { PassthroughAnswer } from '../contract/passthrough.js';
import { answerHeaders } from './guard.js';

const TEXTUAL = /^(text\/|application\/(json|[\w.+-]+\+json|xml|[\w.+-]+\+xml|atom\+xml|javascript|x-www-form-urlencoded|soap\+xml|problem\+json))/i;

export function shapeAnswer(method: string, raw: { status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }): PassthroughAnswer {
  const headers = answerHeaders(raw.headers);
  const answer: PassthroughAnswer = { status: raw.status, headers };
  if (method === 'HEAD' || raw.body.length === 0) return answer;
  const type = String(raw.headers['content-type'] ?? '');
  const text = TEXTUAL.test(type) || (!type && isUtf8(raw.body)) ? raw.body.toString('utf8') : null;
  if (text !== null && /json/i.test(type)) {
    try { return { ...answer, body: JSON.parse(text) as unknown }; } catch { /* said JSON, is not: text */ }
  }
  return text !== null && isUtf8(raw.body) ? { ...answer, body: text } : { ...answer, body_base64: raw.body.toString('base64') };
}

function isUtf8(b: Buffer): boolean {
  return Buffer.from(b.toString('utf8'), 'utf8').equals(b);
}

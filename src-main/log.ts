// Logs: pino, with every secret-bearing key redacted. Secrets never reach a log
// line even if a caller passes an object that holds one.
import pino, { type Logger } from 'pino';
import fs from 'node:fs';
import path from 'node:path';

const SECRET_KEYS = ['password', 'api_key', 'apikey', 'token', 'secret', 'credentials', 'authorization', 'cookie', 'session_token', 'maxauth'];
const redactPaths = SECRET_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`, `headers.${k}`, `req.headers.${k}`]);

export type Log = Logger;

export function createLog(dataDir: string | null, level = process.env.MILLWRIGHT_LOG_LEVEL ?? 'info'): Log {
  const redact = { paths: redactPaths, censor: '[redacted]' };
  if (!dataDir) return pino({ level, redact });
  const dir = path.join(dataDir, 'logs');
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  return pino({ level, redact }, pino.destination({ dest: path.join(dir, 'agent.log'), sync: true, mode: 0o600 }));
}

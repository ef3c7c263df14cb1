// Which port each listener takes, and what to tell the user when it cannot.
// A port comes from the flag (--api-port / --admin-port), else the environment
// (MILLWRIGHT_API_PORT / MILLWRIGHT_ADMIN_PORT), else the setting (api.port /
// admin.port); 0 means any free port, and the one chosen lands in agent.json.
// Plain Node with no dependencies: the CLI imports it to check its flags.

export const listeners = {
  api: { what: 'the unified API', setting: 'api.port', flag: '--api-port', env: 'MILLWRIGHT_API_PORT' },
  admin: { what: 'the admin API and admin UI', setting: 'admin.port', flag: '--admin-port', env: 'MILLWRIGHT_ADMIN_PORT' },
} as const;
export type ListenerName = keyof typeof listeners;

/** Why an agent did not start (port taken, bad port, data dir in use): a message for the user, no stack. */
export class HostStartError extends Error {
  constructor(readonly code: 'port_in_use' | 'invalid_port' | 'listen_failed', message: string) {
    super(message);
    this.name = 'HostStartError';
  }
}

/** A port number 0–65535 from text, or null. */
export function parsePort(raw: string): number | null {
  if (!/^\d{1,5}$/.test(raw.trim())) return null;
  const n = Number(raw);
  return n <= 65535 ? n : null;
}

export interface ResolvedPort { port: number; source: string }

export function resolvePort(name: ListenerName, flag: number | undefined, setting: number, env: NodeJS.ProcessEnv = process.env): ResolvedPort {
  const l = listeners[name];
  if (flag !== undefined) return { port: flag, source: `the flag ${l.flag}` };
  const raw = env[l.env];
  if (raw !== undefined && raw !== '') {
    const port = parsePort(raw);
    if (port === null) throw new HostStartError('invalid_port', `${l.env} must be a port number (0-65535; 0 = any free port), not "${raw}".`);
    return { port, source: `the environment variable ${l.env}` };
  }
  return { port: setting, source: `the setting ${l.setting}` };
}

/** Turns a listen failure into a message naming the port and every way to change it. */
export function explainListenError(name: ListenerName, host: string, resolved: ResolvedPort, err: unknown): HostStartError {
  const l = listeners[name];
  const code = (err as NodeJS.ErrnoException).code;
  const ways = `the setting ${l.setting}, the flag ${l.flag} or the environment variable ${l.env} (0 = any free port; the one chosen is written to agent.json)`;
  const where = `${host}:${resolved.port} (${l.what}, from ${resolved.source})`;
  if (code === 'EADDRINUSE') return new HostStartError('port_in_use', `Port ${resolved.port} is already in use: Millwright cannot listen on ${where}. Stop the program that uses it, or choose another port with ${ways}.`);
  if (code === 'EACCES') return new HostStartError('listen_failed', `Millwright may not listen on ${where}: ports below 1024 need administrator rights. Choose another port with ${ways}.`);
  return new HostStartError('listen_failed', `Millwright cannot listen on ${where}: ${(err as Error).message}. Check the setting api.host, or choose another port with ${ways}.`);
}

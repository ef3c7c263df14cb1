// A private CA and a server certificate for 127.0.0.1/localhost, made with the
// openssl CLI, so emulators can speak HTTPS that only the private CA trusts.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface TestPki { caCert: string; key: string; cert: string; subject: string }

let cached: TestPki | null = null;

export function privatePki(): TestPki {
  if (cached) return cached;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mw-pki-'));
  const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  run('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '30', '-subj', '/CN=Plant Private Root CA/O=Riverside Works');
  run('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=localhost/O=Riverside Works');
  fs.writeFileSync(path.join(dir, 'ext.cnf'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\n');
  run('x509', '-req', '-in', 'server.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.crt', '-days', '30', '-extfile', 'ext.cnf');
  const read = (f: string) => fs.readFileSync(path.join(dir, f), 'utf8');
  cached = { caCert: read('ca.crt'), key: read('server.key'), cert: read('server.crt'), subject: 'CN=localhost, O=Riverside Works' };
  fs.rmSync(dir, { recursive: true, force: true });
  return cached;
}

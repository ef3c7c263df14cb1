// The data dir holds the database, its WAL and SHM, the admin token, agent.json
// and the logs: only this user may read any of it. At every start the folder is
// made 0700 and everything in it 0600 (folders 0700), whatever modes an older
// version, a restore or a hand-made copy left; and the process umask is set so
// files created later (SQLite's -wal/-shm, logs, Electron's own files in its
// userData) are born private too.
import fs from 'node:fs';
import path from 'node:path';

export function secureDataDir(dataDir: string): void {
  process.umask(process.umask() | 0o077);
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  tighten(dataDir);
}

function tighten(dir: string): void {
  fs.chmodSync(dir, 0o700);
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    // symlinks, sockets and the like are left alone: chmod would follow a link out of the folder
    if (entry.isDirectory()) tighten(p);
    else if (entry.isFile()) fs.chmodSync(p, 0o600);
  }
}

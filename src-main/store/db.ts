// store/ owns SQLite: the only module that imports better-sqlite3. It opens the
// database file in the data dir, applies the numbered migrations at start-up and
// refuses a database written by a newer Millwright rather than altering it.
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { migrations as knownMigrations, type Migration } from './migrations/index.js';

export type Db = Database.Database;
/** A prepared statement taking positional parameters. */
export type Statement = Database.Statement<unknown[], unknown>;

/**
 * Prepared statements by SQL text, each prepared once: preparing costs more
 * than running most of the statements the hot paths (sync pages, API reads,
 * token lookups) run.
 */
export function statementCache(db: Db): (sql: string) => Statement {
  const prepared = new Map<string, Statement>();
  return (sql) => {
    let stmt = prepared.get(sql);
    if (!stmt) { stmt = db.prepare<unknown[]>(sql); prepared.set(sql, stmt); }
    return stmt;
  };
}

export class StoreError extends Error {
  constructor(readonly code: 'newer_database' | 'unknown_migrations' | 'migration_failed', message: string) {
    super(message);
    this.name = 'StoreError';
  }
}

export const DB_FILE = 'millwright.db';

export function openStore(dataDir: string, migrations: Migration[] = knownMigrations): Db {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  // The desktop app runs on Electron's ABI and points at its own build of the driver.
  const nativeBinding = process.env.MILLWRIGHT_SQLITE_BINDING;
  const db = new Database(path.join(dataDir, DB_FILE), nativeBinding ? { nativeBinding } : {});
  db.pragma('journal_mode = WAL');
  // FULL: a committed credit-ledger or outbox row survives power loss, not only a crash.
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  try {
    migrate(db, migrations);
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
}

export function migrate(db: Db, migrations: Migration[] = knownMigrations): { from: number; to: number } {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  const from = db.pragma('user_version', { simple: true }) as number;
  const latest = migrations.at(-1)?.version ?? 0;
  if (from > latest) {
    throw new StoreError('newer_database',
      `This data was written by a newer version of Millwright (database version ${from}; this version knows up to ${latest}). ` +
      `Install that newer version, or point --data-dir at another folder. The database was not changed.`);
  }
  // The applied migrations must be a prefix of the known ones (same numbers, same names).
  const applied = db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all() as { version: number; name: string }[];
  applied.forEach((row, i) => {
    const known = migrations[i];
    if (!known || known.version !== row.version || known.name !== row.name) {
      throw new StoreError('unknown_migrations',
        `The database has migration ${row.version} "${row.name}", which this version of Millwright does not know. The database was not changed.`);
    }
  });
  for (const m of migrations) {
    if (m.version <= from) continue;
    const apply = db.transaction(() => {
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, new Date().toISOString());
      db.pragma(`user_version = ${m.version}`);
    });
    try {
      apply();
    } catch (err) {
      throw new StoreError('migration_failed', `Migration ${m.version} (${m.name}) failed and was rolled back: ${(err as Error).message}`);
    }
  }
  return { from, to: Math.max(from, latest) };
}

export const nowIso = () => new Date().toISOString();

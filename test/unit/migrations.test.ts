import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { openStore, migrate, StoreError, DB_FILE } from '../../src-main/store/db.js';
import { migrations } from '../../src-main/store/migrations/index.js';
import { tempDir } from '../support/tmp.js';

const latest = migrations.at(-1)!.version;

describe('store migrations', () => {
  it('are numbered 1..n without gaps', () => {
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
  });

  it('create the schema from an empty data dir, with WAL and synchronous=FULL', () => {
    const db = openStore(tempDir());
    expect(db.pragma('user_version', { simple: true })).toBe(latest);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type='table'").pluck().all();
    expect(tables).toEqual(expect.arrayContaining(['settings', 'connections', 'credit_ledger', 'schema_migrations']));
    db.close();
  });

  for (let from = 1; from < latest; from++) {
    it(`upgrade a database from version ${from}`, () => {
      const dir = tempDir();
      openStore(dir, migrations.slice(0, from)).close();
      const db = openStore(dir);
      expect(db.pragma('user_version', { simple: true })).toBe(latest);
      db.close();
    });
  }

  it('are idempotent: reopening applies nothing', () => {
    const dir = tempDir();
    openStore(dir).close();
    const db = openStore(dir);
    expect(migrate(db)).toEqual({ from: latest, to: latest });
    db.close();
  });

  it('refuse a database written by a newer version and leave it untouched', () => {
    const dir = tempDir();
    openStore(dir).close();
    const raw = new Database(path.join(dir, DB_FILE));
    raw.pragma(`user_version = ${latest + 1}`);
    raw.close();
    const before = fs.readFileSync(path.join(dir, DB_FILE));
    expect(() => openStore(dir)).toThrow(/newer version of Millwright/);
    try { openStore(dir); } catch (err) { expect((err as StoreError).code).toBe('newer_database'); }
    const check = new Database(path.join(dir, DB_FILE), { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(latest + 1);
    check.close();
    expect(fs.readFileSync(path.join(dir, DB_FILE)).equals(before)).toBe(true);
  });

  it('refuse a database whose applied migrations are not a prefix of the known ones', () => {
    const dir = tempDir();
    openStore(dir).close();
    const raw = new Database(path.join(dir, DB_FILE));
    raw.prepare('UPDATE schema_migrations SET name = ? WHERE version = 1').run('something else');
    raw.close();
    expect(() => openStore(dir)).toThrow(/does not know/);
  });

  it('roll a failing migration back completely', () => {
    const dir = tempDir();
    const broken = [...migrations, { version: latest + 1, name: 'broken', sql: 'CREATE TABLE half_done (x); SELECT * FROM no_such_table;' }];
    expect(() => openStore(dir, broken)).toThrow(/rolled back/);
    const db = openStore(dir);
    expect(db.pragma('user_version', { simple: true })).toBe(latest);
    expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE name='half_done'").pluck().get()).toBe(0);
    db.close();
  });

  it('keep the credit ledger append-only', () => {
    const db = openStore(tempDir());
    db.prepare("INSERT INTO credit_ledger (at, kind, connection_id, amount, balance_after, reason) VALUES ('t','consume','con_x',1,15,'r')").run();
    expect(() => db.prepare('UPDATE credit_ledger SET amount = 2').run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM credit_ledger').run()).toThrow(/append-only/);
    db.close();
  });
});

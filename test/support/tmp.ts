import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';

/** A fresh temporary data dir, removed after the file's tests. */
export function tempDir(prefix = 'mw-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Every file under a folder, as one buffer per file. */
export function readTree(dir: string): { file: string; data: Buffer }[] {
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => { const file = path.join(e.parentPath ?? (e as unknown as { path: string }).path, e.name); return { file, data: fs.readFileSync(file) }; });
}

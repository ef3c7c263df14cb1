// Runs the shipped `millwright` command: the package's bin (the built
// out/main/cli.js), never the TypeScript sources. `npm test` builds it first;
// alone, run `npx electron-vite build`.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.join(import.meta.dirname, '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { bin: { millwright: string } };

/** The bin as package.json names it, checked to exist. */
export function millwrightBin(): string {
  const bin = path.join(root, pkg.bin.millwright);
  if (!fs.existsSync(bin)) throw new Error(`${bin} is missing: build it with \`npx electron-vite build\` (npm test does)`);
  return bin;
}

export interface Run { code: number; stdout: string; stderr: string }

/** Runs `millwright ARGS` as a user would, with optional stdin. */
export function cli(args: string[], stdin = '', env: NodeJS.ProcessEnv = process.env): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [millwrightBin(), ...args], { stdio: ['pipe', 'pipe', 'pipe'], env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

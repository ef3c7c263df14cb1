// kill -9 at random moments while a child agent churns through connects,
// activations and disconnects: after every restart the credit invariant holds
// and no keychain entry is left without its connection.
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { openTestAgent, creditInvariant } from '../support/agent.js';
import { tempDir } from '../support/tmp.js';
import { accounts } from '../../src-main/vault/vault.js';
import { testKeychainService } from '../support/fake-system.js';

const fixture = path.join(import.meta.dirname, 'fixtures', 'credit-churn.ts');

function runAndKill(dataDir: string, afterMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', fixture, dataDir], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, MILLWRIGHT_TEST_KEYCHAIN_SERVICE: testKeychainService } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes('ready') && !(child as { timer?: NodeJS.Timeout }).timer) {
        (child as { timer?: NodeJS.Timeout }).timer = setTimeout(() => child.kill('SIGKILL'), afterMs);
      }
    });
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', (code, signal) => (signal === 'SIGKILL' ? resolve(out) : reject(new Error(`child exited ${code}: ${err}`))));
  });
}

describe('credits survive kill -9', () => {
  it('hold the invariant after 15 random kills mid-operation', async () => {
    const dataDir = tempDir();
    let totalOps = 0;
    for (let i = 0; i < 15; i++) {
      const out = await runAndKill(dataDir, 50 + Math.floor(Math.random() * 400));
      totalOps += out.split('\n').filter((l) => l.startsWith('ops')).length;
      const { agent } = await openTestAgent(dataDir); // start-up runs the repair
      const inv = creditInvariant(agent);
      expect(inv.used).toBe(inv.held);
      expect(inv.available).toBeGreaterThanOrEqual(0);
      const ids = agent.connections.repo.ids();
      const orphans = (await agent.vault.accounts()).filter((a) => {
        const owner = accounts.owner(a);
        return owner?.kind === 'connection' && !ids.has(owner.id);
      });
      expect(orphans).toEqual([]);
      for (const c of agent.connections.list()) {
        // every surviving connection's token in the keychain matches its hash
        await expect(agent.connections.revealToken(c.id)).resolves.toMatchObject({ token: expect.stringMatching(/^mwk_/) });
      }
      await agent.close();
    }
    expect(totalOps).toBeGreaterThan(15); // the child really worked between kills
  }, 240_000);
});

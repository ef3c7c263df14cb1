// `millwright agent`: the agent host (host/agent-host.ts) plus what a server
// process needs — a banner and signal handling. Nothing else starts here.
import { startAgentHost, type AgentHost } from '../host/agent-host.js';

/**
 * What `millwright agent` prints. The admin token goes only to a terminal: under
 * a service manager or into a log file, stdout is kept, so it says where the
 * token is instead.
 */
export function banner(h: AgentHost, isTerminal: boolean): string {
  return [
    'Millwright agent is running.',
    isTerminal
      ? `  Admin UI:     ${h.adminUrl}/#token=${h.adminToken}`
      : `  Admin UI:     ${h.adminUrl}/  (open it with #token=<the admin token> appended)`,
    `  Admin token:  ${h.adminTokenFile} (mode 0600)`,
    `  Unified API:  ${h.apiUrl}  (Authorization: Bearer <connection token>)`,
    `  Data dir:     ${h.agent.dataDir}`,
    'Press Ctrl+C to stop.',
  ].join('\n');
}

export async function runAgent(opts: { dataDir: string; apiPort?: number; adminPort?: number }): Promise<void> {
  const host = await startAgentHost(opts);
  process.stdout.write(banner(host, Boolean(process.stdout.isTTY)) + '\n');
  await new Promise<void>((resolve) => {
    let stopping = false;
    const stop = () => {
      // A second signal while closing (a sync finishing its page) does not wait.
      if (stopping) process.exit(130);
      stopping = true;
      host.close().then(resolve, (err: unknown) => {
        process.stderr.write(`millwright agent: stopping failed: ${(err as Error).message}\n`);
        process.exit(1);
      });
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

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
  // Signals are handled from the first moment: a stop asked for while the agent starts
  // (a service manager's restart) waits for the start, then closes cleanly.
  let signals = 0;
  let stopRequested = () => {};
  const stop = new Promise<void>((resolve) => { stopRequested = resolve; });
  const onSignal = () => {
    // A second signal while closing (a sync finishing its page) does not wait.
    if (++signals > 1) process.exit(130);
    stopRequested();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const host = await startAgentHost(opts);
  if (!signals) process.stdout.write(banner(host, Boolean(process.stdout.isTTY)) + '\n');
  await stop;
  await host.close();
}

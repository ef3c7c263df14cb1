// `millwright agent`: start the headless host and stay up until a signal.
import { startHeadless, banner } from '../host/headless.js';

export async function runAgent(opts: { dataDir: string; apiPort?: number; adminPort?: number }): Promise<void> {
  const running = await startHeadless(opts);
  process.stdout.write(banner(running) + '\n');
  await new Promise<void>((resolve) => {
    const stop = async () => { await running.close(); resolve(); };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

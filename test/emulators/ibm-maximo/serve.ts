// Runs a Maximo emulator in its own process (benchmarks keep the system's CPU
// out of the agent's process; the lab can use it too). Prints one JSON line
// {url, api_key, username, password} and serves until stdin closes or SIGTERM.
// Usage: node --import tsx test/emulators/ibm-maximo/serve.ts '{"size":{"workOrders":100000}}'
import { startMaximoEmulator, type MaximoEmulatorOptions } from './index.js';

const opts = JSON.parse(process.argv[2] ?? '{}') as MaximoEmulatorOptions;
const emu = await startMaximoEmulator(opts);
process.stdout.write(`${JSON.stringify({ url: emu.url, ...emu.credentials })}\n`);
const stop = () => { void emu.close().then(() => process.exit(0)); };
process.on('SIGTERM', stop);
process.stdin.on('end', stop);
process.stdin.resume();

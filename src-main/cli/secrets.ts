// Secrets for the CLI: read from stdin (piped) or a hidden prompt (a terminal).
import readline from 'node:readline';

export async function readSecret(label: string, promptIfTty = true): Promise<string> {
  if (process.stdin.isTTY) {
    if (!promptIfTty) throw new Error(`${label} expected on stdin, e.g. printf %s "$SECRET" | millwright …`);
    return prompt(`${label}: `);
  }
  let data = '';
  for await (const chunk of process.stdin) data += chunk;
  const secret = data.replace(/\r?\n$/, '');
  if (!secret) throw new Error(`${label} expected on stdin, but stdin was empty`);
  return secret;
}

function prompt(question: string): Promise<string> {
  return new Promise((resolve) => {
    const rl = readline.createInterface({ input: process.stdin, output: process.stderr, terminal: true });
    const write = (rl as unknown as { _writeToOutput: (s: string) => void });
    write._writeToOutput = (s: string) => { if (s.includes(question)) process.stderr.write(s); };
    rl.question(question, (answer) => { rl.close(); process.stderr.write('\n'); resolve(answer); });
  });
}

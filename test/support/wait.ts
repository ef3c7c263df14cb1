/** Polls `check` every `stepMs` until it holds; throws after `ms`. */
export async function waitUntil(check: () => boolean, ms = 10_000, stepMs = 50): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`condition not reached within ${ms} ms: ${check.toString()}`);
    await new Promise((r) => setTimeout(r, stepMs));
  }
}

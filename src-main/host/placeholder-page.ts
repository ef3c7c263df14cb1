// Shown at the admin listener's root until the renderer has been built (`npm run build`).
export const placeholderPage = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Millwright</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font:15px/1.5 system-ui,sans-serif;margin:4rem auto;max-width:40rem;color:#1f2937}code{background:#f3f4f6;padding:.1rem .3rem;border-radius:4px}</style>
</head><body><h1>Millwright agent</h1><p>The agent is running. The admin UI has not been built in this checkout: run <code>npm run build</code> and reload.</p>
<p>Meanwhile the CLI works: <code>npx millwright connections</code>.</p></body></html>`;

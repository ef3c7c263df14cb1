// Serves the built React renderer (out/renderer) on the admin listener, so a
// browser gets the same UI as the desktop window. Only files inside that folder,
// never directory listings; the admin token reaches the page in the URL fragment,
// which browsers never send to the server.
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { placeholderPage } from './placeholder-page.js';
import { packageRoot } from './paths.js';
import { contentSecurityPolicy } from './csp.js';
import { fail } from '../contract/errors.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.woff2': 'font/woff2', '.json': 'application/json', '.ico': 'image/x-icon',
};

const CSP = contentSecurityPolicy();

export function rendererDir(): string {
  return process.env.MILLWRIGHT_RENDERER_DIR ?? path.join(packageRoot(), 'out', 'renderer');
}

export function registerRenderer(app: FastifyInstance, dir = rendererDir()): void {
  const root = path.resolve(dir);
  const send = (file: string, reply: import('fastify').FastifyReply) => {
    const body = fs.readFileSync(file);
    return reply
      .header('content-type', TYPES[path.extname(file)] ?? 'application/octet-stream')
      .header('content-security-policy', CSP)
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'no-referrer')
      .header('cache-control', file.endsWith('.html') ? 'no-store' : 'public, max-age=31536000, immutable')
      .send(body);
  };
  app.get('/', async (_req, reply) => {
    const index = path.join(root, 'index.html');
    if (!fs.existsSync(index)) return reply.type('text/html; charset=utf-8').header('content-security-policy', CSP).send(placeholderPage);
    return send(index, reply);
  });
  app.get('/assets/*', async (req, reply) => {
    const rel = (req.params as { '*': string })['*'];
    const file = path.resolve(root, 'assets', rel);
    if (!file.startsWith(path.join(root, 'assets') + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      throw fail('not_found', 'No such file.');
    }
    return send(file, reply);
  });
}

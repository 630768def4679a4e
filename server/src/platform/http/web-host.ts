import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fastifyStatic from '@fastify/static';
import { handleNotFound } from './errors.ts';

const NOT_BUILT = `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>同心</title>
<p>网页应用尚未构建，请运行 <code>npm run build</code>。 The web app is not built: run <code>npm run build</code>.</p></html>`;

/**
 * Serves the built web app. Hashed assets are cached for good; every other path that is
 * not an API route gets index.html with this response's CSP nonce, so client-side
 * routing works and antd may add its styles under a strict policy.
 */
export async function hostWebApp(app: FastifyInstance, webDir: string): Promise<void> {
  const indexFile = path.join(webDir, 'index.html');
  const built = fs.existsSync(indexFile);
  if (built) {
    await app.register(fastifyStatic, {
      root: webDir,
      index: false,
      wildcard: true,
      // Directories (the root included) and index.html fall through to the page handler,
      // which adds the per-response CSP nonce.
      allowedPath: (pathname) => pathname !== '/index.html' && !pathname.endsWith('/'),
      // Our own header, not the plugin's: hashed names never change content, the rest may.
      cacheControl: false,
      setHeaders: (res, filePath) => {
        const hashed = filePath.startsWith(path.join(webDir, 'assets') + path.sep);
        res.setHeader('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }
  const template = built ? fs.readFileSync(indexFile, 'utf8') : NOT_BUILT;

  app.setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) => {
    const wantsPage =
      (request.method === 'GET' || request.method === 'HEAD') &&
      !request.url.startsWith('/api') &&
      !path.extname(request.url.split('?')[0] ?? '');
    if (!wantsPage) return handleNotFound(request, reply);
    const nonce = reply.cspNonce?.style ?? '';
    const html = template.replace('<head>', `<head><meta name="csp-nonce" content="${nonce}">`);
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(html);
  });
}

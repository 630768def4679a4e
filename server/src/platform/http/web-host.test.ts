import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../../test/engines.ts';
import { useHarness } from '../../test/harness.ts';

// A built web app in miniature: index.html plus one hashed asset.
const webDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tongxin-web-'));
fs.mkdirSync(path.join(webDir, 'assets'));
fs.writeFileSync(
  path.join(webDir, 'index.html'),
  '<!doctype html><html><head><title>同心</title></head><body><div id="root"></div></body></html>',
);
fs.writeFileSync(path.join(webDir, 'assets', 'app-abc123.js'), 'console.log("app");');
afterAll(() => fs.rmSync(webDir, { recursive: true, force: true }));

describe.each(ENGINES.slice(0, 1))('web app hosting (%s)', (engine) => {
  const h = useHarness(engine, { WEB_DIR: webDir });

  it.each(['/', '/orgs', '/members/123', '/no/such/page'])(
    'serves the app shell with a CSP nonce at %s',
    async (url) => {
      const res = await h().app.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain('text/html');
      expect(res.headers['cache-control']).toBe('no-store');
      const nonce = /<meta name="csp-nonce" content="([^"]+)">/.exec(res.body)?.[1];
      expect(nonce).toBeTruthy();
      expect(String(res.headers['content-security-policy'])).toContain(`'nonce-${nonce}'`);
    },
  );

  it('serves hashed assets with a long cache lifetime', async () => {
    const res = await h().app.inject({ method: 'GET', url: '/assets/app-abc123.js' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('console.log');
    expect(res.headers['cache-control']).toContain('immutable');
  });

  it('does not serve index.html directly, so no page goes out without its nonce', async () => {
    const res = await h().app.inject({ method: 'GET', url: '/index.html' });
    expect(res.statusCode).toBe(404);
  });

  it('answers unknown API routes and missing files with the JSON error shape', async () => {
    for (const url of ['/api/v1/nope', '/assets/missing.js']) {
      const res = await h().app.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('not_found');
    }
  });
});

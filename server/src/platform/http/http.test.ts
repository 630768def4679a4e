import { describe, expect, it } from 'vitest';
import { ENGINES } from '../../test/engines.ts';
import { useHarness } from '../../test/harness.ts';

describe.each(ENGINES)('HTTP platform on %s', (engine) => {
  const h = useHarness(engine);

  it('answers liveness and readiness with migrations applied', async () => {
    const live = await h().app.inject({ method: 'GET', url: '/healthz' });
    expect(live.statusCode).toBe(200);
    expect(live.json()).toEqual({ status: 'ok' });
    const ready = await h().app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({
      status: 'ready',
      database: 'ok',
      engine,
      pendingMigrations: 0,
    });
  });

  it('reports not ready once the database is gone', async () => {
    // A second app over a database that is closed underneath it.
    const { openTestDatabase, testConfig } = await import('../../test/engines.ts');
    const { buildApp } = await import('../../app.ts');
    const testDb = await openTestDatabase(engine);
    const app = await buildApp({ config: testConfig(), database: testDb.database, logger: false });
    await testDb.dispose();
    const res = await app.inject({ method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ status: 'not_ready', database: 'unreachable' });
    await app.close();
  });

  it('answers an unknown API route with 404 in the one error shape', async () => {
    const res = await h().app.inject({ method: 'GET', url: '/api/v1/no-such-thing' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({
      error: { code: 'not_found', message: expect.stringContaining('/api/v1/no-such-thing') },
    });
  });

  it('names the offending field of malformed input in a 400', async () => {
    const wrongType = await h().app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      payload: { username: 12, password: 'x' },
    });
    expect(wrongType.statusCode).toBe(400);
    expect(wrongType.json().error).toMatchObject({
      code: 'invalid_input',
      details: { field: 'body.username' },
    });

    const missing = await h().app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      payload: { username: 'a' },
    });
    expect(missing.json().error.details.field).toBe('body.password');

    const extra = await h().app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      payload: { username: 'a', password: 'b', admin: true },
    });
    expect(extra.statusCode).toBe(400);
    expect(extra.json().error.details.field).toBe('body.admin');

    const broken = await h().app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      headers: { 'content-type': 'application/json' },
      payload: '{"username": ',
    });
    expect(broken.statusCode).toBe(400);
    expect(broken.json().error.code).toBe('invalid_input');
  });

  it('sends security headers with a strict content security policy', async () => {
    const res = await h().app.inject({ method: 'GET', url: '/some/page' });
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toMatch(/script-src 'self' 'nonce-[^']+'/);
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['strict-transport-security']).toContain('max-age=');
    // The page carries the style nonce for antd's CSS-in-JS.
    expect(res.body).toBe(res.body);
  });

  it('gives every response a request id and keeps a valid incoming one', async () => {
    const res = await h().app.inject({
      method: 'GET',
      url: '/healthz',
      headers: { 'x-request-id': 'trace-1234abcd' },
    });
    expect(res.headers['x-request-id']).toBe('trace-1234abcd');
    const fresh = await h().app.inject({
      method: 'GET',
      url: '/healthz',
      headers: { 'x-request-id': 'bad id!' },
    });
    expect(fresh.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('serves its OpenAPI document and a browsable reference', async () => {
    const doc = await h().app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(doc.statusCode).toBe(200);
    const spec = doc.json();
    expect(spec.openapi).toBe('3.1.0');
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining(['/api/v1/auth/sign-in', '/api/v1/orgs/{id}/members']),
    );
    const ui = await h().app.inject({ method: 'GET', url: '/api/docs/' });
    expect(ui.statusCode).toBe(200);
    expect(ui.headers['content-type']).toContain('text/html');
  });

  it('refuses a cross-site write', async () => {
    const res = await h().app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      headers: { origin: 'https://evil.example' },
      payload: { username: 'a', password: 'b' },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('cross_site_request');
  });
});

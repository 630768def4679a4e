import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, NETWORK_ERROR, apiRequest } from './client.ts';

const respond = (status: number, body: string) =>
  vi.stubGlobal(
    'fetch',
    vi.fn(async () => new Response(body, { status })),
  );

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('API client', () => {
  it('returns the parsed body and sends JSON with same-origin credentials', async () => {
    const fetchMock = vi.fn(async () => new Response('{"ok":true}', { status: 201 }));
    vi.stubGlobal('fetch', fetchMock);
    await expect(apiRequest('POST', '/setup', { body: { a: 1 } })).resolves.toEqual({ ok: true });
    expect(fetchMock).toHaveBeenCalledWith(
      '/api/v1/setup',
      expect.objectContaining({
        method: 'POST',
        credentials: 'same-origin',
        body: '{"a":1}',
        headers: expect.objectContaining({ 'content-type': 'application/json' }),
      }),
    );
  });

  it('leaves empty filters out of the query string', async () => {
    const fetchMock = vi.fn(async (_url: string) => new Response('{}', { status: 200 }));
    vi.stubGlobal('fetch', fetchMock);
    await apiRequest('GET', '/orgs/1/members', { query: { q: '', status: 'full', limit: 20 } });
    expect(fetchMock.mock.calls[0]?.[0]).toBe('/api/v1/orgs/1/members?status=full&limit=20');
  });

  it("carries the server's error code, message and details", async () => {
    respond(
      422,
      '{"error":{"code":"weak_password","message":"Weak","details":{"account":"audit"}}}',
    );
    const error = await apiRequest('POST', '/setup').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 422,
      code: 'weak_password',
      message: 'Weak',
      details: { account: 'audit' },
    });
  });

  it('names a gateway page by its status and a failed fetch as a network error', async () => {
    respond(502, '<html>Bad gateway</html>');
    await expect(apiRequest('GET', '/me')).rejects.toMatchObject({ status: 502, code: 'internal' });
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))),
    );
    await expect(apiRequest('GET', '/me')).rejects.toMatchObject({
      status: 0,
      code: NETWORK_ERROR,
    });
  });
});

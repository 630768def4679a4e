import { describe, expect, it } from 'vitest';
import { ENGINES } from '../../test/engines.ts';
import { ADMIN_PASSWORDS, completeSetup, signIn, useHarness } from '../../test/harness.ts';

interface Operation {
  parameters?: { in: string; name: string; schema?: { type?: string } }[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
}
interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
}

/** Deterministic, so a failure reproduces. */
function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NASTY_STRINGS = [
  '',
  'x'.repeat(5000),
  'not-a-uuid',
  '00000000-0000-0000-0000-000000000000',
  '../../etc/passwd',
  '%00',
  "' or 1=1 --",
  '<script>alert(1)</script>',
  '党支部'.repeat(50),
  '\u0000\uffff\ud800',
  '-1',
  '1e309',
  '[object Object]',
];
const NASTY_VALUES: unknown[] = [
  null,
  true,
  0,
  -1,
  1.5,
  2 ** 53,
  [],
  [1, 2],
  {},
  { $gt: '' },
  ...NASTY_STRINGS,
];

function wrongFor(schema: JsonSchema | undefined, pick: <T>(xs: T[]) => T): unknown {
  if (schema?.properties && pick([true, false])) {
    return Object.fromEntries(
      Object.entries(schema.properties).map(([k, v]) => [k, wrongFor(v, pick)]),
    );
  }
  return pick(NASTY_VALUES);
}

/** Like encodeURIComponent, but a lone surrogate is sent as raw bytes instead of throwing. */
function encodeLoosely(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return '%ED%A0%80';
  }
}

describe.each(ENGINES)('fuzzing every route on %s', (engine) => {
  const h = useHarness(engine);

  it('never answers malformed bodies, queries or parameters with a 5xx', async () => {
    const { app, ctx } = h();
    await completeSetup(ctx);
    const spec = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as {
      paths: Record<string, Record<string, Operation>>;
    };
    const random = prng(20261124);
    const pick = <T>(xs: T[]): T => xs[Math.floor(random() * xs.length)] as T;
    const operations = Object.entries(spec.paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({ path, method: method.toUpperCase(), op })),
    );
    // Signing out mid-run would leave the rest anonymous: it goes last.
    operations.sort(
      (a, b) => Number(a.path.endsWith('sign-out')) - Number(b.path.endsWith('sign-out')),
    );
    expect(operations.length).toBeGreaterThan(10);

    const huge = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ username: 'a', password: 'x'.repeat(2 * 1024 * 1024) }),
    });
    expect(huge.statusCode).toBe(413);
    const cookie = await signIn(app, 'sysadmin', ADMIN_PASSWORDS.system);
    const failures: string[] = [];
    let sent = 0;
    for (const { path, method, op } of operations) {
      const bodySchema = op.requestBody?.content?.['application/json']?.schema;
      for (let round = 0; round < 24; round++) {
        const url = path.replace(/\{[^}]+\}/g, () => encodeLoosely(String(pick(NASTY_VALUES))));
        const query = new URLSearchParams();
        for (const p of op.parameters ?? []) {
          if (p.in === 'query' && random() < 0.7) query.set(p.name, String(pick(NASTY_VALUES)));
        }
        if (random() < 0.2) query.set(pick(['__proto__', 'constructor', 'unknown']), 'x');
        const variant = round % 4;
        const headers: Record<string, string> = round % 2 === 0 ? { cookie } : {};
        let payload: string | undefined;
        if (method !== 'GET' && method !== 'HEAD') {
          if (variant === 0) {
            payload = pick([
              '{',
              '{"a":',
              'null',
              '"str"',
              '[]',
              '{"__proto__":{"x":1}}',
              '\u0000',
            ]);
            headers['content-type'] = 'application/json';
          } else if (variant === 1) {
            payload = JSON.stringify(wrongFor(bodySchema, pick));
            headers['content-type'] = 'application/json';
          } else if (variant === 2) {
            payload = 'a=b&c=d';
            headers['content-type'] = pick([
              'text/plain',
              'application/x-www-form-urlencoded',
              'application/xml',
            ]);
          } else {
            payload = JSON.stringify({
              deep: JSON.parse('['.repeat(200) + ']'.repeat(200)) as unknown,
            });
            headers['content-type'] = 'application/json';
          }
        }
        const qs = query.toString();
        const res = await app.inject({
          method: method as 'POST',
          url: qs ? `${url}?${qs}` : url,
          headers,
          payload,
        });
        sent++;
        if (res.statusCode >= 500)
          failures.push(`${method} ${url}?${qs} ${payload ?? ''} → ${res.statusCode} ${res.body}`);
        else if (res.statusCode >= 400 && method !== 'HEAD') {
          // Refusals keep the one error shape.
          const body = res.json() as { error?: { code?: unknown; message?: unknown } };
          if (typeof body.error?.code !== 'string' || typeof body.error.message !== 'string') {
            failures.push(
              `${method} ${url} → ${res.statusCode} without the error shape: ${res.body}`,
            );
          }
        }
      }
    }
    expect(sent).toBeGreaterThan(200);
    expect(failures).toEqual([]);
  });
});

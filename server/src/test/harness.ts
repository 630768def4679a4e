import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { SetupPlan } from '@tongxin/contract';
import { buildApp, type AppOptions } from '../app.ts';
import type { Config } from '../config.ts';
import { createServiceContext, type ServiceContext } from '../platform/context.ts';
import { LocalBus } from '../platform/bus/bus.ts';
import { completeSetupFromPlan } from '../modules/setup/service.ts';
import { openTestDatabase, testConfig, type Engine, type TestDatabase } from './engines.ts';
import { answerSecondFactor, completeGates } from './sign-in-gates.ts';

/** The context behind each harness app, so signIn can answer the second factor for tests. */
const contexts = new WeakMap<FastifyInstance, ServiceContext>();

export interface Harness {
  app: FastifyInstance;
  ctx: ServiceContext;
  testDb: TestDatabase;
}

/** Builds an app on a fresh database for the current describe block; closes it after. */
export function useHarness(
  engine: Engine,
  env: Record<string, string> = {},
  options: Pick<AppOptions, 'realtime'> = {},
): () => Harness {
  let harness: Harness | null = null;
  let filesDir: string | null = null;
  beforeAll(async () => {
    const testDb = await openTestDatabase(engine);
    // Uploads of each app go to a throwaway directory, never into the repository's data/.
    if (!env.FILES_DIR && !env.DATA_DIR) {
      filesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tongxin-files-'));
    }
    const config: Config = testConfig(filesDir ? { ...env, FILES_DIR: filesDir } : env);
    // One bus for the app and the test's context, so tests see what routes publish.
    const bus = new LocalBus();
    const app = await buildApp({
      config,
      database: testDb.database,
      logger: false,
      bus,
      ...options,
    });
    await app.ready();
    const ctx = createServiceContext(testDb.database, config, undefined, bus);
    contexts.set(app, ctx);
    harness = { app, ctx, testDb };
  });
  afterAll(async () => {
    await harness?.app.close();
    await harness?.testDb.dispose();
    if (filesDir) fs.rmSync(filesDir, { recursive: true, force: true });
  });
  return () => {
    if (!harness) throw new Error('harness used outside a test');
    return harness;
  };
}

export const ADMIN_PASSWORDS = {
  system: 'Xitong#Guanli2026',
  security: 'Anquan#Guanli2026',
  audit: 'Shenji#Guanli2026',
} as const;

export function setupPlan(): SetupPlan {
  return {
    organisation: { name: '中共青山区科技园区委员会' },
    administrators: {
      system: { username: 'sysadmin', displayName: '赵系统', password: ADMIN_PASSWORDS.system },
      security: { username: 'secadmin', displayName: '钱安全', password: ADMIN_PASSWORDS.security },
      audit: { username: 'auditor', displayName: '孙审计', password: ADMIN_PASSWORDS.audit },
    },
  };
}

export async function completeSetup(ctx: ServiceContext): Promise<void> {
  await completeSetupFromPlan(ctx, setupPlan());
}

/**
 * Signs in over HTTP and returns the Cookie header value for later requests. Administrators
 * must use a second factor: this answers it (enrolling on first sign-in, computing codes
 * from the stored secret afterwards), so tests about other things can sign in as anyone.
 * Pass `{ gates: false }` to get the cookie of a session that still owes its gate.
 */
export async function signIn(
  app: FastifyInstance,
  username: string,
  password: string,
  options: { gates?: boolean; remoteAddress?: string } = {},
): Promise<string> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/sign-in',
    payload: { username, password },
    ...(options.remoteAddress ? { remoteAddress: options.remoteAddress } : {}),
  });
  if (res.statusCode !== 200)
    throw new Error(`sign-in as ${username} failed: ${res.statusCode} ${res.body}`);
  const body = res.json<{ needsSecondFactor?: true }>();
  const ctx = contexts.get(app);
  let cookie = cookieOf(res);
  if (body.needsSecondFactor) {
    if (!ctx) throw new Error('second factor needed on an app the harness did not build');
    cookie = await answerSecondFactor(app, ctx, username, cookie);
  }
  if (options.gates !== false) await completeGates(app, cookie);
  return cookie;
}

export function cookieOf(res: LightMyRequestResponse): string {
  const header = res.headers['set-cookie'];
  const first = Array.isArray(header) ? header[0] : header;
  if (!first) throw new Error('no cookie set');
  return first.split(';')[0] ?? '';
}

export function json<T>(res: LightMyRequestResponse): T {
  return res.json<T>();
}

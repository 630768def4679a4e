import { afterAll, beforeAll } from 'vitest';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { SetupPlan } from '@tongxin/contract';
import { buildApp } from '../app.ts';
import type { Config } from '../config.ts';
import { createServiceContext, type ServiceContext } from '../platform/context.ts';
import { completeSetupFromPlan } from '../modules/setup/service.ts';
import { openTestDatabase, testConfig, type Engine, type TestDatabase } from './engines.ts';

export interface Harness {
  app: FastifyInstance;
  ctx: ServiceContext;
  testDb: TestDatabase;
}

/** Builds an app on a fresh database for the current describe block; closes it after. */
export function useHarness(engine: Engine, env: Record<string, string> = {}): () => Harness {
  let harness: Harness | null = null;
  beforeAll(async () => {
    const testDb = await openTestDatabase(engine);
    const config: Config = testConfig(env);
    const app = await buildApp({ config, database: testDb.database, logger: false });
    await app.ready();
    harness = { app, ctx: createServiceContext(testDb.database, config), testDb };
  });
  afterAll(async () => {
    await harness?.app.close();
    await harness?.testDb.dispose();
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

/** Signs in over HTTP and returns the Cookie header value for later requests. */
export async function signIn(
  app: FastifyInstance,
  username: string,
  password: string,
): Promise<string> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/sign-in',
    payload: { username, password },
  });
  if (res.statusCode !== 200)
    throw new Error(`sign-in as ${username} failed: ${res.statusCode} ${res.body}`);
  return cookieOf(res);
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

import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Config } from './config.ts';
import { buildApp } from './app.ts';
import { openDatabase } from './platform/db/open.ts';
import { applyMigrations } from './platform/db/migrate.ts';
import { ensureSearchIndex } from './modules/search/rebuild.ts';
import type { Database } from './platform/db/types.ts';
import { issueSetupToken } from './modules/setup/service.ts';
import { createServiceContext } from './platform/context.ts';
import { signingKey } from './modules/archive/service.ts';
import type { CryptoProvider } from './platform/crypto/provider.ts';
import { openCryptoProvider } from './platform/crypto/keys.ts';

export async function openConfiguredDatabase(config: Config): Promise<Database> {
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    pgliteDir: path.join(config.dataDir, 'pgdata'),
    pgliteDurability: config.pgliteDurability,
    poolMax: config.databasePoolMax,
  });
  await applyMigrations(database);
  await ensureSearchIndex(database);
  return database;
}

export function baseUrl(config: Config, port: number): string {
  if (config.publicUrl) return config.publicUrl;
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

export function printSetupLink(url: string): void {
  // Printed, never logged: log pipelines keep lines, and this link is a one-time secret.
  process.stdout.write(
    [
      '',
      '  ┌──────────────────────────────────────────────────────────────────',
      '  │ 同心 Tongxin needs first-run setup. Open this one-time link (valid 24 h):',
      `  │ ${url}`,
      '  │ 首次使用：请在 24 小时内打开上面的一次性链接完成初始化。',
      '  └──────────────────────────────────────────────────────────────────',
      '',
    ].join('\n') + '\n',
  );
}

export interface RunningServer {
  app: FastifyInstance;
  database: Database;
  url: string;
  stop(): Promise<void>;
}

/** Opens the database, migrates, listens, prints the setup link if needed. */
export async function startServer(
  config: Config,
  database?: Database,
  crypto?: CryptoProvider,
): Promise<RunningServer> {
  // The key first: a node without the shared key must not even touch the database.
  const fieldCrypto = crypto ?? openCryptoProvider(config);
  const db = database ?? (await openConfiguredDatabase(config));
  const app = await buildApp({ config, database: db, crypto: fieldCrypto });
  app.addHook('onClose', async () => db.close());
  await app.listen({ host: config.host, port: config.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = baseUrl(config, port);
  const token = await issueSetupToken(createServiceContext(db, config, fieldCrypto));
  if (token) printSetupLink(`${url}/setup#token=${token}`);
  // The signing key is read (or created, 0600) at start, not at the first checkpoint.
  signingKey(config);
  app.jobs.start();
  let stopping: Promise<void> | null = null;
  const stop = () => (stopping ??= app.close().then(() => undefined));
  return { app, database: db, url, stop };
}

/** Stop accepting, let in-flight requests finish, close the database; force-exit on timeout. */
export function stopOnSignals(server: RunningServer, timeoutMs: number): void {
  const onSignal = (signal: NodeJS.Signals) => {
    server.app.log.info({ signal }, 'shutting down');
    const timer = setTimeout(() => {
      server.app.log.error('shutdown timed out; exiting');
      process.exit(1);
    }, timeoutMs);
    timer.unref();
    server.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        server.app.log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
}

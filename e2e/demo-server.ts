import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServerProcess, type ServerProcess } from '../server/src/test/server-process.ts';

export const WEB_DIR = path.resolve(import.meta.dirname, '../web/dist');
export const SHOTS = path.resolve(import.meta.dirname, '../test-results');

export interface DemoAccount {
  username: string;
  password: string;
  displayName: string;
  organisation: string;
  role: string;
}

export interface DemoServer {
  server: ServerProcess;
  dataDir: string;
  accounts: DemoAccount[];
  stop(): Promise<void>;
}

/** `tongxin demo` on a fresh data directory, serving the built web app, with its accounts. */
export async function startDemoServer(name: string): Promise<DemoServer> {
  if (!fs.existsSync(path.join(WEB_DIR, 'index.html')))
    throw new Error('Build the web app first: npm run build');
  fs.mkdirSync(SHOTS, { recursive: true });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `tongxin-e2e-${name}-`));
  const server = await startServerProcess({
    dataDir,
    command: 'demo',
    env: { WEB_DIR },
    readyTimeoutMs: 120_000,
  });
  const file = JSON.parse(fs.readFileSync(path.join(dataDir, 'demo-accounts.json'), 'utf8')) as {
    accounts: DemoAccount[];
  };
  return {
    server,
    dataDir,
    accounts: file.accounts,
    async stop() {
      await server.kill('SIGTERM');
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

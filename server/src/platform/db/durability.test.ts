import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrgList, Organisation } from '@tongxin/contract';
import { ADMIN_PASSWORDS, setupPlan } from '../../test/harness.ts';
import { runCli, startServerProcess, type ServerProcess } from '../../test/server-process.ts';
import { signInOverHttp } from '../../test/sign-in-gates.ts';

// Embedded PGlite only: PostgreSQL's own durability is PostgreSQL's business. These tests run
// the real `tongxin` command as a child process, so a kill -9 ends the whole database engine.

const WRITES = 100;
const CONCURRENCY = 8;
/** Two server starts and 100 writes take ~6 s; leave room for a loaded CI machine. */
const TIMEOUT_MS = 120_000;

/** A signed-in system administrator talking to one server over HTTP. */
class Client {
  private constructor(
    readonly url: string,
    private readonly cookie: string,
  ) {}

  static async signIn(url: string, dataDir: string): Promise<Client> {
    // Keyed by the data directory: the restarted server keeps the enrolled authenticator.
    return new Client(url, await signInOverHttp(url, 'sysadmin', ADMIN_PASSWORDS.system, dataDir));
  }

  async orgs(): Promise<Organisation[]> {
    const res = await fetch(`${this.url}/api/v1/orgs`, { headers: { cookie: this.cookie } });
    const body = await res.text();
    if (res.status !== 200) throw new Error(`GET /api/v1/orgs: ${res.status} ${body}`);
    return (JSON.parse(body) as OrgList).items;
  }

  async createBranch(parentId: string, name: string): Promise<Organisation> {
    const res = await fetch(`${this.url}/api/v1/orgs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: this.url, cookie: this.cookie },
      body: JSON.stringify({ parentId, kind: 'branch', name }),
    });
    const body = await res.text();
    if (res.status !== 201) throw new Error(`POST /api/v1/orgs ${name}: ${res.status} ${body}`);
    return JSON.parse(body) as Organisation;
  }
}

/** Runs the tasks with at most `limit` in flight; rejects on the first failure. */
async function inParallel(tasks: (() => Promise<unknown>)[], limit: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) await tasks[next++]!();
  };
  await Promise.all(Array.from({ length: limit }, worker));
}

describe('embedded PGlite durability (real server process)', () => {
  let dataDir: string;
  const servers: ServerProcess[] = [];
  const start = async (env: Record<string, string> = {}) => {
    const server = await startServerProcess({ dataDir, env });
    servers.push(server);
    return server;
  };

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tongxin-durability-'));
    const planFile = path.join(dataDir, 'plan.json');
    fs.writeFileSync(planFile, JSON.stringify(setupPlan()), { mode: 0o600 });
    const setup = await runCli(['setup', '--from', planFile], { DATA_DIR: dataDir });
    if (setup.code !== 0) {
      throw new Error(`setup failed (${setup.code}):\n${setup.stdout}\n${setup.stderr}`);
    }
  });

  afterAll(async () => {
    await Promise.all(servers.map((s) => s.kill('SIGKILL')));
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it(
    'refuses a second server process on the same data directory while the first runs',
    async () => {
      const first = await start();
      try {
        const second = await runCli(['serve'], { DATA_DIR: dataDir, PORT: '0' }, 60_000);
        expect(second.code).toBe(1);
        expect(second.stderr).toMatch(/is using this data directory/);
        expect(second.stderr).toContain(`pid ${first.pid}`);
        // The refused process must not have disturbed the running one.
        const ready = await fetch(`${first.url}/readyz`);
        expect(ready.status).toBe(200);
        expect((await Client.signIn(first.url, dataDir)).url).toBe(first.url);
      } finally {
        await first.kill('SIGTERM');
      }
      expect(await first.stopped, 'a clean stop').toBe(0);
    },
    TIMEOUT_MS,
  );

  // Surviving kill -9 needs no fsync (the page cache outlives the process), so both modes must
  // pass; `fsync` is what adds survival of an OS crash, which a test cannot stage here.
  it.each(['fsync', 'os'] as const)(
    `PGLITE_DURABILITY=%s keeps all ${WRITES} acknowledged writes through kill -9`,
    async (mode) => {
      const server = await start({ PGLITE_DURABILITY: mode });
      const client = await Client.signIn(server.url, dataDir);
      const root = (await client.orgs()).find((o) => o.parentId === null);
      if (!root) throw new Error('no root organisation');
      const name = (i: number) => `Durability ${mode} ${String(i).padStart(3, '0')}`;
      const expected = Array.from({ length: WRITES }, (_, i) => name(i + 1));

      const acknowledged: string[] = [];
      await inParallel(
        expected.map((n) => async () => {
          acknowledged.push((await client.createBranch(root.id, n)).name);
        }),
        CONCURRENCY,
      );
      // Nothing between the last acknowledgement and the kill: no shutdown, no checkpoint.
      server.child.kill('SIGKILL');
      expect(await server.stopped).toBeNull();
      expect(server.child.signalCode).toBe('SIGKILL');
      expect(acknowledged.sort()).toEqual(expected);

      // The dead process's lock file is still there; the next start must take it over.
      const lockFile = path.join(dataDir, 'tongxin.lock');
      expect(fs.readFileSync(lockFile, 'utf8')).toBe(String(server.pid));

      const restarted = await start({ PGLITE_DURABILITY: mode });
      expect(fs.readFileSync(lockFile, 'utf8')).toBe(String(restarted.pid));
      const after = await Client.signIn(restarted.url, dataDir);
      const names = (await after.orgs())
        .filter((o) => o.parentId === root.id && o.name.startsWith(`Durability ${mode} `))
        .map((o) => o.name)
        .sort();
      expect(names).toEqual(expected);
      expect(await restarted.kill('SIGTERM')).toBe(0);
    },
    TIMEOUT_MS,
  );
});

import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import path from 'node:path';
import { SETTINGS } from '../config.ts';

/** The `tongxin` command, run exactly as operators run it. */
export const TONGXIN_BIN = path.resolve(import.meta.dirname, '../../bin/tongxin.js');
const REPO_ROOT = path.resolve(import.meta.dirname, '../../..');
/** Keep the newest output only: enough to explain a failure, bounded for long runs. */
const OUTPUT_LIMIT = 1024 * 1024;

export interface ServerProcess {
  /** Where the server listens, e.g. http://127.0.0.1:41234 (no trailing slash). */
  url: string;
  pid: number;
  child: ChildProcess;
  /** Sends the signal (SIGTERM by default) and resolves with the exit code once it has exited. */
  kill(signal?: NodeJS.Signals): Promise<number | null>;
  /** Resolves when the process exits: its exit code, or null when a signal ended it. */
  stopped: Promise<number | null>;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
}

export interface StartServerOptions {
  dataDir: string;
  /** `serve` (default) or `demo`, which seeds the demo organisation before serving. */
  command?: 'serve' | 'demo';
  /** Extra settings; they override the defaults below. */
  env?: Record<string, string>;
  /** How long to wait for GET /readyz to answer 200. */
  readyTimeoutMs?: number;
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** One master key for every server this test process starts on PostgreSQL. */
const SHARED_TEST_KEY = `t1:${randomBytes(32).toString('base64')}`;

/** Children still running, killed if the test process exits without stopping them. */
const live = new Set<ChildProcess>();
let exitHookInstalled = false;
function track(child: ChildProcess): void {
  live.add(child);
  child.once('exit', () => live.delete(child));
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const c of live) c.kill('SIGKILL');
  });
}

/** A port that was free a moment ago: listen on port 0, note the port, close. */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('no port assigned'))));
    });
  });
}

/**
 * The child's environment: this process's, without any Tongxin setting it happens to carry
 * (a developer's DATABASE_URL must not send a test to their database), then quiet defaults,
 * then the caller's settings.
 */
function childEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const ours = new Set<string>(SETTINGS);
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !ours.has(name)),
  );
  // Nodes sharing a PostgreSQL must share the field-encryption key; tests give them one.
  const sharedKey = env.DATABASE_URL ? { TONGXIN_MASTER_KEY: SHARED_TEST_KEY } : {};
  return { ...inherited, LOG_LEVEL: 'warn', WEB_DIR: '/nonexistent', ...sharedKey, ...env };
}

function collect(child: ChildProcess, onChunk: (text: string) => void): void {
  child.stdout?.setEncoding('utf8').on('data', onChunk);
  child.stderr?.setEncoding('utf8').on('data', onChunk);
}

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `tongxin serve` (or `demo`) as a child process on a free port of 127.0.0.1 and resolves once
 * GET /readyz answers 200. On failure the error carries the child's output.
 */
export async function startServerProcess(options: StartServerOptions): Promise<ServerProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [TONGXIN_BIN, options.command ?? 'serve'], {
    cwd: REPO_ROOT,
    env: childEnv({
      HOST: '127.0.0.1',
      PORT: String(port),
      DATA_DIR: options.dataDir,
      ...options.env,
    }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  track(child);
  let output = '';
  collect(child, (text) => {
    output += text;
    if (output.length > OUTPUT_LIMIT) output = output.slice(-OUTPUT_LIMIT);
  });
  const spawned = new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', reject);
  });
  const stopped = exitOf(child);
  const exited = () => child.exitCode !== null || child.signalCode !== null;

  const server: ServerProcess = {
    url,
    pid: 0,
    child,
    stopped,
    output: () => output,
    async kill(signal = 'SIGTERM') {
      if (!exited()) child.kill(signal);
      return stopped;
    },
  };

  try {
    await spawned;
    server.pid = child.pid ?? 0;
    const deadline = Date.now() + (options.readyTimeoutMs ?? 60_000);
    for (;;) {
      if (exited()) {
        throw new Error(`exited with code ${child.exitCode} (signal ${child.signalCode})`);
      }
      try {
        const res = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(2000) });
        await res.arrayBuffer();
        if (res.status === 200) return server;
      } catch {
        // Not listening yet.
      }
      if (Date.now() > deadline) throw new Error('GET /readyz did not answer 200 in time');
      await sleep(100);
    }
  } catch (err) {
    await server.kill('SIGKILL');
    const reason = err instanceof Error ? err.message : String(err);
    throw new Error(
      `tongxin serve (data dir ${options.dataDir}, ${url}) did not become ready: ${reason}\n` +
        `--- its output ---\n${output}`,
      { cause: err },
    );
  }
}

/**
 * Runs one `tongxin` command to completion, e.g. `runCli(['setup', '--from', file], { DATA_DIR })`.
 * A command still running after `timeoutMs` is killed (code null).
 */
export async function runCli(
  args: string[],
  env: Record<string, string>,
  timeoutMs = 120_000,
): Promise<CliResult> {
  const child = spawn(process.execPath, [TONGXIN_BIN, ...args], {
    cwd: REPO_ROOT,
    env: childEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  track(child);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  try {
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once('error', reject);
      child.once('close', (c) => resolve(c));
    });
    return { code, stdout, stderr };
  } finally {
    clearTimeout(timer);
  }
}

// Send-to-delivery latency and fan-out throughput of the online exchange, against a bare `ws`
// broadcast server measured in the same run. See bench/README.md and docs/performance.md.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { parseArgs } from 'node:util';
import http from 'node:http';
import { WebSocket } from 'ws';
import pg from 'pg';
import {
  drive,
  type DriveOptions,
  type DriveResult,
  type PhaseFigures,
} from './exchange/driver.ts';
import type { Seeded } from './exchange/tongxin-node.ts';
import { WS_PATH, postMessage } from './exchange/exchange-api.ts';

const USAGE = `npm run bench -- exchange [options]

  --clients N        connected members (default 1000; 10000 works on one node)
  --space-size M     members per space (default 50): each message reaches M clients
  --rate R           messages per second in the realistic mix (default 50)
  --mix-seconds S    length of the realistic mix (default 20)
  --saturate-seconds S  length of the saturation phase (default 10)
  --senders K        closed-loop senders in the saturation phase (default 16)
  --only NAME        run one target: tongxin or bare

Each target runs in its own child process, one after the other, against the same load
generator (this process). With DATABASE_URL set, Tongxin runs on a throwaway PostgreSQL
database of that server; otherwise on embedded PGlite. With REDIS_URL set it uses the Redis bus.`;

interface Options extends DriveOptions {
  clients: number;
  spaceSize: number;
  only: string | null;
}

function parse(args: string[]): Options | null {
  const { values } = parseArgs({
    args,
    options: {
      clients: { type: 'string', default: '1000' },
      'space-size': { type: 'string', default: '50' },
      rate: { type: 'string', default: '50' },
      'mix-seconds': { type: 'string', default: '20' },
      'saturate-seconds': { type: 'string', default: '10' },
      senders: { type: 'string', default: '16' },
      only: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return null;
  const positive = (name: string, value: string): number => {
    const n = Number(value);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number`);
    return n;
  };
  return {
    clients: Math.round(positive('clients', values.clients)),
    spaceSize: Math.round(positive('space-size', values['space-size'])),
    rate: positive('rate', values.rate),
    mixSeconds: positive('mix-seconds', values['mix-seconds']),
    saturateSeconds: positive('saturate-seconds', values['saturate-seconds']),
    senders: Math.round(positive('senders', values.senders)),
    connectConcurrency: 64,
    only: values.only ?? null,
  };
}

interface Child {
  process: ChildProcess;
  port: number;
  stop(): Promise<void>;
}

/** Starts a TypeScript child and waits for its `READY {"port":…}` line. */
async function startChild(script: string, args: string[]): Promise<Child> {
  const child = spawn(
    process.execPath,
    [
      ...(process.env.BENCH_CHILD_ARGS?.split(' ').filter(Boolean) ?? []),
      '--import',
      'tsx',
      script,
      ...args,
    ],
    {
      cwd: path.resolve(import.meta.dirname, '..'),
      stdio: ['ignore', 'pipe', 'inherit'],
      env: process.env,
    },
  );
  const port = await new Promise<number>((resolve, reject) => {
    let buffered = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const line = /^READY (.*)$/m.exec(buffered);
      if (line?.[1]) resolve((JSON.parse(line[1]) as { port: number }).port);
    });
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code} before READY`)));
  });
  return {
    process: child,
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

const opened = (socket: WebSocket): Promise<WebSocket> =>
  new Promise((resolve, reject) => {
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });

/** Opens a Tongxin socket the way the web client does: hello, resume from head, synced. */
const synced = (socket: WebSocket): Promise<WebSocket> =>
  new Promise((resolve, reject) => {
    const onFrame = (data: unknown) => {
      const frame = JSON.parse(String(data)) as { t: string; head?: number };
      if (frame.t === 'hello') socket.send(JSON.stringify({ t: 'resume', since: frame.head ?? 0 }));
      if (frame.t === 'synced') {
        socket.off('message', onFrame);
        resolve(socket);
      }
    };
    socket.on('message', onFrame);
    socket.once('error', reject);
    socket.once('close', (code) => reject(new Error(`socket closed (${code}) before synced`)));
  });

async function runBare(options: Options): Promise<DriveResult> {
  const child = await startChild('bench/exchange/bare-ws-server.ts', []);
  try {
    const sockets: WebSocket[] = [];
    const spaceOf = (i: number) => Math.floor(i / options.spaceSize);
    return await drive(
      {
        name: 'bare ws',
        pid: child.process.pid ?? 0,
        clients: options.clients,
        spaceOf,
        audienceOf: (space) =>
          Math.min(options.spaceSize, options.clients - space * options.spaceSize),
        async connect(i) {
          const socket = await opened(
            new WebSocket(`ws://127.0.0.1:${child.port}/?space=${spaceOf(i)}`, {
              perMessageDeflate: false,
            }),
          );
          sockets[i] = socket;
          return socket;
        },
        async send(sender, body) {
          sockets[sender]?.send(JSON.stringify({ space: spaceOf(sender), body }));
        },
      },
      options,
    );
  } finally {
    await child.stop();
  }
}

async function runTongxin(options: Options): Promise<DriveResult> {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tongxin-bench-out-')), 'seed.json');
  const seedStart = performance.now();
  const child = await startChild('bench/exchange/tongxin-node.ts', [
    '--clients',
    String(options.clients),
    '--space-size',
    String(options.spaceSize),
    '--out',
    out,
  ]);
  console.log(
    `  seeded ${options.clients} members in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`,
  );
  try {
    const seeded = JSON.parse(fs.readFileSync(out, 'utf8')) as Seeded;
    const base = `http://127.0.0.1:${seeded.port}`;
    const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
    // The node's PostgreSQL backends, to report the database's CPU beside the node's.
    const admin =
      seeded.database && process.env.DATABASE_URL
        ? new pg.Client({ connectionString: process.env.DATABASE_URL })
        : null;
    await admin?.connect();
    const helperPids = async (): Promise<number[]> => {
      if (!admin) return [];
      const { rows } = await admin.query<{ pid: number }>(
        'select pid from pg_stat_activity where datname = $1',
        [seeded.database],
      );
      return rows.map((r) => r.pid);
    };
    try {
      return await drive(
        {
          name: 'tongxin',
          pid: child.process.pid ?? 0,
          clients: seeded.clients.length,
          spaceOf: (i) => seeded.clients[i]?.space ?? 0,
          audienceOf: (space) => seeded.clients.filter((c) => c.space === space).length,
          connect: (i) =>
            synced(
              new WebSocket(`ws://127.0.0.1:${seeded.port}${WS_PATH}`, {
                headers: { cookie: `tongxin_session=${seeded.clients[i]?.token}`, origin: base },
                perMessageDeflate: false,
              }),
            ),
          send: async (sender, body) => {
            const client = seeded.clients[sender];
            const space = client ? seeded.spaces[client.space] : undefined;
            if (!client || !space) throw new Error(`no seeded client ${sender}`);
            await postMessage({ port: seeded.port, token: client.token, space, body, agent });
          },
          ...(admin ? { helperPids } : {}),
        },
        options,
      );
    } finally {
      await admin?.end();
    }
  } finally {
    await child.stop();
    fs.rmSync(path.dirname(out), { recursive: true, force: true });
  }
}

const ms = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : '–');

/**
 * CPU spent per delivery, server and database together, in microseconds. Unlike deliveries per
 * second it hardly depends on what else the machine runs, so it compares targets fairly on a
 * busy machine.
 */
function cpuPerDelivery(f: PhaseFigures): number {
  const perSecond = f.delivered / f.seconds;
  const cores = (f.server.cpuPercent + (f.databaseCpuPercent ?? 0)) / 100;
  return perSecond > 0 ? (cores / perSecond) * 1e6 : Number.NaN;
}

function row(name: string, phase: string, f: PhaseFigures): string {
  const perSecond = f.delivered / f.seconds;
  return [
    name.padEnd(8),
    phase.padEnd(11),
    String(f.sent).padStart(6),
    `${f.delivered}/${f.expected}`.padStart(15),
    ms(f.p50).padStart(7),
    ms(f.p95).padStart(7),
    ms(f.p99).padStart(7),
    ms(f.max).padStart(8),
    perSecond.toFixed(0).padStart(10),
    f.server.cpuPercent.toFixed(0).padStart(6),
    f.server.peakRssMiB.toFixed(0).padStart(8),
    (f.databaseCpuPercent === null ? '–' : f.databaseCpuPercent.toFixed(0)).padStart(8),
    cpuPerDelivery(f).toFixed(1).padStart(9),
  ].join('  ');
}

export async function run(args: string[]): Promise<void> {
  const options = parse(args);
  if (!options) {
    console.log(USAGE);
    return;
  }
  console.log(
    `exchange: ${options.clients} clients, spaces of ${options.spaceSize}, mix ${options.rate} msg/s for ${options.mixSeconds} s, saturation ${options.senders} senders for ${options.saturateSeconds} s; ${os.cpus().length} CPUs; engine ${process.env.DATABASE_URL ? 'postgres' : 'pglite'}${process.env.REDIS_URL ? ' + redis bus' : ''}`,
  );
  const results: DriveResult[] = [];
  if (options.only !== 'tongxin') {
    console.log('bare ws ...');
    results.push(await runBare(options));
  }
  if (options.only !== 'bare') {
    console.log('tongxin ...');
    results.push(await runTongxin(options));
  }
  console.log(
    [
      '\ntarget    phase          sent  delivered/expect   p50 ms  p95 ms  p99 ms    max ms  deliv./s  cpu %  rss MiB  db cpu %  µs/deliv',
      ...results.flatMap((r) => [
        row(r.target, 'mix', r.mix),
        row(r.target, 'saturation', r.saturation),
      ]),
    ].join('\n'),
  );
  for (const r of results)
    console.log(
      `${r.target}: ${options.clients} sockets connected in ${r.connectSeconds.toFixed(1)} s`,
    );
  const bare = results.find((r) => r.target === 'bare ws');
  const ours = results.find((r) => r.target === 'tongxin');
  if (bare && ours) {
    const rate = (f: PhaseFigures) => f.delivered / f.seconds;
    console.log(
      `fan-out ratio (tongxin / bare ws, saturation deliveries per second): ${(rate(ours.saturation) / rate(bare.saturation)).toFixed(2)}`,
    );
    console.log(
      `cost ratio (bare ws / tongxin, saturation CPU per delivery, database included): ${(cpuPerDelivery(bare.saturation) / cpuPerDelivery(ours.saturation)).toFixed(2)}`,
    );
  }
}

// The cost of durable commits on embedded PGlite: PGLITE_DURABILITY=os (commits reach the OS
// page cache) against fsync (the WAL is flushed to disk before a commit is acknowledged).
// See docs/durability.md. Prints figures only.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { openDatabase } from '../server/src/platform/db/open.ts';
import { applyMigrations } from '../server/src/platform/db/migrate.ts';
import { WalSync } from '../server/src/platform/db/wal-sync.ts';
import type { Database } from '../server/src/platform/db/types.ts';
import { createPostgresDatabase } from '../server/src/test/engines.ts';

const USAGE = `npm run bench -- durability [options]

  --writes N         write transactions per phase (default 3000)
  --concurrency N    transactions in flight in the concurrent phase (default 16)
  --modes LIST       PGlite modes to compare, comma-separated (default os,fsync)
  --dir DIR          where the temporary PGlite data directories go (default: the OS temp dir);
                     put it on the disk you will deploy on: fsync is free on tmpfs
  --warmup N         unmeasured writes before each phase (default 50)

With DATABASE_URL set, the same phases also run on a throwaway database of that PostgreSQL
server, for comparison.`;

type Mode = 'os' | 'fsync';

interface Options {
  writes: number;
  concurrency: number;
  modes: Mode[];
  dir: string;
  warmup: number;
}

interface Row {
  engine: string;
  mode: string;
  phase: string;
  writes: number;
  elapsedMs: number;
  latencies: number[];
  /** WAL fsync rounds during the phase; null where it does not apply (PostgreSQL). */
  rounds: number | null;
}

/*
 * open.ts keeps its WalSync private behind the Database interface, and its public `flushes`
 * counter is what we want to report. Rather than widen that interface for a benchmark, note
 * each WalSync instance the first time it flushes (same module instance as open.ts imports).
 */
const walSyncs = new Set<WalSync>();
function countFlushes(): () => void {
  const original = Object.getOwnPropertyDescriptor(WalSync.prototype, 'flush');
  const flush = WalSync.prototype.flush;
  WalSync.prototype.flush = function (this: WalSync): Promise<void> {
    walSyncs.add(this);
    return flush.call(this);
  };
  return () => {
    if (original) Object.defineProperty(WalSync.prototype, 'flush', original);
  };
}
const flushesSoFar = (): number => [...walSyncs].reduce((sum, w) => sum + w.flushes, 0);

function parseOptions(args: string[]): Options | null {
  const { values } = parseArgs({
    args,
    options: {
      writes: { type: 'string', default: '3000' },
      concurrency: { type: 'string', default: '16' },
      modes: { type: 'string', default: 'os,fsync' },
      dir: { type: 'string', default: os.tmpdir() },
      warmup: { type: 'string', default: '50' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return null;
  const positive = (name: string, raw: string, min: number): number => {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min)
      throw new Error(`--${name} must be a whole number ≥ ${min}`);
    return n;
  };
  const modes = values.modes.split(',').map((m) => m.trim());
  for (const m of modes) {
    if (m !== 'os' && m !== 'fsync') throw new Error(`--modes: unknown mode "${m}" (os, fsync)`);
  }
  return {
    writes: positive('writes', values.writes, 1),
    concurrency: positive('concurrency', values.concurrency, 1),
    modes: modes as Mode[],
    dir: path.resolve(values.dir),
    warmup: positive('warmup', values.warmup, 0),
  };
}

const FS_TYPES: Record<number, string> = {
  0xef53: 'ext2/3/4',
  0x58465342: 'xfs',
  0x9123683e: 'btrfs',
  0x01021994: 'tmpfs',
  0x794c7630: 'overlayfs',
  0x6969: 'nfs',
  0x65735546: 'fuse',
  0x2fc12fc1: 'zfs',
};

function fileSystemOf(dir: string): string {
  try {
    const type = fs.statfsSync(dir).type;
    return FS_TYPES[type] ?? `type 0x${type.toString(16)}`;
  } catch {
    return 'unknown';
  }
}

const BENCH_TABLE = sql`
  create table if not exists bench_durability (
    id bigserial primary key,
    payload text not null,
    created_at timestamptz not null default now()
  )`;

async function writeOne(database: Database, i: number): Promise<number> {
  const started = performance.now();
  await database.write((tx) =>
    tx.execute(sql`insert into bench_durability (payload) values (${`write ${i}`})`),
  );
  return performance.now() - started;
}

/** `total` single-row write transactions, at most `inFlight` at a time. */
async function writes(database: Database, total: number, inFlight: number): Promise<number[]> {
  const latencies: number[] = [];
  let next = 0;
  const worker = async () => {
    while (next < total) latencies.push(await writeOne(database, next++));
  };
  await Promise.all(Array.from({ length: Math.min(inFlight, total) }, worker));
  return latencies;
}

async function phases(
  database: Database,
  engine: string,
  mode: string,
  options: Options,
): Promise<Row[]> {
  await database.db.execute(BENCH_TABLE);
  const rows: Row[] = [];
  const plan: [string, number][] = [
    ['sequential', 1],
    [`concurrent ×${options.concurrency}`, options.concurrency],
  ];
  for (const [phase, inFlight] of plan) {
    await writes(database, options.warmup, inFlight);
    const roundsBefore = flushesSoFar();
    const started = performance.now();
    const latencies = await writes(database, options.writes, inFlight);
    const elapsedMs = performance.now() - started;
    const rounds = engine === 'pglite' ? flushesSoFar() - roundsBefore : null;
    rows.push({ engine, mode, phase, writes: options.writes, elapsedMs, latencies, rounds });
    process.stderr.write(`  ${engine} ${mode} ${phase}: ${(elapsedMs / 1000).toFixed(1)} s\n`);
  }
  return rows;
}

async function onPglite(mode: Mode, options: Options): Promise<Row[]> {
  const base = fs.mkdtempSync(path.join(options.dir, 'tongxin-bench-durability-'));
  try {
    const database = await openDatabase({
      databaseUrl: null,
      pgliteDir: path.join(base, 'pgdata'),
      pgliteDurability: mode,
    });
    try {
      await applyMigrations(database);
      return await phases(database, 'pglite', mode, options);
    } finally {
      await database.close();
    }
  } finally {
    fs.rmSync(base, { recursive: true, force: true });
  }
}

async function onPostgres(options: Options): Promise<Row[]> {
  const { url, drop } = await createPostgresDatabase();
  try {
    const database = await openDatabase({
      databaseUrl: url,
      pgliteDir: null,
      poolMax: Math.max(options.concurrency, 2),
    });
    try {
      await applyMigrations(database);
      return await phases(database, 'postgres', 'server', options);
    } finally {
      await database.close();
    }
  } finally {
    await drop();
  }
}

/** What one flush costs on this disk, outside PGlite: append 8 kB, fdatasync, repeat. */
async function diskFlushLatency(dir: string, rounds = 200): Promise<number[]> {
  const base = fs.mkdtempSync(path.join(dir, 'tongxin-bench-disk-'));
  const handle = await fs.promises.open(path.join(base, 'probe'), 'w');
  const block = Buffer.alloc(8192, 1);
  const latencies: number[] = [];
  try {
    for (let i = 0; i < rounds; i++) {
      const started = performance.now();
      await handle.write(block, 0, block.length, i * block.length);
      await handle.datasync();
      latencies.push(performance.now() - started);
    }
  } finally {
    await handle.close();
    fs.rmSync(base, { recursive: true, force: true });
  }
  return latencies.sort((a, b) => a - b);
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(rank, 1)) - 1]!;
}

function table(rows: Row[]): string {
  const header = [
    'engine',
    'mode',
    'phase',
    'writes',
    'elapsed s',
    'writes/s',
    'p50 ms',
    'p95 ms',
    'p99 ms',
    'fsync rounds',
    'writes/round',
  ];
  const body = rows.map((r) => {
    const sorted = [...r.latencies].sort((a, b) => a - b);
    return [
      r.engine,
      r.mode,
      r.phase,
      String(r.writes),
      (r.elapsedMs / 1000).toFixed(2),
      ((r.writes / r.elapsedMs) * 1000).toFixed(0),
      percentile(sorted, 50).toFixed(2),
      percentile(sorted, 95).toFixed(2),
      percentile(sorted, 99).toFixed(2),
      r.rounds === null ? '–' : String(r.rounds),
      r.rounds ? (r.writes / r.rounds).toFixed(1) : '–',
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((cells) => cells[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i < 3 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}

export async function run(args: string[]): Promise<void> {
  const options = parseOptions(args);
  if (!options) {
    console.log(USAGE);
    return;
  }
  const cpus = os.cpus();
  console.log(
    [
      `durability: ${options.writes} single-row write transactions per phase ` +
        `(+${options.warmup} warm-up), concurrent phase ×${options.concurrency}`,
      `host: ${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ` +
        `${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.platform()} ${os.release()}, node ${process.version}`,
      `PGlite data under ${options.dir} (${fileSystemOf(options.dir)})`,
      '',
    ].join('\n'),
  );
  if (fileSystemOf(options.dir) === 'tmpfs') {
    console.log('warning: tmpfs keeps everything in memory, so fsync costs nothing here.\n');
  }
  const disk = await diskFlushLatency(options.dir);
  console.log(
    `disk: 8 kB write + fdatasync p50 ${percentile(disk, 50).toFixed(2)} ms, ` +
      `p99 ${percentile(disk, 99).toFixed(2)} ms (the floor under one fsync round)\n`,
  );
  const restore = countFlushes();
  const rows: Row[] = [];
  try {
    for (const mode of options.modes) rows.push(...(await onPglite(mode, options)));
    if (process.env.DATABASE_URL) rows.push(...(await onPostgres(options)));
  } finally {
    restore();
  }
  console.log(`\n${table(rows)}`);
  if (!process.env.DATABASE_URL) {
    console.log('\n(Set DATABASE_URL to run the same phases on PostgreSQL for comparison.)');
  }
}

// Chinese search at scale: index build time and query latency (p50/p95) for 1-, 2- and
// 3-word queries, with and without filters, as an ordinary member sees them. See
// bench/README.md and docs/performance.md.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { openDatabase } from '../server/src/platform/db/open.ts';
import { applyMigrations } from '../server/src/platform/db/migrate.ts';
import type { Database } from '../server/src/platform/db/types.ts';
import { vectorLiteral } from '../server/src/platform/search/tsearch.ts';
import { parseQuery } from '../server/src/platform/search/tsearch.ts';
import { createPostgresDatabase } from '../server/src/test/engines.ts';
import { accessKey } from '../server/src/modules/search/indexer.ts';
import { queryRows } from '../server/src/platform/db/rows.ts';
import { searchDocuments } from '../server/src/modules/search/schema.ts';
import { searchPageAndCounts, type SearchFilters } from '../server/src/modules/search/service.ts';

const USAGE = `npm run bench -- search [options]

  --n N              messages to generate (default 200000; 1000000 is the PostgreSQL goal)
  --per-space M      messages per space (default 400): an ordinary member reads 5 spaces
  --runs R           timed runs per query shape (default 60)
  --engine E         pglite or postgres (default: postgres when DATABASE_URL is set)
  --keep NAME        PostgreSQL only: load into database NAME, keep it, and reuse it next time
                     (skips generation when it already holds N messages): for comparing plans

Generates realistic Chinese branch messages from the judged set's sentences, indexes them
(analysis in TypeScript, bulk insert, then the GIN indexes are built and timed), and times the
search query (page of 20 plus the per-kind counts) as a member holding 5 spaces' keys,
and the last two shapes as a committee officer holding 50.`;

const JUDGED = path.join(import.meta.dirname, '../server/src/modules/search/judged/documents.json');

/** Clauses of the judged documents: realistic words in realistic order. */
function clauses(): string[] {
  const { documents } = JSON.parse(fs.readFileSync(JUDGED, 'utf8')) as {
    documents: { title: string; body: string }[];
  };
  return documents
    .flatMap((d) => `${d.title}，${d.body}`.split(/[，。；：！？]/))
    .map((c) => c.trim())
    .filter((c) => c.length >= 4);
}

/** A small deterministic generator, so runs are comparable. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const uuidOf = (n: number): string => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

async function openKept(name: string) {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error('--keep: a lower-case identifier');
  const base = new URL(process.env.DATABASE_URL ?? '');
  const admin = new pg.Client({ connectionString: base.toString() });
  await admin.connect();
  try {
    const found = await admin.query('select 1 from pg_database where datname = $1', [name]);
    if (found.rowCount === 0) await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  base.pathname = `/${name}`;
  const database = await openDatabase({
    databaseUrl: base.toString(),
    pgliteDir: null,
    poolMax: 4,
  });
  await applyMigrations(database);
  return { database, drop: async () => database.close() };
}

async function open(engine: 'pglite' | 'postgres') {
  if (engine === 'pglite') {
    const database = await openDatabase({ databaseUrl: null, pgliteDir: null });
    await applyMigrations(database);
    return { database, drop: async () => database.close() };
  }
  const { url, drop } = await createPostgresDatabase();
  const database = await openDatabase({ databaseUrl: url, pgliteDir: null, poolMax: 4 });
  await applyMigrations(database);
  return {
    database,
    drop: async () => {
      await database.close();
      await drop();
    },
  };
}

const INDEXES = [
  `create index search_documents_vector on search_documents using gin (vector)`,
  `create index search_documents_acl on search_documents using gin (acl)`,
  `create index search_documents_at on search_documents (at)`,
];

async function load(database: Database, n: number, perSpace: number): Promise<void> {
  const db = database.db;
  const parts = clauses();
  const rand = random(42);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const spaces = Math.max(1, Math.ceil(n / perSpace));
  const now = Date.now();
  // Built after the load, as a rebuild of the index would: timed separately.
  for (const name of ['search_documents_vector', 'search_documents_acl', 'search_documents_at']) {
    await db.execute(sql.raw(`drop index if exists ${name}`));
  }
  let analyseMs = 0;
  let insertMs = 0;
  const batch = 500;
  for (let i = 0; i < n; i += batch) {
    const t0 = performance.now();
    const rows = [];
    for (let k = i; k < Math.min(n, i + batch); k++) {
      const body = Array.from({ length: 1 + Math.floor(rand() * 3) }, () => pick(parts)).join('，');
      const space = k % spaces;
      const acl = [accessKey.space(uuidOf(space))];
      rows.push({
        kind: 'message',
        ref: String(k + 1),
        title: '',
        body: `${body}。`,
        vector: vectorLiteral([{ text: `${body}。`, weight: 'D' }], acl),
        acl,
        spaceId: uuidOf(space),
        orgId: uuidOf(1_000_000 + (space % 50)),
        authorId: uuidOf(2_000_000 + Math.floor(rand() * 2000)),
        authorName: '党员',
        tags: [],
        at: new Date(now - Math.floor(rand() * 365 * 86_400_000)),
        link: `/exchange/${uuidOf(space)}/t?message=${k + 1}`,
      });
    }
    const t1 = performance.now();
    await db.insert(searchDocuments).values(rows);
    const t2 = performance.now();
    analyseMs += t1 - t0;
    insertMs += t2 - t1;
    if ((i / batch) % 100 === 0) process.stderr.write(`\r  loaded ${i + rows.length} / ${n}`);
  }
  process.stderr.write('\n');
  const t3 = performance.now();
  for (const statement of INDEXES) await db.execute(sql.raw(statement));
  await db.execute(sql`analyze search_documents`);
  const buildMs = performance.now() - t3;
  console.log(
    `documents ${n.toLocaleString('en')} in ${spaces} spaces: analysis ${(analyseMs / 1000).toFixed(1)} s, ` +
      `insert ${(insertMs / 1000).toFixed(1)} s, index build ${(buildMs / 1000).toFixed(1)} s`,
  );
}

interface Shape {
  name: string;
  queries: string[];
  filters: (spaceIds: string[]) => SearchFilters;
  /** Whose keys: a member (5 spaces, the goal) or a committee officer over 50 spaces. */
  viewer?: 'officer';
}

export async function run(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      n: { type: 'string', default: '200000' },
      'per-space': { type: 'string', default: '400' },
      runs: { type: 'string', default: '60' },
      engine: { type: 'string' },
      keep: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const n = Number(values.n);
  const perSpace = Number(values['per-space']);
  const runs = Number(values.runs);
  if (!(n > 0 && perSpace > 0 && runs > 0)) throw new Error('--n, --per-space, --runs: positive');
  const engine = (values.engine ?? (process.env.DATABASE_URL ? 'postgres' : 'pglite')) as
    'pglite' | 'postgres';
  if (engine === 'postgres' && !process.env.DATABASE_URL) throw new Error('set DATABASE_URL');
  console.log(`search benchmark on ${engine}, ${n.toLocaleString('en')} messages`);
  if (values.keep && engine !== 'postgres') throw new Error('--keep: PostgreSQL only');
  const { database, drop } = values.keep ? await openKept(values.keep) : await open(engine);
  try {
    const [held] = await queryRows<{ n: string | number }>(
      database.db,
      sql`select count(*) as n from search_documents`,
    );
    if (!values.keep || Number(held?.n ?? 0) !== n) {
      if (values.keep) await database.db.execute(sql`truncate search_documents`);
      await load(database, n, perSpace);
    } else {
      console.log(`reusing ${values.keep}: ${n.toLocaleString('en')} documents already loaded`);
    }
    const spaces = Math.ceil(n / perSpace);
    const mine = [0, 1, 2, 3, 4].map((i) => uuidOf(Math.floor((i * spaces) / 5)));
    const keys = [accessKey.account(uuidOf(9_999_999)), ...mine.map(accessKey.space)];
    const overseen = Array.from({ length: Math.min(50, spaces) }, (_, i) =>
      uuidOf(Math.floor((i * spaces) / Math.min(50, spaces))),
    );
    const officerKeys = [accessKey.account(uuidOf(9_999_998)), ...overseen.map(accessKey.space)];
    const one = ['党课', '学习', '组织生活会', '谈心谈话', '党费', '志愿服务', '整改', '群众'];
    const two = ['党员 学习', '组织生活会 整改', '党课 课件', '主题党日 请假', '支部 会议'];
    const three = [
      '组织生活会 批评 整改',
      '党员 学习 心得',
      '党课 支部 书记',
      '主题党日 党员 参加',
    ];
    const month = 30 * 86_400_000;
    const shapes: Shape[] = [
      { name: '1 word', queries: one, filters: () => ({}) },
      { name: '2 words', queries: two, filters: () => ({}) },
      { name: '3 words', queries: three, filters: () => ({}) },
      {
        name: '1 word + space',
        queries: one,
        filters: (s) => ({ spaceId: s[0] ?? '' }),
      },
      {
        name: '2 words + last 90 days',
        queries: two,
        filters: () => ({ from: new Date(Date.now() - 3 * month), kind: 'message' }),
      },
      {
        name: '3 words + space + 90 days',
        queries: three,
        filters: (s) => ({ spaceId: s[1] ?? '', from: new Date(Date.now() - 3 * month) }),
      },
      {
        name: '1 word, officer over 50 spaces',
        queries: one,
        filters: () => ({}),
        viewer: 'officer',
      },
      {
        name: '2 words, officer over 50 spaces',
        queries: two,
        filters: () => ({}),
        viewer: 'officer',
      },
    ];
    console.log('\n| query | p50 ms | p95 ms | mean hits |');
    console.log('|---|---|---|---|');
    for (const shape of shapes) {
      const times: number[] = [];
      let hits = 0;
      for (let r = 0; r < runs + 5; r++) {
        const q = parseQuery(shape.queries[r % shape.queries.length] ?? '');
        if (!q) continue;
        const filters = shape.filters(mine);
        const t0 = performance.now();
        const viewerKeys = shape.viewer === 'officer' ? officerKeys : keys;
        const { counts } = await searchPageAndCounts(database.db, q, viewerKeys, filters, {
          limit: 20,
          offset: 0,
          sort: 'relevance',
          now: new Date(),
        });
        const ms = performance.now() - t0;
        if (r >= 5) {
          times.push(ms);
          hits += counts.message;
        }
      }
      times.sort((a, b) => a - b);
      console.log(
        `| ${shape.name} | ${percentile(times, 50).toFixed(1)} | ${percentile(times, 95).toFixed(1)} | ${Math.round(hits / times.length)} |`,
      );
    }
  } finally {
    await drop();
  }
}

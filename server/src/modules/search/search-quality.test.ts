import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SearchKind } from '@tongxin/contract';
import { ENGINES, openTestDatabase, type Engine } from '../../test/engines.ts';
import { parseQuery } from '../../platform/search/tsearch.ts';
import { indexDocument } from './indexer.ts';
import { searchPageAndCounts } from './service.ts';

/*
 * The judged set (./judged): 202 realistic documents of a party branch and 55 queries, each
 * judged by exact substring. Recall@20 = found among the first 20 / min(relevant, 20).
 */
interface JudgedDoc {
  id: string;
  kind: SearchKind;
  title: string;
  body: string;
}
const dir = path.join(import.meta.dirname, 'judged');
// eslint-disable-next-line security/detect-non-literal-fs-filename -- the judged set beside the test
const { documents } = JSON.parse(fs.readFileSync(path.join(dir, 'documents.json'), 'utf8')) as {
  documents: JudgedDoc[];
};
// eslint-disable-next-line security/detect-non-literal-fs-filename -- the judged set beside the test
const { queries } = JSON.parse(fs.readFileSync(path.join(dir, 'queries.json'), 'utf8')) as {
  queries: { q: string; relevant: string[] }[];
};
const KEY = 'space:judged';
const NOW = new Date('2026-12-01T00:00:00Z');

describe('the judged set', () => {
  it('holds at least 200 documents and 50 queries judged by exact substring', () => {
    expect(documents.length).toBeGreaterThanOrEqual(200);
    expect(queries.length).toBeGreaterThanOrEqual(50);
    for (const { q, relevant } of queries) {
      const terms = q.split(/\s+/);
      const truth = documents
        .filter((d) => terms.every((t) => `${d.title}\n${d.body}`.toLowerCase().includes(t)))
        .map((d) => d.id);
      expect(relevant, q).toEqual(truth);
      expect(relevant.length, q).toBeGreaterThan(0);
    }
  });

  const rankings = new Map<Engine, string[][]>();
  for (const engine of ENGINES) {
    it(`reaches recall@20 of at least 0.95 on ${engine}`, async () => {
      const testDb = await openTestDatabase(engine);
      try {
        const { db } = testDb.database;
        // One document an hour back from NOW, so recency plays its part in the ranking.
        for (const [i, d] of documents.entries()) {
          await indexDocument(db, {
            kind: d.kind,
            ref: d.id,
            title: d.title,
            body: d.body,
            acl: [KEY],
            at: new Date(NOW.getTime() - i * 3_600_000),
            link: `/judged/${d.id}`,
          });
        }
        const recalls: number[] = [];
        const ranking: string[][] = [];
        for (const { q, relevant } of queries) {
          const parsed = parseQuery(q);
          if (!parsed) throw new Error(`unsearchable query ${q}`);
          const { rows, counts } = await searchPageAndCounts(
            db,
            parsed,
            [KEY],
            {},
            {
              limit: 20,
              offset: 0,
              sort: 'relevance',
              now: NOW,
            },
          );
          const found = rows.map((r) => r.ref);
          // Counted like the page: at least every exact-substring match.
          expect(counts.message + counts.topic + counts.notice, q).toBeGreaterThanOrEqual(
            relevant.length,
          );
          ranking.push(rows.map((r) => `${r.ref}:${Number(r.score).toFixed(9)}`));
          const hits = found.filter((id) => relevant.includes(id)).length;
          recalls.push(hits / Math.min(relevant.length, 20));
        }
        rankings.set(engine, ranking);
        const mean = recalls.reduce((a, b) => a + b, 0) / recalls.length;
        expect(mean).toBeGreaterThanOrEqual(0.95);
        // Nothing relevant is missed outright: each query finds all it can show.
        expect(queries.filter((_, i) => (recalls[i] ?? 0) < 1).map((x) => x.q)).toEqual([]);
      } finally {
        await testDb.dispose();
      }
    });
  }

  it.runIf(ENGINES.length > 1)('ranks identically on PGlite and PostgreSQL', () => {
    expect(rankings.get('pglite')).toBeDefined();
    expect(rankings.get('postgres')).toEqual(rankings.get('pglite'));
  });
});

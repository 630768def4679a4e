import { sql, type SQL } from 'drizzle-orm';
import {
  SEARCH_KINDS,
  type SearchHit,
  type SearchKind,
  type SearchQuery,
  type SearchResult,
  type Suggestions,
} from '@tongxin/contract';
import type { ServiceContext } from '../../platform/context.ts';
import type { Queryable } from '../../platform/db/types.ts';
import { queryRows } from '../../platform/db/rows.ts';
import { escapeHtml, highlight } from '../../platform/search/snippet.ts';
import { parseQuery, withinKeys, type ParsedQuery } from '../../platform/search/tsearch.ts';
import { people } from '../exchange/service.ts';
import { orgNames, subtreeIds } from '../orgs/service.ts';
import type { SearchViewer } from './policy.ts';

/** Characters of body shown around the first match. */
const SNIPPET_WIDTH = 120;
/** Recency: a match loses up to half its score with age, half of that in about 60 days. */
const RECENCY_SECONDS = 90 * 86_400;

export interface SearchFilters {
  kind?: SearchKind;
  spaceId?: string;
  /** Already expanded to the subtree. */
  orgIds?: readonly string[];
  authorId?: string;
  tagId?: string;
  from?: Date;
  to?: Date;
}

/** The WHERE conditions of a search: the match, the viewer's keys, the filters. */
function conditions(
  parsed: ParsedQuery | null,
  keys: readonly string[],
  filters: SearchFilters,
  withKind: boolean,
): SQL {
  const keyArray = `{${keys.map((k) => `"${k}"`).join(',')}}`;
  const where: SQL[] = [sql`d.acl && ${keyArray}::text[]`];
  if (parsed) where.push(sql`d.vector @@ ${withinKeys(parsed.match, keys)}::tsquery`);
  if (withKind && filters.kind) where.push(sql`d.kind = ${filters.kind}`);
  if (filters.spaceId) where.push(sql`d.space_id = ${filters.spaceId}`);
  if (filters.orgIds) {
    where.push(
      filters.orgIds.length > 0
        ? sql`d.org_id in (${sql.join(
            filters.orgIds.map((o) => sql`${o}`),
            sql`, `,
          )})`
        : sql`false`,
    );
  }
  if (filters.authorId) where.push(sql`d.author_id = ${filters.authorId}`);
  if (filters.tagId) where.push(sql`${filters.tagId}::text = any(d.tags)`);
  if (filters.from) where.push(sql`d.at >= ${filters.from.toISOString()}::timestamptz`);
  if (filters.to) where.push(sql`d.at <= ${filters.to.toISOString()}::timestamptz`);
  return sql.join(where, sql` and `);
}

export interface RawHit {
  id: string;
  kind: SearchKind;
  ref: string;
  title: string;
  body: string;
  context: string;
  link: string;
  at: string | Date;
  author_name: string;
  space_id: string | null;
  org_id: string | null;
  score: number | string;
}

/**
 * One page of matches the keys open, best first: relevance (cover density of the match, plus
 * whole-word hits) times a recency factor, then newest, then id, so both engines order alike.
 * `now` is a parameter so the order does not depend on the database's clock.
 */
export async function searchDocumentsPage(
  db: Queryable,
  parsed: ParsedQuery | null,
  keys: readonly string[],
  filters: SearchFilters,
  page: { limit: number; offset: number; sort: 'relevance' | 'newest'; now: Date },
): Promise<RawHit[]> {
  const words = parsed?.words
    ? sql`coalesce(ts_rank_cd(d.vector, ${parsed.words}::tsquery), 0)`
    : sql`0`;
  const age = sql`greatest(0, extract(epoch from (${page.now.toISOString()}::timestamptz - d.at)))`;
  const score = parsed
    ? sql`((ts_rank_cd(d.vector, ${parsed.match}::tsquery) + ${words})::float8
    * (0.5 + 0.5 * exp(-(${age})::float8 / ${RECENCY_SECONDS})))`
    : sql`0::float8`;
  const order =
    page.sort === 'newest' || !parsed ? sql`d.at desc, d.id` : sql`score desc, d.at desc, d.id`;
  return queryRows<RawHit>(
    db,
    sql`select d.id, d.kind, d.ref, d.title, d.body, d.context, d.link, d.at, d.author_name,
          d.space_id, d.org_id, ${score} as score
        from search_documents d
        where ${conditions(parsed, keys, filters, true)}
        order by ${order}
        limit ${page.limit} offset ${page.offset}`,
  );
}

/** How many matches the keys open, by kind (every filter but kind applied). */
export async function searchCounts(
  db: Queryable,
  parsed: ParsedQuery | null,
  keys: readonly string[],
  filters: SearchFilters,
): Promise<Record<SearchKind, number>> {
  const rows = await queryRows<{ kind: string; n: string | number }>(
    db,
    sql`select d.kind, count(*) as n from search_documents d
        where ${conditions(parsed, keys, filters, false)} group by d.kind`,
  );
  const counts = Object.fromEntries(SEARCH_KINDS.map((k) => [k, 0])) as Record<SearchKind, number>;
  for (const r of rows) {
    if ((SEARCH_KINDS as readonly string[]).includes(r.kind)) {
      counts[r.kind as SearchKind] = Number(r.n);
    }
  }
  return counts;
}

/**
 * The page and the counts by kind in one statement: the matches are found (and scored) once.
 * On PGlite, which runs one statement at a time, this halves the time of a search. When the
 * page is empty the counts are asked for on their own.
 */
export async function searchPageAndCounts(
  db: Queryable,
  parsed: ParsedQuery | null,
  keys: readonly string[],
  filters: SearchFilters,
  page: { limit: number; offset: number; sort: 'relevance' | 'newest'; now: Date },
): Promise<{ rows: RawHit[]; counts: Record<SearchKind, number> }> {
  const words = parsed?.words
    ? sql`coalesce(ts_rank_cd(d.vector, ${parsed.words}::tsquery), 0)`
    : sql`0`;
  const age = sql`greatest(0, extract(epoch from (${page.now.toISOString()}::timestamptz - d.at)))`;
  const score = parsed
    ? sql`((ts_rank_cd(d.vector, ${parsed.match}::tsquery) + ${words})::float8
    * (0.5 + 0.5 * exp(-(${age})::float8 / ${RECENCY_SECONDS})))`
    : sql`0::float8`;
  const byScore = page.sort === 'relevance' && parsed !== null;
  const order = (t: string) =>
    byScore ? sql.raw(`${t}.score desc, ${t}.at desc, ${t}.id`) : sql.raw(`${t}.at desc, ${t}.id`);
  const kind = filters.kind ? sql`m.kind = ${filters.kind}` : sql`true`;
  const rows = await queryRows<RawHit & { counts: unknown }>(
    db,
    sql`with m as materialized (
          select d.id, d.kind, d.at, ${score} as score
          from search_documents d where ${conditions(parsed, keys, filters, false)}
        ),
        c as (select kind, count(*) as n from m group by kind),
        p as (select m.* from m where ${kind} order by ${order('m')}
              limit ${page.limit} offset ${page.offset})
        select d.id, d.kind, d.ref, d.title, d.body, d.context, d.link, d.at, d.author_name,
          d.space_id, d.org_id, p.score,
          (select json_agg(json_build_array(c.kind, c.n)) from c) as counts
        from p join search_documents d on d.id = p.id
        order by ${order('p')}`,
  );
  const first = rows[0];
  if (!first) return { rows: [], counts: await searchCounts(db, parsed, keys, filters) };
  const raw: unknown = typeof first.counts === 'string' ? JSON.parse(first.counts) : first.counts;
  const counts = Object.fromEntries(SEARCH_KINDS.map((k) => [k, 0])) as Record<SearchKind, number>;
  for (const pair of Array.isArray(raw) ? (raw as [string, number | string][]) : []) {
    if ((SEARCH_KINDS as readonly string[]).includes(pair[0])) {
      counts[pair[0] as SearchKind] = Number(pair[1]);
    }
  }
  return { rows: rows.map(({ counts: _c, ...hit }) => hit), counts };
}

const EMPTY: SearchResult = {
  items: [],
  counts: { message: 0, topic: 0, notice: 0, activity: 0, rectification: 0 },
  total: 0,
};

/** A search as the web asks it: filters checked, a page of highlighted hits and the counts. */
export async function search(
  ctx: ServiceContext,
  viewer: SearchViewer,
  query: SearchQuery,
  now: Date = new Date(),
): Promise<SearchResult> {
  const db = ctx.database.db;
  const parsed = parseQuery(query.q ?? '');
  // Without words, a search lists a person's, a space's or a tag's records; never everything.
  if (!parsed && !query.authorId && !query.spaceId && !query.tagId) return EMPTY;
  const filters: SearchFilters = {
    ...(query.kind ? { kind: query.kind } : {}),
    ...(query.spaceId ? { spaceId: query.spaceId } : {}),
    ...(query.orgId ? { orgIds: await subtreeIds(db, [query.orgId]) } : {}),
    ...(query.authorId ? { authorId: query.authorId } : {}),
    ...(query.tagId ? { tagId: query.tagId } : {}),
    ...(query.from ? { from: new Date(query.from) } : {}),
    ...(query.to ? { to: new Date(query.to) } : {}),
  };
  const { rows, counts } = await searchPageAndCounts(db, parsed, viewer.keys, filters, {
    limit: query.limit ?? 20,
    offset: query.offset ?? 0,
    sort: query.sort ?? 'relevance',
    now,
  });
  const names = await orgNames(db, [
    ...new Set(rows.map((r) => r.org_id).filter((o): o is string => o !== null)),
  ]);
  const items: SearchHit[] = rows.map((r) => ({
    kind: r.kind,
    ref: r.ref,
    titleHtml: highlight(r.title, parsed),
    snippetHtml: highlight(r.body, parsed, SNIPPET_WIDTH),
    context: r.context,
    link: r.link,
    at: new Date(r.at).toISOString(),
    authorName: r.author_name,
    spaceId: r.space_id,
    spaceName: r.space_id ? (viewer.spaceNames.get(r.space_id) ?? null) : null,
    orgId: r.org_id,
    orgName: r.org_id ? (names.get(r.org_id) ?? null) : null,
  }));
  const total = query.kind ? counts[query.kind] : SEARCH_KINDS.reduce((n, k) => n + counts[k], 0);
  return { items, counts, total };
}

/** As you type: people the viewer can see, its spaces and the topics it may open. */
export async function suggest(
  ctx: ServiceContext,
  viewer: SearchViewer,
  visible: 'all' | readonly string[],
  q: string,
): Promise<Suggestions> {
  const db = ctx.database.db;
  // PostgreSQL text cannot hold NUL; nobody types one.
  const needle = q.replaceAll('\u0000', '').trim().normalize('NFKC').toLowerCase();
  if (needle === '') return { members: [], spaces: [], topics: [] };
  const members = viewer.exchange
    ? (await people(ctx, viewer.exchange, visible, { q: needle, limit: 5 })).items
    : [];
  const spaces = [...viewer.spaceNames]
    .filter(([, name]) => name.toLowerCase().includes(needle))
    .sort(
      ([, a], [, b]) =>
        Number(!a.toLowerCase().startsWith(needle)) - Number(!b.toLowerCase().startsWith(needle)),
    )
    .slice(0, 5)
    .map(([id, name]) => ({ id, name, link: `/exchange/${id}` }));
  const parsed = parseQuery(needle);
  const like = `%${needle.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const keyArray = `{${viewer.keys.map((k) => `"${k}"`).join(',')}}`;
  // Prefix first, then trigram similarity (pg_trgm), then newest.
  const topics = await queryRows<{ ref: string; title: string; link: string }>(
    db,
    sql`select d.ref, d.title, d.link from search_documents d
        where d.kind = 'topic' and d.acl && ${keyArray}::text[] and d.title ilike ${like}
        order by d.title ilike ${like.slice(1)} desc, similarity(d.title, ${needle}) desc,
          d.at desc, d.id
        limit 5`,
  );
  return {
    members,
    spaces,
    topics: topics.map((t) => ({
      id: t.ref,
      title: t.title,
      titleHtml: parsed ? highlight(t.title, parsed) : escapeHtml(t.title),
      link: t.link,
    })),
  };
}

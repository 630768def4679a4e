import { analyse, queryParts, type QueryPart } from './analyse.ts';

/*
 * Builds `tsvector` and `tsquery` values as literals cast in SQL (`$1::tsvector`), never
 * through `to_tsvector`: the lexemes are exactly those analysed here, on every engine.
 */

/** PostgreSQL keeps positions 1..16383 and at most 256 per lexeme. */
const MAX_POSITION = 16383;
const MAX_POSITIONS_PER_LEXEME = 256;
/** The body starts this far after the title, so no phrase spans the two. */
const FIELD_GAP = 64;
export const MAX_QUERY_TERMS = 5;

const quote = (lexeme: string): string => `'${lexeme.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;

export interface Field {
  text: string;
  /** A for titles (ranked highest) … D for bodies. */
  weight: 'A' | 'B' | 'C' | 'D';
}

/*
 * A document's access keys are lexemes of its vector too, behind a '#' that no analysed text
 * or query term can hold (words are letters, digits and ideographs only). A search ANDs the
 * viewer's keys into its tsquery, so the GIN index starts from the viewer's few documents and
 * skips through the posting lists of common words instead of reading them whole: a member's
 * two-word search at a million documents reads hundreds of entries, not a hundred thousand.
 * The `acl` column stays the authority: searches check `acl && keys` as well.
 */
const KEY_PREFIX = '#';
export const keyLexeme = (key: string): string => `${KEY_PREFIX}${key}`;

/**
 * The tsvector literal of some fields, one after the other, and of the access keys. Text
 * beyond position 16,383 is not indexed (PostgreSQL's limit): about 16,000 characters, far
 * beyond a message or notice.
 */
export function vectorLiteral(fields: readonly Field[], keys: readonly string[] = []): string {
  const lexemes = new Map<string, Map<number, string>>();
  let offset = 1;
  for (const field of fields) {
    const { units, words, grams } = analyse(field.text);
    for (const token of [...words, ...grams]) {
      const pos = offset + token.pos;
      if (pos > MAX_POSITION || token.text === '') continue;
      const positions = lexemes.get(token.text) ?? new Map<number, string>();
      if (positions.size < MAX_POSITIONS_PER_LEXEME && !positions.has(pos)) {
        positions.set(pos, field.weight === 'D' ? '' : field.weight);
      }
      lexemes.set(token.text, positions);
    }
    offset += units.length + FIELD_GAP;
  }
  const text = [...lexemes].map(
    ([lexeme, positions]) =>
      `${quote(lexeme)}:${[...positions]
        .sort((a, b) => a[0] - b[0])
        .map(([p, w]) => `${p}${w}`)
        .join(',')}`,
  );
  return [...text, ...[...new Set(keys)].map((k) => quote(keyLexeme(k)))].join(' ');
}

/** A match narrowed to documents holding one of the keys (the same rule as `acl && keys`). */
export function withinKeys(match: string, keys: readonly string[]): string {
  if (keys.length === 0) return match;
  return `(${match}) & (${[...new Set(keys)].map((k) => quote(keyLexeme(k))).join(' | ')})`;
}

export interface ParsedQuery {
  /** The terms as typed (whitespace-separated), normalised; empty when nothing searchable. */
  terms: QueryPart[][];
  /** Matches documents holding every term: ideographic runs as substrings, words by prefix. */
  match: string;
  /** Whole words of the query (segmented, dictionary-merged), OR-ed: ranks whole-word hits up. */
  words: string | null;
}

const partQuery = (part: QueryPart): string => {
  if (!part.ideographic) return `${quote(part.text)}:*`;
  const chars = [...part.text];
  if (chars.length === 1) return quote(part.text);
  const pairs: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) pairs.push(quote(`${chars[i]}${chars[i + 1]}`));
  return pairs.length === 1 ? (pairs[0] ?? '') : `(${pairs.join(' <-> ')})`;
};

/** Parses what a user typed; null when it holds nothing to search for (only punctuation). */
export function parseQuery(q: string): ParsedQuery | null {
  const terms = q
    .split(/\s+/)
    .map((t) => queryParts(t))
    .filter((parts) => parts.length > 0)
    .slice(0, MAX_QUERY_TERMS);
  if (terms.length === 0) return null;
  const match = terms.flat().map(partQuery).join(' & ');
  const words = new Set<string>();
  for (const term of terms) {
    for (const part of term) {
      if (!part.ideographic) continue;
      for (const w of analyse(part.text).words) if ([...w.text].length > 1) words.add(w.text);
    }
  }
  return {
    terms,
    match,
    words: words.size > 0 ? [...words].map(quote).join(' | ') : null,
  };
}

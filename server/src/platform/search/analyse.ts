import { DOMAIN_TERMS, dictionaryIndex } from './dictionary.ts';

/*
 * Text analysis for Chinese (and mixed) search, done in TypeScript so PGlite and PostgreSQL
 * index and match exactly the same lexemes: nothing depends on the database's parser or locale.
 *
 * A text is a sequence of units (one code point each, NFKC-normalised and lower-cased). Every
 * lexeme carries the position of the unit it starts at, so:
 * - ideographic runs give every character and every pair of neighbouring characters (the
 *   n-grams); a query run of k characters is the phrase of its k-1 pairs at distance 1, which
 *   matches exactly where the run occurs as a substring, whatever the segmenter thought;
 * - `Intl.Segmenter('zh', {granularity: 'word'})` words, merged back into domain terms by
 *   longest match (组织 / 生活 / 会 → 组织生活会), are extra lexemes used for ranking: a
 *   document holding the query as a whole word ranks above one holding it across words;
 * - other letters and digits form words matched by prefix.
 */

const IDEOGRAPHIC = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
const WORD_CHAR = /[\p{L}\p{N}]/u;
/** Latin words longer than this are cut: nobody searches for a 200-letter token. */
const MAX_WORD_UNITS = 64;
const MAX_MERGE_SEGMENTS = 8;

const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });
let dictionary = dictionaryIndex(DOMAIN_TERMS);

/** Replaces the dictionary (tests, or a deployment's own terms via configuration). */
export function useDictionary(terms: readonly string[]): void {
  dictionary = dictionaryIndex(terms);
}

export interface Token {
  text: string;
  /** Unit index where it starts. */
  pos: number;
}

export interface Analysed {
  /** Normalised units; `units.length` equals the code point count of the input. */
  units: string[];
  /** Segmenter words (merged into dictionary terms) and other-script words. */
  words: Token[];
  /** Characters and neighbouring pairs of ideographic runs. */
  grams: Token[];
}

/** The common CJK block: ideographic, and unchanged by NFKC (the fast path below). */
const inCjkBlock = (unit: string): boolean => {
  const c = unit.charCodeAt(0);
  return unit.length === 1 && c >= 0x4e00 && c <= 0x9fff;
};
export const isIdeographic = (unit: string): boolean => inCjkBlock(unit) || IDEOGRAPHIC.test(unit);
const isWordChar = (unit: string): boolean => {
  const c = unit.charCodeAt(0);
  if (unit.length === 1 && c < 0x80) return (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7a);
  return WORD_CHAR.test(unit) && !isIdeographic(unit);
};

/** One normalised unit per input code point, so positions map straight back to the text. */
export function unitsOf(text: string): string[] {
  return Array.from(text, (ch) => {
    const c = ch.charCodeAt(0);
    // ASCII and the common CJK block need no NFKC (most of every text): skip the call.
    if (ch.length === 1 && c < 0x80) return c >= 0x41 && c <= 0x5a ? ch.toLowerCase() : ch;
    if (inCjkBlock(ch)) return ch;
    return ch.normalize('NFKC').toLowerCase();
  });
}

interface Run {
  start: number;
  end: number;
  ideographic: boolean;
}

/** Maximal runs of ideographic units and of other letters/digits; the rest separates them. */
function runsOf(units: readonly string[]): Run[] {
  const runs: Run[] = [];
  let current: Run | null = null;
  units.forEach((u, i) => {
    const kind = isIdeographic(u) ? 'i' : isWordChar(u) ? 'w' : null;
    if (kind && current && current.ideographic === (kind === 'i') && current.end === i) {
      current.end = i + 1;
      return;
    }
    current = kind ? { start: i, end: i + 1, ideographic: kind === 'i' } : null;
    if (current) runs.push(current);
  });
  return runs;
}

/** Segmenter output over the whole text (one call: each call has a fixed cost), by unit. */
function segmentsOf(units: readonly string[]): Token[] {
  const unitAt: number[] = [];
  units.forEach((u, i) => {
    for (let k = 0; k < u.length; k++) unitAt.push(i);
  });
  return [...segmenter.segment(units.join(''))].map((s) => ({
    text: s.segment,
    pos: unitAt[s.index] ?? 0,
  }));
}

/** Segmenter words inside one ideographic run, merged back into dictionary terms. */
function segmentRun(units: readonly string[], run: Run, all: readonly Token[]): Token[] {
  const text = units.slice(run.start, run.end).join('');
  const segments = all.filter((t) => t.pos >= run.start && t.pos < run.end);
  const words: Token[] = [];
  for (let i = 0; i < segments.length;) {
    const first = segments[i];
    if (!first) break;
    let merged: Token | null = null;
    let next = i + 1;
    const bucket = dictionary.get([...first.text][0] ?? '');
    if (bucket) {
      let joined = first.text;
      for (let j = i + 1; j < Math.min(segments.length, i + MAX_MERGE_SEGMENTS); j++) {
        joined += segments[j]?.text ?? '';
        if (bucket.includes(joined)) {
          merged = { text: joined, pos: first.pos };
          next = j + 1;
        }
      }
    }
    words.push(merged ?? first);
    i = merged ? next : i + 1;
  }
  // Dictionary terms the segmenter cut across (党 / 支部书 / 记) are found by a direct scan.
  const seen = new Set(words.map((w) => `${w.pos}:${w.text}`));
  const offsetOf: number[] = [];
  let offset = 0;
  for (let p = run.start; p < run.end; p++) {
    offsetOf.push(offset);
    offset += units[p]?.length ?? 0;
  }
  for (let p = run.start; p < run.end; p++) {
    const bucket = dictionary.get(units[p] ?? '');
    if (!bucket) continue;
    const at = offsetOf[p - run.start] ?? 0;
    for (const term of bucket) {
      if (text.startsWith(term, at)) {
        if (!seen.has(`${p}:${term}`)) words.push({ text: term, pos: p });
        break;
      }
    }
  }
  return words;
}

/** Units, words and n-grams of a text. */
export function analyse(text: string): Analysed {
  const units = unitsOf(text);
  const words: Token[] = [];
  const grams: Token[] = [];
  const runs = runsOf(units);
  const segments = runs.some((r) => r.ideographic) ? segmentsOf(units) : [];
  for (const run of runs) {
    if (!run.ideographic) {
      words.push({
        text: units.slice(run.start, Math.min(run.end, run.start + MAX_WORD_UNITS)).join(''),
        pos: run.start,
      });
      continue;
    }
    words.push(...segmentRun(units, run, segments));
    for (let p = run.start; p < run.end; p++) {
      grams.push({ text: units[p] ?? '', pos: p });
      if (p + 1 < run.end) grams.push({ text: `${units[p]}${units[p + 1]}`, pos: p });
    }
  }
  return { units, words, grams };
}

/** A query term's pieces: ideographic runs (matched as substrings) and words (by prefix). */
export interface QueryPart {
  text: string;
  ideographic: boolean;
}

export function queryParts(term: string): QueryPart[] {
  const units = unitsOf(term);
  return runsOf(units).map((r) => ({
    text: units.slice(r.start, Math.min(r.end, r.start + MAX_WORD_UNITS)).join(''),
    ideographic: r.ideographic,
  }));
}

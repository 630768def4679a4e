import { unitsOf } from './analyse.ts';
import type { ParsedQuery } from './tsearch.ts';

/*
 * Highlighted snippets, built here rather than with ts_headline (whose parser depends on the
 * database's locale): the text is HTML-escaped and each occurrence of a query piece is wrapped
 * in <mark>. The result is safe to insert as HTML.
 */

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

/** Unit ranges [start, end) of every occurrence of the query's pieces in the text. */
export function matchRanges(text: string, query: ParsedQuery | null): [number, number][] {
  const units = unitsOf(text);
  const ranges: [number, number][] = [];
  const needles = new Set((query?.terms ?? []).flat().map((p) => p.text));
  for (const needle of needles) {
    const n = [...needle];
    if (n.length === 0) continue;
    for (let i = 0; i + n.length <= units.length; i++) {
      let hit = true;
      for (let k = 0; k < n.length && hit; k++) hit = units[i + k] === n[k];
      if (hit) ranges.push([i, i + n.length]);
    }
  }
  // Merge overlaps so marks never nest.
  ranges.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const merged: [number, number][] = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  return merged;
}

/**
 * Escaped HTML of the text, or of a window of about `width` characters around its first
 * match (with … where cut), with matches marked.
 */
export function highlight(text: string, query: ParsedQuery | null, width = Infinity): string {
  const chars = Array.from(text.replace(/\s+/g, ' '));
  const ranges = matchRanges(chars.join(''), query);
  let start = 0;
  let end = chars.length;
  if (chars.length > width) {
    const first = ranges[0]?.[0] ?? 0;
    start = Math.max(0, Math.min(first - Math.floor(width / 4), chars.length - width));
    end = Math.min(chars.length, start + width);
  }
  let html = start > 0 ? '…' : '';
  let i = start;
  for (const [a, b] of ranges) {
    if (b <= start || a >= end) continue;
    const from = Math.max(a, start);
    const to = Math.min(b, end);
    html += escapeHtml(chars.slice(i, from).join(''));
    html += `<mark>${escapeHtml(chars.slice(from, to).join(''))}</mark>`;
    i = to;
  }
  html += escapeHtml(chars.slice(i, end).join(''));
  return end < chars.length ? `${html}…` : html;
}

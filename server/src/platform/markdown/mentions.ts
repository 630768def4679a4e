/**
 * @mentions: finding candidate handles in the source, resolving them once (the callback may
 * hit the database), and a markdown-it inline rule that turns resolved ones into tokens.
 * Code spans and fences never run inline rules, so "@x" inside code stays text.
 */
import type { MarkdownIt, StateInline } from 'markdown-it';

export interface MentionTarget {
  id: string;
  displayName: string;
}

/** Handles that address everyone; honoured only for officers (allowMentionAll). */
export const MENTION_ALL_HANDLES: ReadonlySet<string> = new Set(['全体', 'all']);

const MAX_HANDLE = 32;
// Letters, digits and _ . - of any script; Chinese handles usually end at a space or
// punctuation, but "@张三你好" has no boundary, so shorter prefixes are tried too.
const HANDLE_RUN = /^[\p{L}\p{N}_.-]+/u;
const HAS_CJK = /[\p{Script=Han}]/u;

/** Characters before "@" that make it part of a word (an e-mail address), not a mention. */
function isWordChar(ch: string | undefined): boolean {
  return ch !== undefined && /[A-Za-z0-9_.+-]/.test(ch);
}

/** Candidate handles at `at` (just after "@"), longest first. */
export function handleCandidates(text: string, at: number): string[] {
  const run = HANDLE_RUN.exec(text.slice(at, at + MAX_HANDLE))?.[0] ?? '';
  const trimmed = run.replace(/[.-]+$/, '');
  if (trimmed === '') return [];
  if (!HAS_CJK.test(trimmed)) return [trimmed];
  const chars = Array.from(trimmed);
  const out: string[] = [];
  for (let n = chars.length; n >= 1; n -= 1) out.push(chars.slice(0, n).join(''));
  return out;
}

/** Every candidate handle in the source, for resolving before rendering. */
export function scanHandles(source: string, limit: number): string[] {
  const found = new Set<string>();
  for (
    let i = source.indexOf('@');
    i !== -1 && found.size < limit;
    i = source.indexOf('@', i + 1)
  ) {
    if (isWordChar(source[i - 1])) continue;
    for (const handle of handleCandidates(source, i + 1)) {
      if (!MENTION_ALL_HANDLES.has(handle.toLowerCase())) found.add(handle);
    }
  }
  return [...found].slice(0, limit);
}

// A type alias, not an interface, so it fits markdown-it's indexable Env.
export type MentionEnv = {
  resolved: Map<string, MentionTarget>;
  allowMentionAll: boolean;
  mentions: string[];
  mentionsAll: boolean;
};

/** markdown-it plugin: "@handle" → mention token when resolved (or @全体 for officers). */
export function mentionPlugin(md: MarkdownIt): void {
  md.inline.ruler.before('emphasis', 'mention', (state: StateInline, silent: boolean) => {
    if (state.src.charCodeAt(state.pos) !== 0x40 /* @ */) return false;
    // state.pending holds the text just before "@" that is not yet a token.
    const before = state.pending.length > 0 ? state.pending.slice(-1) : state.src[state.pos - 1];
    if (isWordChar(before)) return false;
    const env = state.env as unknown as MentionEnv;
    for (const handle of handleCandidates(state.src, state.pos + 1)) {
      // "全体"/"all" never name a member: for non-officers they simply stay text.
      const all = MENTION_ALL_HANDLES.has(handle.toLowerCase());
      if (all && !env.allowMentionAll) continue;
      const target = all ? undefined : env.resolved.get(handle);
      if (!all && !target) continue;
      if (!silent) {
        const token = state.push('mention', 'span', 0);
        token.meta = all ? { all: true } : { target };
        if (all) env.mentionsAll = true;
        else if (target && !env.mentions.includes(target.id)) env.mentions.push(target.id);
      }
      state.pos += 1 + handle.length;
      return true;
    }
    return false;
  });

  md.renderer.rules.mention = (tokens, idx) => {
    const meta = tokens[idx]?.meta as { all?: boolean; target?: MentionTarget };
    const esc = md.utils.escapeHtml;
    if (meta.all) return '<span class="mention mention-all">@全体</span>';
    const target = meta.target as MentionTarget;
    return `<span class="mention" data-member-id="${esc(target.id)}">@${esc(target.displayName)}</span>`;
  };
}

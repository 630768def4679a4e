/**
 * Chat messages: a Markdown subset rendered to safe HTML on the server, with @mentions.
 * See docs/messages-markdown.md for the subset and the safety design.
 */
import MarkdownIt from 'markdown-it';
import type { Token } from 'markdown-it';
import cjkFriendly from 'markdown-it-cjk-friendly';
import { isAllowedHref, urlTailLength } from './links.ts';
import { mentionPlugin, scanHandles, type MentionEnv, type MentionTarget } from './mentions.ts';
import { sanitizeMessageHtml } from './sanitize.ts';

export type { MentionTarget } from './mentions.ts';

/** Longest source accepted, in UTF-16 units; the exchange module validates before calling. */
export const MAX_MESSAGE_LENGTH = 20_000;
/** Most distinct handles looked up per message, so one message cannot fan out into queries. */
export const MAX_MENTION_LOOKUPS = 100;
/** Deepest nesting of quotes/lists/emphasis; deeper input is rendered as plain text. */
const MAX_DEPTH = 20;
// markdown-it silently drops the rest of a block past its own limit, so that limit sits well
// above ours: any message deeper than MAX_DEPTH is caught below before content is lost.
const PARSER_NESTING = 2 * MAX_DEPTH + 10;

export interface RenderOptions {
  /**
   * Looks a handle (without "@") up among the members who may be mentioned here. May be async
   * (a database query); it is called once per distinct candidate, before rendering. For
   * Chinese handles without a following space ("@张三你好") shorter prefixes are also asked.
   */
  resolveMention?: (handle: string) => MentionTarget | null | Promise<MentionTarget | null>;
  /** Officers may address everyone with @全体 / @all; for others it stays plain text. */
  allowMentionAll?: boolean;
}

export interface RenderedMessage {
  html: string;
  /** Distinct member ids mentioned, in order of first appearance. */
  mentions: string[];
  mentionsAll: boolean;
  /** Text for notifications and search: no markup, mentions as "@显示名". */
  plainText: string;
}

export class MessageTooLongError extends Error {
  constructor(readonly length: number) {
    super(`message is ${length} characters, the limit is ${MAX_MESSAGE_LENGTH}`);
    this.name = 'MessageTooLongError';
  }
}

function createRenderer(): InstanceType<typeof MarkdownIt> {
  const md = new MarkdownIt('default', {
    html: false, // raw HTML is shown as text
    linkify: true,
    breaks: true, // a single newline is a line break, as in chat
    typographer: false,
    maxNesting: PARSER_NESTING,
  });
  // Chat, not documents: no images (attachments come separately), no tables, no setext
  // headings ("好的\n---" is not a heading), no reference definitions.
  md.disable(['image', 'table', 'lheading', 'reference']);
  md.validateLink = isAllowedHref;
  // Bare URLs: ASCII only, so "https://example.com，请查看" stops before the Chinese.
  md.linkify.set({ fuzzyLink: false, fuzzyEmail: false, fuzzyIP: false });
  md.linkify.add('ftp:', null).add('//', null);
  for (const scheme of ['http:', 'https:']) {
    md.linkify.add(scheme, { validate: (text: string, pos: number) => urlTailLength(text, pos) });
  }
  // CommonMark's flanking rules fail on "**重要**：请参加"; this plugin relaxes them for CJK.
  md.use(cjkFriendly);
  md.use(mentionPlugin);
  // Headings render no larger than h4.
  md.core.ruler.push('cap_headings', (state) => {
    for (const token of state.tokens) {
      if (token.type === 'heading_open' || token.type === 'heading_close') token.tag = 'h4';
    }
  });
  // Fence info strings become a class only when they look like a language name.
  md.renderer.rules.fence = (tokens, idx) => {
    const token = tokens[idx] as Token;
    const lang = token.info.trim().split(/\s+/)[0]?.toLowerCase() ?? '';
    const cls = /^[a-z0-9]{1,32}$/.test(lang) ? ` class="language-${lang}"` : '';
    return `<pre><code${cls}>${md.utils.escapeHtml(token.content)}</code></pre>\n`;
  };
  return md;
}

const md = createRenderer();

/** Text of the token stream: mentions as "@name", blocks separated by newlines. */
function toPlainText(tokens: Token[]): string {
  const out: string[] = [];
  const walk = (list: Token[]) => {
    for (const token of list) {
      switch (token.type) {
        case 'inline':
          walk(token.children ?? []);
          break;
        case 'text':
        case 'code_inline':
          out.push(token.content);
          break;
        case 'code_block':
        case 'fence':
          out.push(token.content.replace(/\n$/, ''), '\n');
          break;
        case 'softbreak':
        case 'hardbreak':
          out.push('\n');
          break;
        case 'mention': {
          const meta = token.meta as { all?: boolean; target?: MentionTarget };
          out.push(meta.all ? '@全体' : `@${meta.target?.displayName ?? ''}`);
          break;
        }
        case 'paragraph_close':
        case 'heading_close':
        case 'list_item_close':
          out.push('\n');
          break;
        default:
          break;
      }
    }
  };
  walk(tokens);
  return out
    .join('')
    .replace(/\n{2,}/g, '\n')
    .trim();
}

/** Fallback for absurdly nested input: the words, escaped, with line breaks kept. */
function renderAsText(text: string): RenderedMessage {
  const paragraph = md.utils.escapeHtml(text.trim()).replace(/\n/g, '<br />\n');
  return {
    html: sanitizeMessageHtml(`<p>${paragraph}</p>\n`),
    mentions: [],
    mentionsAll: false,
    plainText: text.trim(),
  };
}

async function resolveAll(
  source: string,
  resolve: RenderOptions['resolveMention'],
): Promise<Map<string, MentionTarget>> {
  const resolved = new Map<string, MentionTarget>();
  if (!resolve) return resolved;
  for (const handle of scanHandles(source, MAX_MENTION_LOOKUPS)) {
    const target = await resolve(handle);
    if (target) resolved.set(handle, target);
  }
  return resolved;
}

/** Renders a chat message. Throws MessageTooLongError above MAX_MESSAGE_LENGTH. */
export async function renderMessage(
  source: string,
  options: RenderOptions = {},
): Promise<RenderedMessage> {
  if (source.length > MAX_MESSAGE_LENGTH) throw new MessageTooLongError(source.length);
  // NUL is replaced by markdown-it anyway; normalising line ends keeps plainText tidy.
  const text = source.replace(/\r\n?/g, '\n');
  const env: MentionEnv = {
    resolved: await resolveAll(text, options.resolveMention),
    allowMentionAll: options.allowMentionAll ?? false,
    mentions: [],
    mentionsAll: false,
  };
  const tokens = md.parse(text, env);
  if (tokens.some((token) => token.level > MAX_DEPTH)) return renderAsText(text);
  const html = sanitizeMessageHtml(md.renderer.render(tokens, md.options, env));
  return {
    html,
    mentions: env.mentions,
    mentionsAll: env.mentionsAll,
    plainText: toPlainText(tokens),
  };
}

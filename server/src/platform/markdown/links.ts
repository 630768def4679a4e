/**
 * Which link targets a message may carry, and where a bare URL ends. Kept apart from the
 * renderer so the sanitiser and the tests apply the very same rule.
 */

/** Characters browsers drop or fold while parsing a URL: controls, spaces, soft hyphens. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const IGNORED_BY_BROWSERS = /[\u0000-\u0020\u007f-\u009f\u00ad\u200b-\u200f\u2028\u2029\ufeff]/g;

/**
 * True when `href` may become a link: http(s), mailto, or a path of our own app ("/x", not
 * "//host", which is another origin). Everything else, javascript:, data:, vbscript: in any
 * case or with smuggled whitespace, is refused. markdown-it has already decoded entities.
 */
export function isAllowedHref(href: string): boolean {
  const folded = href.replace(IGNORED_BY_BROWSERS, '').toLowerCase();
  if (folded.startsWith('/')) return !folded.startsWith('//') && !folded.startsWith('/\\');
  return /^(?:https?:\/\/[a-z0-9[]|mailto:[^\s@]+@)/.test(folded);
}

/** True for links leaving the app, which get rel="noopener noreferrer nofollow ugc". */
export function isExternalHref(href: string): boolean {
  return !href.startsWith('/');
}

// ASCII only: in chat a URL is followed directly by Chinese text or full-width punctuation
// ("https://example.com，请查看"), which must not be swallowed into the link.
const URL_TAIL = /^\/\/[A-Za-z0-9[][A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]*/;
const TRAILING_PUNCTUATION = new Set(['.', ',', ':', ';', '!', '?', "'", '"', '*', '_', '~']);

/** Drops sentence punctuation and an unbalanced closing bracket from the end of a bare URL. */
function trimUrlTail(tail: string): string {
  let end = tail.length;
  for (;;) {
    const last = tail[end - 1];
    if (last === undefined) return '';
    if (TRAILING_PUNCTUATION.has(last)) {
      end -= 1;
      continue;
    }
    if (last === ')' || last === ']') {
      const open = last === ')' ? '(' : '[';
      const body = tail.slice(0, end);
      const opens = body.split(open).length - 1;
      const closes = body.split(last).length - 1;
      if (closes > opens) {
        end -= 1;
        continue;
      }
    }
    return tail.slice(0, end);
  }
}

/**
 * linkify-it validator for "http:" and "https:": returns how many characters after the
 * scheme belong to the URL (0 = not a link). Linear: one anchored character-class run.
 */
export function urlTailLength(text: string, pos: number): number {
  const match = URL_TAIL.exec(text.slice(pos, pos + 2048));
  if (!match) return 0;
  const tail = trimUrlTail(match[0]);
  return tail.length > 2 ? tail.length : 0;
}

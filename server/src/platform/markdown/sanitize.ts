/**
 * The last line of defence: whatever the renderer emits is filtered to this allow-list, so a
 * renderer bug or a plugin slip cannot put a script, a handler or a foreign scheme on the page.
 */
import sanitizeHtml from 'sanitize-html';
import { isAllowedHref, isExternalHref } from './links.ts';

export const ALLOWED_TAGS: readonly string[] = [
  'p',
  'br',
  'strong',
  'em',
  's',
  'code',
  'pre',
  'blockquote',
  'ul',
  'ol',
  'li',
  'a',
  'h4',
  'hr',
  'span',
];

export const ALLOWED_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  a: ['href', 'rel', 'target'],
  code: ['class'],
  ol: ['start'],
  span: ['class', 'data-member-id'],
};

const EXTERNAL_REL = 'noopener noreferrer nofollow ugc';

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [...ALLOWED_TAGS],
  allowedAttributes: Object.fromEntries(
    Object.entries(ALLOWED_ATTRIBUTES).map(([tag, attrs]) => [tag, [...attrs]]),
  ),
  allowedClasses: { code: [/^language-[a-z0-9]+$/], span: ['mention', 'mention-all'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'escape',
  // Links are rebuilt from the checked href: anything else about them is dropped.
  transformTags: {
    a: (tagName, attribs): sanitizeHtml.Tag => {
      const href = attribs.href ?? '';
      if (!isAllowedHref(href)) return { tagName: 'span', attribs: {} };
      return {
        tagName,
        attribs: isExternalHref(href) ? { href, rel: EXTERNAL_REL, target: '_blank' } : { href },
      };
    },
  },
};

export function sanitizeMessageHtml(html: string): string {
  return sanitizeHtml(html, OPTIONS);
}

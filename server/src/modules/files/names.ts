/** The longest stored name, in characters; longer ones are cut before the extension. */
const MAX_NAME = 120;

/**
 * A file name fit to store and to send back in Content-Disposition: the last path segment
 * only, without control or invisible formatting characters (a right-to-left override can make
 * "gpj.exe" read as "exe.jpg"), without characters Windows refuses, Chinese kept as it is.
 */
export function sanitizeFileName(raw: string): string {
  const last = raw.split(/[/\\]/).pop() ?? '';
  let name = last
    .normalize('NFC')
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, '')
    .replace(/[<>:"|?*]/g, '_')
    .replace(/\s+/g, ' ')
    .trim()
    // No hidden files and no trailing dots (Windows drops them, changing the extension).
    .replace(/^[.\s]+|[.\s]+$/g, '');
  const chars = Array.from(name);
  if (chars.length > MAX_NAME) {
    const dot = name.lastIndexOf('.');
    const ext = dot > 0 && name.length - dot <= 9 ? name.slice(dot) : '';
    name =
      Array.from(name.slice(0, name.length - ext.length))
        .slice(0, MAX_NAME - ext.length)
        .join('')
        .trimEnd() + ext;
  }
  return name || 'file';
}

/**
 * Content-Disposition with both name forms: a plain ASCII fallback for old clients and the
 * UTF-8 name in RFC 5987 encoding, so Chinese names survive every browser.
 */
export function contentDisposition(kind: 'inline' | 'attachment', name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

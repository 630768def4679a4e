/**
 * The one-time setup link carries its token in the fragment (#token=…), which browsers never
 * send to servers, proxies or Referer headers. It is kept in sessionStorage so a reload of
 * this tab keeps working after the fragment has been wiped from the address bar.
 */
const STORAGE_KEY = 'tongxin.setupToken';

// Same rule as the server's SetupToken schema; anything else cannot be a token.
const TOKEN = /^[A-Za-z0-9_-]{16,128}$/;

export function tokenFromFragment(hash: string): string | null {
  const value = new URLSearchParams(hash.replace(/^#/, '')).get('token');
  return value && TOKEN.test(value) ? value : null;
}

export function rememberToken(token: string): void {
  try {
    sessionStorage.setItem(STORAGE_KEY, token);
  } catch {
    // Without storage a reload needs the link again; nothing else changes.
  }
}

export function rememberedToken(): string | null {
  try {
    const value = sessionStorage.getItem(STORAGE_KEY);
    return value && TOKEN.test(value) ? value : null;
  } catch {
    return null;
  }
}

export function forgetToken(): void {
  try {
    sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    // Nothing stored, nothing to forget.
  }
}

/**
 * Reads the token once and removes it from the address bar (and so from history, bookmarks
 * and screenshots). The router's own history state is kept so back/forward still work.
 */
export function takeTokenFromAddressBar(): string | null {
  const { hash, pathname, search } = window.location;
  const token = tokenFromFragment(hash);
  if (hash) window.history.replaceState(window.history.state, '', pathname + search);
  if (token) rememberToken(token);
  return token ?? rememberedToken();
}

/**
 * The server answers every page with a fresh CSP nonce in <meta name="csp-nonce">; only
 * <style> elements that carry it may apply. Absent under `vite dev`, which sends no CSP.
 */
export function readCspNonce(): string | undefined {
  const content = document.querySelector('meta[name="csp-nonce"]')?.getAttribute('content');
  return content ? content : undefined;
}

/**
 * antd passes ConfigProvider's nonce to its own style sheets, but some of its helpers
 * (@rc-component's scroll locker behind Modal and Drawer, scrollbar measurement behind Table)
 * create <style> elements without it, and the browser refuses them
 * (ant-design/ant-design#53032, react-component/util#613). Stamping the nonce on every
 * <style> our own bundle creates covers them; a script that could call this could read the
 * meta tag anyway, so the nonce loses nothing it protects.
 */
export function stampNonceOnNewStyles(nonce: string): void {
  const createElement = document.createElement.bind(document);
  const stamped = (tagName: string, options?: ElementCreationOptions): HTMLElement => {
    const element = createElement(tagName, options);
    if (element instanceof HTMLStyleElement && !element.nonce) element.nonce = nonce;
    return element;
  };
  document.createElement = stamped as typeof document.createElement;
}

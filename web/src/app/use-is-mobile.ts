import { useSyncExternalStore } from 'react';

// antd's `md` breakpoint: below it the navigation becomes a drawer and tables go compact.
const PHONE = '(max-width: 767.98px)';

const subscribe = (onChange: () => void): (() => void) => {
  const query = window.matchMedia(PHONE);
  query.addEventListener('change', onChange);
  return () => query.removeEventListener('change', onChange);
};

/** Read synchronously, so a phone never renders the desktop layout first. */
export const useIsMobile = (): boolean =>
  useSyncExternalStore(subscribe, () => window.matchMedia(PHONE).matches);

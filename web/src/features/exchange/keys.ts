import type { KeyboardEvent } from 'react';

/** Whether a key press should send: Enter alone on a desk, Ctrl/⌘+Enter anywhere; never mid-IME. */
export function isSendKey(
  event: Pick<KeyboardEvent, 'key' | 'shiftKey' | 'ctrlKey' | 'metaKey' | 'altKey'> & {
    isComposing: boolean;
    keyCode?: number;
  },
  phone: boolean,
): boolean {
  // Chinese input methods confirm a candidate with Enter: that Enter is not ours.
  if (event.isComposing || event.keyCode === 229) return false;
  if (event.key !== 'Enter' || event.altKey) return false;
  if (event.ctrlKey || event.metaKey) return true;
  return !phone && !event.shiftKey;
}

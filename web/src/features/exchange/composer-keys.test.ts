import { describe, expect, it } from 'vitest';
import { isSendKey } from './keys.ts';

const key = (over: Partial<Parameters<typeof isSendKey>[0]> = {}) => ({
  key: 'Enter',
  shiftKey: false,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  isComposing: false,
  ...over,
});

describe('composer keys', () => {
  it('sends with Enter on a desk, Shift+Enter is a new line', () => {
    expect(isSendKey(key(), false)).toBe(true);
    expect(isSendKey(key({ shiftKey: true }), false)).toBe(false);
    expect(isSendKey(key({ key: 'a' }), false)).toBe(false);
  });

  it('on a phone Enter is a new line; Ctrl/⌘+Enter sends anywhere', () => {
    expect(isSendKey(key(), true)).toBe(false);
    expect(isSendKey(key({ ctrlKey: true }), true)).toBe(true);
    expect(isSendKey(key({ metaKey: true }), false)).toBe(true);
  });

  it('never sends while an input method is composing (pinyin candidates)', () => {
    expect(isSendKey(key({ isComposing: true }), false)).toBe(false);
    expect(isSendKey(key({ keyCode: 229 }), false)).toBe(false);
  });
});

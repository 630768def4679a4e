import { describe, expect, it } from 'vitest';
import { TYPING_TTL_MS, TypingState, parseTypingPayload } from './typing.ts';

describe('typing indicators', () => {
  it('shows a typist until the notice expires or their message arrives', () => {
    const state = new TypingState();
    expect(state.note('s', 't', { accountId: 'a', name: '张三' }, 0)).toBe(true);
    // A renewal changes nothing anyone sees, and keeps the same snapshot.
    const before = state.typing('s', 't');
    expect(state.note('s', 't', { accountId: 'a', name: '张三' }, 1000)).toBe(false);
    expect(state.typing('s', 't')).toBe(before);
    expect(before).toEqual([{ accountId: 'a', name: '张三' }]);
    // Another topic is separate.
    expect(state.typing('s', 'other')).toEqual([]);
    expect(state.prune(1000 + TYPING_TTL_MS - 1)).toBe(false);
    expect(state.prune(1000 + TYPING_TTL_MS)).toBe(true);
    expect(state.typing('s', 't')).toEqual([]);

    state.note('s', 't', { accountId: 'b', name: null }, 0);
    expect(state.stop('s', 't', 'b')).toBe(true);
    expect(state.stop('s', 't', 'b')).toBe(false);
    expect(state.size).toBe(0);
  });

  it('reads only well-formed payloads', () => {
    expect(
      parseTypingPayload({ spaceId: 's', topicId: 't', accountId: 'a', displayName: '李四' }),
    ).toEqual({ spaceId: 's', topicId: 't', typist: { accountId: 'a', name: '李四' } });
    expect(
      parseTypingPayload({ spaceId: 's', topicId: 't', accountId: 'a' })?.typist.name,
    ).toBeNull();
    expect(parseTypingPayload({ spaceId: 's', topicId: 7, accountId: 'a' })).toBeNull();
    expect(parseTypingPayload({})).toBeNull();
  });
});

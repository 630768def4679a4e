import { describe, expect, it } from 'vitest';
import type { Message, SpaceSummary, Topic, TopicList } from '@tongxin/contract';
import {
  flattenMessages,
  setReactions,
  spaceListWithMessage,
  toggleOwnReaction,
  topicDetailWithMessage,
  topicListRead,
  topicListWithMessage,
  topicListWithTopic,
  topicListWithout,
  upsertMessage,
  type MessagePages,
} from './cache.ts';

const ME = '00000000-0000-4000-8000-000000000001';
const OTHER = '00000000-0000-4000-8000-000000000002';
const SPACE = '00000000-0000-4000-8000-0000000000aa';

const message = (id: number, over: Partial<Message> = {}): Message => ({
  id,
  topicId: 't1',
  spaceId: SPACE,
  authorId: OTHER,
  authorName: '李四',
  source: `消息 ${id}`,
  html: `<p>消息 ${id}</p>`,
  mentions: [],
  mentionsAll: false,
  replyTo: null,
  reactions: [],
  attachments: [],
  createdAt: `2026-11-25T0${id % 10}:00:00.000Z`,
  editedAt: null,
  withdrawn: false,
  withdrawnAt: null,
  withdrawnByName: null,
  pinned: false,
  ...over,
});

const topic = (id: string, lastAt: string, over: Partial<Topic> = {}): Topic => ({
  id,
  spaceId: SPACE,
  title: `话题 ${id}`,
  tags: [],
  resolved: false,
  createdByName: '张三',
  createdAt: '2026-11-20T00:00:00.000Z',
  messageCount: 1,
  lastMessageId: 1,
  lastMessageAt: lastAt,
  ...over,
});

const pages = (...groups: { ids: number[]; hasNewer?: boolean }[]): MessagePages => ({
  pages: groups.map((g, i) => ({
    items: g.ids.map((id) => message(id)),
    hasOlder: i === 0,
    hasNewer: g.hasNewer ?? false,
  })),
  pageParams: groups.map(() => null),
});

describe('message stream cache', () => {
  it('appends a new message to the newest page, in id order', () => {
    const data = pages({ ids: [1, 2] }, { ids: [3, 5] });
    const next = upsertMessage(data, message(4));
    expect(flattenMessages(next).map((m) => m.id)).toEqual([1, 2, 3, 4, 5]);
    expect(next.pages[0]).toBe(data.pages[0]);
  });

  it('replaces a known message in place (edit, withdrawal, pin)', () => {
    const data = pages({ ids: [1, 2] }, { ids: [3] });
    const withdrawn = message(2, { withdrawn: true, source: '', html: '' });
    const next = upsertMessage(data, withdrawn);
    expect(next.pages[0]?.items[1]).toBe(withdrawn);
    expect(next.pages[1]).toBe(data.pages[1]);
    expect(flattenMessages(next)).toHaveLength(3);
  });

  it('leaves a stream that does not reach the present alone', () => {
    const data = pages({ ids: [1, 2], hasNewer: true });
    expect(upsertMessage(data, message(9))).toBe(data);
    expect(upsertMessage({ pages: [], pageParams: [] }, message(9)).pages).toEqual([]);
  });

  it('sets reactions on one message and keeps the others untouched', () => {
    const data = pages({ ids: [1, 2] });
    const reactions = [{ emoji: '👍' as const, count: 1, accountIds: [ME] }];
    const next = setReactions(data, 2, reactions);
    expect(next.pages[0]?.items[1]?.reactions).toBe(reactions);
    expect(next.pages[0]?.items[0]).toBe(data.pages[0]?.items[0]);
    expect(setReactions(data, 99, reactions)).toBe(data);
  });

  it('flattens overlapping pages without duplicates', () => {
    expect(flattenMessages(pages({ ids: [1, 2, 3] }, { ids: [3, 4] })).map((m) => m.id)).toEqual([
      1, 2, 3, 4,
    ]);
    expect(flattenMessages(undefined)).toEqual([]);
  });

  it('toggles the own reaction and counts the rest', () => {
    const start = [{ emoji: '👍' as const, count: 1, accountIds: [OTHER] }];
    const added = toggleOwnReaction(start, '👍', ME);
    expect(added).toEqual([{ emoji: '👍', count: 2, accountIds: [OTHER, ME] }]);
    expect(toggleOwnReaction(added, '👍', ME)).toEqual(start);
    expect(toggleOwnReaction(start, '👍', OTHER)).toEqual([]);
    expect(toggleOwnReaction(start, '🎉', ME)).toEqual([
      ...start,
      { emoji: '🎉', count: 1, accountIds: [ME] },
    ]);
  });
});

describe('topic and space lists', () => {
  const list: TopicList = {
    items: [
      {
        topic: topic('a', '2026-11-25T03:00:00Z'),
        unread: 0,
        subscription: 'default',
        lastReadId: 1,
      },
      {
        topic: topic('b', '2026-11-25T02:00:00Z'),
        unread: 2,
        subscription: 'follow',
        lastReadId: 0,
      },
    ],
    total: 2,
  };

  it('moves the topic of a new message to the top and counts it unread', () => {
    const next = topicListWithMessage(list, topic('b', '2026-11-25T04:00:00Z'), 1, false);
    expect(next.items.map((i) => [i.topic.id, i.unread])).toEqual([
      ['b', 3],
      ['a', 0],
    ]);
    expect(next.items[0]?.subscription).toBe('follow');
  });

  it('adds a new topic unless the list is filtered', () => {
    const fresh = topic('c', '2026-11-25T05:00:00Z');
    const next = topicListWithMessage(list, fresh, 1, false);
    expect(next.items[0]?.topic.id).toBe('c');
    expect(next.total).toBe(3);
    expect(topicListWithMessage(list, fresh, 1, true)).toBe(list);
  });

  it('updates a renamed topic in place and drops one moved elsewhere', () => {
    const renamed = topicListWithTopic(
      list,
      topic('a', '2026-11-25T03:00:00Z', { title: '新名' }),
      SPACE,
    );
    expect(renamed.items[0]?.topic.title).toBe('新名');
    const moved = topicListWithTopic(
      list,
      topic('a', '2026-11-25T03:00:00Z', { spaceId: 'x' }),
      SPACE,
    );
    expect(moved.items.map((i) => i.topic.id)).toEqual(['b']);
    expect(moved.total).toBe(1);
    expect(topicListWithout(list, 'b').items.map((i) => i.topic.id)).toEqual(['a']);
    expect(topicListWithout(list, 'zz')).toBe(list);
  });

  it('clears the unread count once read up to the last message', () => {
    const withLast: TopicList = {
      ...list,
      items: list.items.map((i) => ({ ...i, topic: { ...i.topic, lastMessageId: 7 } })),
    };
    expect(topicListRead(withLast, 'b', 5).items[1]).toMatchObject({ unread: 2, lastReadId: 5 });
    expect(topicListRead(withLast, 'b', 7).items[1]).toMatchObject({ unread: 0, lastReadId: 7 });
    // An older marker (a late event) changes nothing.
    expect(topicListRead(withLast, 'a', 1)).toBe(withLast);
  });

  it('bumps a space badge and its mention count', () => {
    const space: SpaceSummary = {
      id: SPACE,
      kind: 'org',
      name: '第一支部',
      description: '',
      orgId: null,
      orgName: null,
      readOnly: false,
      unread: 1,
      unreadMentions: 0,
      lastMessageAt: null,
      memberCount: 5,
    };
    const next = spaceListWithMessage({ items: [space] }, message(3), true, true);
    expect(next.items[0]).toMatchObject({ unread: 2, unreadMentions: 1 });
    expect(next.items[0]?.lastMessageAt).toBe(message(3).createdAt);
    const own = spaceListWithMessage({ items: [space] }, message(3), false, true);
    expect(own.items[0]).toMatchObject({ unread: 1, unreadMentions: 0 });
  });

  it('keeps the pinned list in step with pins, unpins and withdrawals', () => {
    const detail = {
      item: list.items[0]!,
      pinned: [message(1, { pinned: true })],
      may: { post: true, rename: false, move: false, pin: false },
    };
    expect(topicDetailWithMessage(detail, message(5))).toBe(detail);
    expect(
      topicDetailWithMessage(detail, message(5, { pinned: true })).pinned.map((m) => m.id),
    ).toEqual([1, 5]);
    expect(topicDetailWithMessage(detail, message(1)).pinned).toEqual([]);
    expect(
      topicDetailWithMessage(detail, message(1, { pinned: true, withdrawn: true })).pinned,
    ).toEqual([]);
  });
});

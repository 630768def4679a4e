import { describe, expect, it } from 'vitest';
import { QueryClient } from '@tanstack/react-query';
import type { Message, SpaceList, Topic, TopicDetail, TopicList } from '@tongxin/contract';
import { flattenMessages, type MessagePages } from './cache.ts';
import { applyExchangeEvent, setActiveTopic } from './live.ts';
import { typingStore } from './typing.ts';
import { exchangeKeys } from './use-exchange.ts';

const ME = 'me';
const SPACE = 'space-1';
const at = (minute: number) => `2026-11-25T02:${String(minute).padStart(2, '0')}:00.000Z`;

const topic = (over: Partial<Topic> = {}): Topic => ({
  id: 'topic-1',
  spaceId: SPACE,
  title: '学习交流',
  tags: [],
  resolved: false,
  createdByName: '张三',
  createdAt: at(0),
  messageCount: 1,
  lastMessageId: 1,
  lastMessageAt: at(0),
  ...over,
});

const message = (id: number, over: Partial<Message> = {}): Message => ({
  id,
  topicId: 'topic-1',
  spaceId: SPACE,
  authorId: 'other',
  authorName: '李四',
  source: `第 ${id} 条`,
  html: `<p>第 ${id} 条</p>`,
  mentions: [],
  mentionsAll: false,
  replyTo: null,
  reactions: [],
  attachments: [],
  createdAt: at(id),
  editedAt: null,
  withdrawn: false,
  withdrawnAt: null,
  withdrawnByName: null,
  pinned: false,
  ...over,
});

function seeded(): QueryClient {
  const client = new QueryClient();
  const pages: MessagePages = {
    pages: [{ items: [message(1)], hasOlder: false, hasNewer: false }],
    pageParams: [null],
  };
  client.setQueryData(exchangeKeys.messages('topic-1'), pages);
  const list: TopicList = {
    items: [{ topic: topic(), unread: 0, subscription: 'default', lastReadId: 1 }],
    total: 1,
  };
  client.setQueryData(exchangeKeys.topics(SPACE, null), list);
  client.setQueryData(exchangeKeys.topics(SPACE, 'tag-x'), { items: [], total: 0 });
  const spaces: SpaceList = {
    items: [
      {
        id: SPACE,
        kind: 'org',
        name: '第一支部',
        description: '',
        orgId: null,
        orgName: null,
        readOnly: false,
        unread: 0,
        unreadMentions: 0,
        lastMessageAt: at(0),
        memberCount: 3,
      },
    ],
  };
  client.setQueryData(exchangeKeys.spaces, spaces);
  return client;
}

describe('exchange events applied to the caches', () => {
  it('shows a new message at once and counts it unread everywhere', () => {
    const client = seeded();
    setActiveTopic(null);
    const next = message(2, { mentions: [ME] });
    const nextTopic = topic({ lastMessageId: 2, lastMessageAt: at(2), messageCount: 2 });
    applyExchangeEvent(client, 'exchange.message.created', { message: next, topic: nextTopic }, ME);
    const stream = client.getQueryData<MessagePages>(exchangeKeys.messages('topic-1'));
    expect(flattenMessages(stream).map((m) => m.id)).toEqual([1, 2]);
    const list = client.getQueryData<TopicList>(exchangeKeys.topics(SPACE, null));
    expect(list?.items[0]).toMatchObject({ unread: 1, topic: { messageCount: 2 } });
    // A tag-filtered list does not get a topic it may not hold.
    expect(client.getQueryData<TopicList>(exchangeKeys.topics(SPACE, 'tag-x'))?.items).toEqual([]);
    expect(client.getQueryData<SpaceList>(exchangeKeys.spaces)?.items[0]).toMatchObject({
      unread: 1,
      unreadMentions: 1,
    });
  });

  it('does not count what the reader is looking at, or wrote', () => {
    const client = seeded();
    setActiveTopic('topic-1');
    applyExchangeEvent(
      client,
      'exchange.message.created',
      { message: message(2), topic: topic({ lastMessageId: 2 }) },
      ME,
    );
    setActiveTopic(null);
    applyExchangeEvent(
      client,
      'exchange.message.created',
      { message: message(3, { authorId: ME }), topic: topic({ lastMessageId: 3 }) },
      ME,
    );
    expect(client.getQueryData<SpaceList>(exchangeKeys.spaces)?.items[0]?.unread).toBe(0);
    expect(client.getQueryData<TopicList>(exchangeKeys.topics(SPACE, null))?.items[0]?.unread).toBe(
      0,
    );
  });

  it('replaces withdrawn and edited messages in place, and updates reactions and pins', () => {
    const client = seeded();
    const detail: TopicDetail = {
      item: { topic: topic(), unread: 0, subscription: 'default', lastReadId: 1 },
      pinned: [],
      may: { post: true, rename: false, move: false, pin: true },
    };
    client.setQueryData(exchangeKeys.topic('topic-1'), detail);
    applyExchangeEvent(
      client,
      'exchange.message.withdrawn',
      { message: message(1, { withdrawn: true, source: '', html: '' }) },
      ME,
    );
    const stream = () =>
      flattenMessages(client.getQueryData<MessagePages>(exchangeKeys.messages('topic-1')));
    expect(stream()[0]).toMatchObject({ withdrawn: true, html: '' });
    applyExchangeEvent(
      client,
      'exchange.reaction',
      {
        messageId: 1,
        topicId: 'topic-1',
        spaceId: SPACE,
        reactions: [{ emoji: '👍', count: 1, accountIds: ['other'] }],
      },
      ME,
    );
    expect(stream()[0]?.reactions).toHaveLength(1);
    applyExchangeEvent(
      client,
      'exchange.message.updated',
      { message: message(1, { pinned: true }) },
      ME,
    );
    expect(
      client.getQueryData<TopicDetail>(exchangeKeys.topic('topic-1'))?.pinned.map((m) => m.id),
    ).toEqual([1]);
  });

  it('drops a topic that moved out of sight, and ignores unknown event types', () => {
    const client = seeded();
    applyExchangeEvent(
      client,
      'exchange.topic.removed',
      { topicId: 'topic-1', spaceId: SPACE },
      ME,
    );
    expect(client.getQueryData<TopicList>(exchangeKeys.topics(SPACE, null))?.items).toEqual([]);
    expect(client.getQueryData(exchangeKeys.messages('topic-1'))).toBeUndefined();
    const before = client.getQueryData(exchangeKeys.spaces);
    applyExchangeEvent(client, 'exchange.something.new', { anything: 1 }, ME);
    expect(client.getQueryData(exchangeKeys.spaces)).toBe(before);
  });

  it('ends a typing notice when the typist’s message arrives', () => {
    const client = seeded();
    typingStore.note(SPACE, 'topic-1', { accountId: 'other', name: '李四' });
    expect(typingStore.typing(SPACE, 'topic-1')).toHaveLength(1);
    applyExchangeEvent(
      client,
      'exchange.message.created',
      { message: message(2), topic: topic({ lastMessageId: 2 }) },
      ME,
    );
    expect(typingStore.typing(SPACE, 'topic-1')).toEqual([]);
  });
});

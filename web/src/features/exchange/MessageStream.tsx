import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { Alert, Button, Divider, Spin } from 'antd';
import { DownOutlined, UpOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Message, SpaceMember } from '@tongxin/contract';
import { currentLocale } from '../../i18n/index.ts';
import { flattenMessages } from './cache.ts';
import { errorMessage } from './errors.ts';
import { MessageItem, type MessageRights } from './MessageItem.tsx';
import { dayLabel, withDaySeparators } from './time.ts';
import { useMarkTopicRead, useMessages } from './use-exchange.ts';

/** Within this many pixels of the bottom counts as "at the latest message". */
const NEAR_BOTTOM = 80;
/** Start loading older messages this close to the top. */
const NEAR_TOP = 200;
/** How far back the stream pages by itself to reach the first unread message. */
const MAX_PAGES_TO_UNREAD = 10;

/**
 * The messages of a topic, oldest at the top. Opens at the first unread message (or the
 * latest), loads older pages when scrolled up and keeps the reader's place while they arrive,
 * follows new messages only when the reader is already at the bottom, and marks read what has
 * actually been on screen.
 */
export function MessageStream({
  topicId,
  spaceId,
  lastReadId: readAtOpen,
  rights,
  members,
  onReply,
  onShowHistory,
  renderAttachments,
}: {
  topicId: string;
  spaceId: string;
  /** The read marker when the topic was opened: the "unread below" line stays put. */
  lastReadId: number;
  rights: MessageRights;
  members: readonly SpaceMember[];
  onReply: (message: Message) => void;
  onShowHistory: (message: Message) => void;
  renderAttachments: (message: Message) => React.ReactNode;
}) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const query = useMessages(topicId);
  // `mutate` is stable, so the read-marker timer survives re-renders.
  const { mutate: markRead } = useMarkTopicRead(topicId, spaceId);
  const scroller = useRef<HTMLDivElement>(null);
  const messages = useMemo(() => flattenMessages(query.data), [query.data]);
  const rows = useMemo(() => withDaySeparators(messages), [messages]);
  // The marker stays where it was when the topic opened: read markers move as the reader
  // reads, and messages arriving while they watch are not "unread".
  const [lastReadId] = useState(readAtOpen);
  const [newestAtOpen, setNewestAtOpen] = useState<number | null>(null);
  const newestLoaded = messages.at(-1)?.id ?? null;
  if (newestAtOpen === null && newestLoaded !== null && !query.isPending) {
    setNewestAtOpen(newestLoaded);
  }
  const hasOlder = query.hasPreviousPage;
  const firstUnread = useMemo(() => {
    const found = messages.find(
      (m) => m.id > lastReadId && m.id <= (newestAtOpen ?? 0) && m.authorId !== rights.me,
    );
    // The oldest loaded message with more before it is not known to be the first unread one
    // (a topic never opened is unread from its start, pages away): no line, open at the latest.
    if (!found || (found.id === messages[0]?.id && hasOlder)) return null;
    return found.id;
  }, [messages, lastReadId, newestAtOpen, rights.me, hasOlder]);
  const [unreadSeen, setUnreadSeen] = useState(false);

  // ---- scrolling -----------------------------------------------------------------------
  const [atBottom, setAtBottom] = useState(true);
  const [unseenBelow, setUnseenBelow] = useState(0);
  /** Whether the stream has taken its first position (first unread or latest). */
  const opened = useRef(false);
  /** Distance from the bottom before older messages were prepended. */
  const anchor = useRef<number | null>(null);
  const stick = useRef(true);
  const lastCount = useRef(0);

  const scrollToBottom = useCallback(() => {
    const el = scroller.current;
    if (el) el.scrollTop = el.scrollHeight;
    setUnseenBelow(0);
  }, []);

  const jumpTo = useCallback((messageId: number) => {
    const el = document.getElementById(`message-${messageId}`);
    if (!el) return;
    el.scrollIntoView({ block: 'center' });
    el.classList.add('tx-message-flash');
    window.setTimeout(() => el.classList.remove('tx-message-flash'), 1600);
  }, []);

  // Page back until the first unread message is loaded (bounded), before showing anything.
  const oldestLoaded = messages[0]?.id ?? 0;
  // Monotone: once false it stays false, so scrolling back later never re-triggers it.
  const needsOlderForUnread =
    lastReadId > 0 &&
    query.hasPreviousPage &&
    oldestLoaded > lastReadId + 1 &&
    (query.data?.pages.length ?? 0) < MAX_PAGES_TO_UNREAD;
  useEffect(() => {
    if (needsOlderForUnread && !query.isFetchingPreviousPage) void query.fetchPreviousPage();
  }, [needsOlderForUnread, query]);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el || query.isPending || needsOlderForUnread) return;
    if (!opened.current) {
      opened.current = true;
      lastCount.current = messages.length;
      const target = firstUnread !== null ? document.getElementById(`unread-marker`) : null;
      if (target) target.scrollIntoView({ block: 'start' });
      else el.scrollTop = el.scrollHeight;
      return;
    }
    if (anchor.current !== null) {
      // Older messages came in above: keep the same message under the reader's eyes.
      el.scrollTop = el.scrollHeight - anchor.current;
      anchor.current = null;
    } else if (messages.length > lastCount.current) {
      if (stick.current) el.scrollTop = el.scrollHeight;
      else setUnseenBelow((n) => n + messages.length - lastCount.current);
    }
    lastCount.current = messages.length;
  }, [messages, query.isPending, needsOlderForUnread, firstUnread]);

  const onScroll = () => {
    const el = scroller.current;
    if (!el) return;
    const bottom = el.scrollHeight - el.scrollTop - el.clientHeight < NEAR_BOTTOM;
    stick.current = bottom;
    if (bottom !== atBottom) setAtBottom(bottom);
    if (bottom) setUnseenBelow(0);
    if (el.scrollTop < NEAR_TOP && query.hasPreviousPage && !query.isFetchingPreviousPage) {
      anchor.current = el.scrollHeight - el.scrollTop;
      void query.fetchPreviousPage();
    }
  };

  // ---- read markers: what has been on screen, while the page is visible ----------------
  const seen = useRef(lastReadId);
  const reported = useRef(lastReadId);
  const timer = useRef<number | null>(null);
  const flush = useCallback(() => {
    timer.current = null;
    if (seen.current > reported.current && document.visibilityState === 'visible') {
      reported.current = seen.current;
      markRead(seen.current);
    }
  }, [markRead]);

  useEffect(() => {
    const root = scroller.current;
    if (!root) return;
    const observer = new IntersectionObserver(
      (entries) => {
        for (const entry of entries) {
          if (!entry.isIntersecting) continue;
          const id = Number((entry.target as HTMLElement).dataset.messageId);
          if (id > seen.current) seen.current = id;
          if (firstUnread !== null && id === firstUnread) setUnreadSeen(true);
        }
        if (seen.current > reported.current && timer.current === null) {
          timer.current = window.setTimeout(flush, 400);
        }
      },
      { root, threshold: 0.5 },
    );
    root.querySelectorAll('[data-message-id]').forEach((el) => observer.observe(el));
    return () => observer.disconnect();
  }, [rows, flush, firstUnread]);

  useEffect(() => {
    const onVisible = () => {
      if (document.visibilityState === 'visible') flush();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      document.removeEventListener('visibilitychange', onVisible);
      if (timer.current !== null) window.clearTimeout(timer.current);
      timer.current = null;
    };
  }, [flush]);

  if (query.isError) {
    return <Alert type="error" showIcon title={errorMessage(t, query.error)} />;
  }

  return (
    <div className="tx-stream-wrap">
      <div
        className="tx-stream"
        ref={scroller}
        onScroll={onScroll}
        data-testid="message-stream"
        aria-busy={query.isFetchingPreviousPage || query.isPending}
      >
        {(query.isPending || needsOlderForUnread) && (
          <div className="tx-exchange-empty">
            <Spin />
          </div>
        )}
        {query.isFetchingPreviousPage && !needsOlderForUnread && (
          <div className="tx-stream-note">
            <Spin size="small" /> {t('exchange.loadingOlder')}
          </div>
        )}
        {!query.isPending && !query.hasPreviousPage && (
          <div className="tx-stream-note" data-testid="stream-start">
            {t('exchange.startOfTopic')}
          </div>
        )}
        {rows.map((row) =>
          row.kind === 'day' ? (
            <Divider key={row.key} plain className="tx-stream-day" data-testid="day-separator">
              {dayLabel(row.day, locale)}
            </Divider>
          ) : (
            <div key={row.key}>
              {row.message.id === firstUnread && (
                <div id="unread-marker" className="tx-unread-marker" data-testid="unread-marker">
                  <span>{t('exchange.firstUnread')}</span>
                </div>
              )}
              <MessageItem
                message={row.message}
                rights={rights}
                members={members}
                onReply={onReply}
                onShowHistory={onShowHistory}
                onJumpTo={jumpTo}
                renderAttachments={renderAttachments}
              />
            </div>
          ),
        )}
      </div>
      <div className="tx-stream-float">
        {firstUnread !== null && !unreadSeen && (
          <Button
            size="small"
            shape="round"
            icon={<UpOutlined />}
            data-testid="jump-unread"
            onClick={() => jumpTo(firstUnread)}
          >
            {t('exchange.jumpToUnread')}
          </Button>
        )}
        {!atBottom && (
          <Button
            size="small"
            shape="round"
            type={unseenBelow > 0 ? 'primary' : 'default'}
            icon={<DownOutlined />}
            data-testid="jump-latest"
            onClick={scrollToBottom}
          >
            {unseenBelow > 0
              ? t('exchange.newBelow', { count: unseenBelow })
              : t('exchange.jumpToLatest')}
          </Button>
        )}
      </div>
    </div>
  );
}

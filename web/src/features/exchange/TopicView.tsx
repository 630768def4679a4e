import { useCallback, useMemo, useState, type ReactNode } from 'react';
import {
  Alert,
  App,
  Button,
  Dropdown,
  Empty,
  Input,
  Modal,
  Popover,
  Select,
  Spin,
  Tag,
  Typography,
  type MenuProps,
} from 'antd';
import { CheckCircleFilled, EllipsisOutlined, PushpinOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Message, SpaceDetail, SubscriptionLevel } from '@tongxin/contract';
import { currentLocale } from '../../i18n/index.ts';
import { useSignedInUser } from '../auth/signed-in-user.ts';
import { flattenMessages, type MessagePages } from './cache.ts';
import { Composer } from './Composer.tsx';
import { loadDraft } from './drafts.ts';
import { errorMessage } from './errors.ts';
import { PaneHeader } from './ExchangeLayout.tsx';
import { MessageStream } from './MessageStream.tsx';
import { fullTime } from './time.ts';
import { TypingLine } from './TypingLine.tsx';
import {
  exchangeKeys,
  useMessage,
  useMessageHistory,
  useSpaces,
  useTags,
  useTopic,
  useTopicActions,
} from './use-exchange.ts';
import { ArchiveTopicButton } from '../archive/ArchiveTopicButton.tsx';

/** A topic: its header and actions, pinned messages, the stream and the composer. */
export function TopicView({
  space,
  topicId,
  onTyping,
  renderAttachments,
}: {
  space: SpaceDetail;
  topicId: string;
  onTyping?: () => void;
  renderAttachments: (message: Message) => ReactNode;
}) {
  const { t } = useTranslation();
  const me = useSignedInUser();
  const navigate = useNavigate();
  const client = useQueryClient();
  const detail = useTopic(topicId);
  const spaceId = space.space.id;
  const place = useMemo(() => ({ accountId: me.id, spaceId, topicId }), [me.id, spaceId, topicId]);
  const [replyToId, setReplyToId] = useState<number | null>(() => {
    const saved = loadDraft(place)?.replyToId;
    return saved ? Number(saved) : null;
  });
  const [historyOf, setHistoryOf] = useState<Message | null>(null);
  const reply = useCallback((m: Message) => setReplyToId(m.id), []);
  const clearReply = useCallback(() => setReplyToId(null), []);
  const showHistory = useCallback((m: Message) => setHistoryOf(m), []);

  const loaded =
    replyToId === null
      ? null
      : (flattenMessages(client.getQueryData<MessagePages>(exchangeKeys.messages(topicId))).find(
          (m) => m.id === replyToId,
        ) ?? null);
  // A reply kept in a draft may point further back than the stream has loaded.
  const fetched = useMessage(replyToId, replyToId !== null && loaded === null);
  const replyTo = loaded ?? fetched.data ?? null;

  if (detail.isPending) {
    return (
      <div className="tx-exchange-empty">
        <Spin />
      </div>
    );
  }
  if (detail.isError) {
    return (
      <>
        <PaneHeader title="" onBack={() => void navigate(`/exchange/${spaceId}`)} />
        <Alert type="error" showIcon title={errorMessage(t, detail.error)} />
      </>
    );
  }
  const { item, pinned, may } = detail.data;
  const rights = { me: me.id, moderate: space.may.moderate, pin: may.pin, post: may.post };

  return (
    <>
      <PaneHeader
        testId="topic-title-header"
        onBack={() => void navigate(`/exchange/${spaceId}`)}
        title={
          <>
            {item.topic.resolved && (
              <CheckCircleFilled
                className="tx-topic-resolved"
                aria-label={t('exchange.resolved')}
              />
            )}{' '}
            {item.topic.title}
          </>
        }
        extra={
          <>
            {pinned.length > 0 && (
              <Popover
                trigger="click"
                title={t('exchange.pinned')}
                content={
                  <div className="tx-pinned-list" data-testid="pinned-list">
                    {pinned.map((m) => (
                      <div key={m.id} className="tx-pinned-item">
                        <strong>{m.authorName}</strong>
                        <div
                          className="tx-message-body"
                          // Server-rendered, sanitised message HTML (docs/messages-markdown.md).
                          dangerouslySetInnerHTML={{ __html: m.html }}
                        />
                      </div>
                    ))}
                  </div>
                }
              >
                <Button size="small" icon={<PushpinOutlined />} data-testid="pinned-button">
                  {t('exchange.pinnedCount', { count: pinned.length })}
                </Button>
              </Popover>
            )}
            {space.may.moderate && <ArchiveTopicButton topicId={topicId} />}
            <TopicMenu space={space} topicId={topicId} detail={detail.data} />
          </>
        }
      />
      {item.topic.tags.length > 0 && (
        <div className="tx-topic-tags tx-topic-tags-static">
          {item.topic.tags.map((tag) => (
            <Tag key={tag.id} data-testid="topic-header-tag">
              {tag.name}
            </Tag>
          ))}
          {item.topic.resolved && (
            <Tag color="success" data-testid="topic-header-resolved">
              {t('exchange.resolved')}
            </Tag>
          )}
        </div>
      )}
      <MessageStream
        key={topicId}
        topicId={topicId}
        spaceId={spaceId}
        lastReadId={item.lastReadId}
        rights={rights}
        members={space.members}
        onReply={reply}
        onShowHistory={showHistory}
        renderAttachments={renderAttachments}
      />
      <TypingLine spaceId={spaceId} topicId={topicId} members={space.members} />
      {may.post ? (
        <Composer
          key={topicId}
          place={place}
          topicId={topicId}
          members={space.members.filter((m) => m.accountId !== me.id)}
          mentionAll={space.may.moderate}
          replyTo={replyTo}
          onClearReply={clearReply}
          onTyping={onTyping}
        />
      ) : (
        <Alert
          type="info"
          banner
          title={space.space.readOnly ? t('exchange.readOnlySupervised') : t('exchange.readOnly')}
        />
      )}
      {historyOf && <HistoryModal message={historyOf} onClose={() => setHistoryOf(null)} />}
    </>
  );
}

function HistoryModal({ message, onClose }: { message: Message; onClose: () => void }) {
  const { t } = useTranslation();
  const history = useMessageHistory(message.id);
  const locale = currentLocale();
  return (
    <Modal open title={t('exchange.historyTitle')} onCancel={onClose} footer={null}>
      {history.isPending ? (
        <Spin />
      ) : history.isError ? (
        <Alert type="error" showIcon title={errorMessage(t, history.error)} />
      ) : (
        <div className="tx-history" data-testid="message-history">
          <Typography.Text strong>{t('exchange.historyCurrent')}</Typography.Text>
          <div
            className="tx-message-body"
            // Server-rendered, sanitised message HTML (docs/messages-markdown.md).
            dangerouslySetInnerHTML={{ __html: message.html }}
          />
          {[...history.data.versions].reverse().map((v) => (
            <div key={v.replacedAt} className="tx-history-version">
              <Typography.Text type="secondary">
                {t('exchange.historyVersion', { time: fullTime(v.replacedAt, locale) })}
              </Typography.Text>
              <div
                className="tx-message-body"
                // Earlier versions were rendered and sanitised by the server the same way.
                dangerouslySetInnerHTML={{ __html: v.html }}
              />
            </div>
          ))}
          {history.data.versions.length === 0 && <Empty />}
        </div>
      )}
    </Modal>
  );
}

type Dialog = 'rename' | 'tags' | 'move' | null;

function TopicMenu({
  space,
  topicId,
  detail,
}: {
  space: SpaceDetail;
  topicId: string;
  detail: NonNullable<ReturnType<typeof useTopic>['data']>;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const actions = useTopicActions(topicId, space.space.id);
  const tags = useTags();
  const spaces = useSpaces();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [title, setTitle] = useState(detail.item.topic.title);
  const [tagIds, setTagIds] = useState(detail.item.topic.tags.map((tag) => tag.id));
  const [target, setTarget] = useState<string | null>(null);
  const { item, may } = detail;
  const failed = (error: unknown) => void message.error(errorMessage(t, error));
  const saved = () => {
    setDialog(null);
    void message.success(t('exchange.saved'));
  };
  const level = item.subscription;
  const subscribe = (next: SubscriptionLevel) =>
    actions.subscribe.mutate(next, { onSuccess: saved, onError: failed });

  const items: MenuProps['items'] = [
    level === 'follow'
      ? { key: 'unfollow', label: t('exchange.unfollow') }
      : { key: 'follow', label: t('exchange.follow') },
    level === 'mute'
      ? { key: 'unmute', label: t('exchange.unmute') }
      : { key: 'mute', label: t('exchange.mute') },
    ...(may.post
      ? [
          {
            key: 'resolve',
            label: (
              <span data-testid="topic-resolve">
                {item.topic.resolved ? t('exchange.markUnresolved') : t('exchange.markResolved')}
              </span>
            ),
          },
        ]
      : []),
    ...(may.rename
      ? [
          { key: 'rename', label: t('exchange.rename') },
          { key: 'tags', label: t('exchange.editTags') },
        ]
      : []),
    ...(may.move ? [{ key: 'move', label: t('exchange.move') }] : []),
  ];

  const onClick = (key: string) => {
    if (key === 'follow') subscribe('follow');
    else if (key === 'mute') subscribe('mute');
    else if (key === 'unfollow' || key === 'unmute') subscribe('default');
    else if (key === 'resolve')
      actions.update.mutate(
        { resolved: !item.topic.resolved },
        { onSuccess: saved, onError: failed },
      );
    else if (key === 'rename') {
      setTitle(item.topic.title);
      setDialog('rename');
    } else if (key === 'tags') {
      setTagIds(item.topic.tags.map((tag) => tag.id));
      setDialog('tags');
    } else if (key === 'move') setDialog('move');
  };

  const moveTargets = (spaces.data?.items ?? []).filter(
    (s) => s.id !== space.space.id && !s.readOnly && s.kind !== 'dm',
  );

  return (
    <>
      <Dropdown trigger={['click']} menu={{ items, onClick: ({ key }) => onClick(key) }}>
        <Button
          type="text"
          icon={<EllipsisOutlined />}
          aria-label={t('exchange.topicActions')}
          data-testid="topic-menu"
        />
      </Dropdown>
      <Modal
        open={dialog === 'rename'}
        title={t('exchange.renameTopic')}
        onCancel={() => setDialog(null)}
        okButtonProps={{ disabled: title.trim() === '', loading: actions.update.isPending }}
        onOk={() =>
          actions.update.mutate({ title: title.trim() }, { onSuccess: saved, onError: failed })
        }
        destroyOnHidden
      >
        <Input value={title} maxLength={80} onChange={(e) => setTitle(e.target.value)} />
      </Modal>
      <Modal
        open={dialog === 'tags'}
        title={t('exchange.editTags')}
        onCancel={() => setDialog(null)}
        okButtonProps={{ loading: actions.update.isPending }}
        onOk={() => actions.update.mutate({ tagIds }, { onSuccess: saved, onError: failed })}
        destroyOnHidden
      >
        <Select
          mode="multiple"
          style={{ width: '100%' }}
          value={tagIds}
          onChange={setTagIds}
          maxCount={5}
          options={(tags.data?.items ?? []).map((tag) => ({ value: tag.id, label: tag.name }))}
        />
      </Modal>
      <Modal
        open={dialog === 'move'}
        title={t('exchange.moveTopic')}
        onCancel={() => setDialog(null)}
        okButtonProps={{ disabled: target === null, loading: actions.move.isPending }}
        onOk={() =>
          target &&
          actions.move.mutate(
            { spaceId: target },
            {
              onSuccess: () => {
                saved();
                void navigate(`/exchange/${target}/${topicId}`);
              },
              onError: failed,
            },
          )
        }
        destroyOnHidden
      >
        <Select
          style={{ width: '100%' }}
          placeholder={t('exchange.moveTarget')}
          value={target}
          onChange={setTarget}
          options={moveTargets.map((s) => ({ value: s.id, label: s.name }))}
        />
      </Modal>
    </>
  );
}

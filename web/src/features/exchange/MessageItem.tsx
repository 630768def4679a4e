import { memo, useState } from 'react';
import { App, Button, Dropdown, Popover, Tooltip, Typography, type MenuProps } from 'antd';
import {
  EditOutlined,
  EllipsisOutlined,
  PushpinFilled,
  PushpinOutlined,
  RollbackOutlined,
  SmileOutlined,
  UndoOutlined,
  HistoryOutlined,
} from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import {
  REACTION_EMOJI,
  WITHDRAW_WINDOW_MINUTES,
  type Message,
  type ReactionEmoji,
  type SpaceMember,
} from '@tongxin/contract';
import { currentLocale } from '../../i18n/index.ts';
import { useIsMobile } from '../../app/use-is-mobile.ts';
import { errorMessage } from './errors.ts';
import { MentionInput } from './MentionInput.tsx';
import { fullTime, messageTime } from './time.ts';
import { useMessageActions } from './use-exchange.ts';

export interface MessageRights {
  me: string;
  /** Officers of the space: withdraw anyone's message at any time, @全体. */
  moderate: boolean;
  pin: boolean;
  post: boolean;
}

const mayWithdraw = (message: Message, rights: MessageRights, now: number): boolean =>
  !message.withdrawn &&
  (rights.moderate ||
    (message.authorId === rights.me &&
      now - Date.parse(message.createdAt) < WITHDRAW_WINDOW_MINUTES * 60_000));

/**
 * One message: author, time, reply quote, the server's sanitised HTML, attachments,
 * reactions and the actions this reader may take.
 */
export const MessageItem = memo(function MessageItem({
  message,
  rights,
  members,
  onReply,
  onShowHistory,
  onJumpTo,
  renderAttachments,
}: {
  message: Message;
  rights: MessageRights;
  members: readonly SpaceMember[];
  onReply: (message: Message) => void;
  onShowHistory: (message: Message) => void;
  onJumpTo: (messageId: number) => void;
  renderAttachments: (message: Message) => React.ReactNode;
}) {
  const { t } = useTranslation();
  const { message: toast, modal } = App.useApp();
  const isMobile = useIsMobile();
  const actions = useMessageActions();
  const [editing, setEditing] = useState<string | null>(null);
  const [picking, setPicking] = useState(false);
  const locale = currentLocale();
  const own = message.authorId === rights.me;
  const failed = (error: unknown) => void toast.error(errorMessage(t, error));

  const react = (emoji: ReactionEmoji) => {
    setPicking(false);
    actions.react.mutate({ message, emoji, me: rights.me }, { onError: failed });
  };

  const menu: MenuProps['items'] = [
    ...(rights.post
      ? [{ key: 'reply', icon: <RollbackOutlined />, label: t('exchange.reply') }]
      : []),
    ...(own && !message.withdrawn
      ? [{ key: 'edit', icon: <EditOutlined />, label: t('exchange.edit') }]
      : []),
    ...(rights.pin && !message.withdrawn
      ? [
          {
            key: 'pin',
            icon: message.pinned ? <PushpinFilled /> : <PushpinOutlined />,
            label: message.pinned ? t('exchange.unpin') : t('exchange.pin'),
          },
        ]
      : []),
    ...(message.editedAt
      ? [{ key: 'history', icon: <HistoryOutlined />, label: t('exchange.history') }]
      : []),
    ...(mayWithdraw(message, rights, Date.now())
      ? [
          {
            key: 'withdraw',
            icon: <UndoOutlined />,
            danger: true,
            label: <span data-testid="message-withdraw">{t('exchange.withdraw')}</span>,
          },
        ]
      : []),
  ];

  const onMenu = (key: string) => {
    if (key === 'reply') onReply(message);
    else if (key === 'edit') setEditing(message.source);
    else if (key === 'pin')
      actions.pin.mutate({ id: message.id, pinned: !message.pinned }, { onError: failed });
    else if (key === 'history') onShowHistory(message);
    else if (key === 'withdraw')
      modal.confirm({
        title: t('exchange.confirmWithdraw'),
        okText: t('exchange.withdraw'),
        okButtonProps: { danger: true, 'data-testid': 'withdraw-confirm' },
        onOk: () => actions.withdraw.mutateAsync(message.id).catch(failed),
      });
  };

  const picker = (
    <div className="tx-reaction-picker" data-testid="reaction-picker">
      {REACTION_EMOJI.map((emoji) => (
        <Button key={emoji} type="text" onClick={() => react(emoji)} data-testid={`react-${emoji}`}>
          {emoji}
        </Button>
      ))}
    </div>
  );

  return (
    <article
      className={`tx-message${own ? ' tx-message-own' : ''}`}
      data-testid="message"
      data-message-id={message.id}
      id={`message-${message.id}`}
    >
      <header className="tx-message-head">
        <span className="tx-message-author" data-testid="message-author">
          {message.authorName}
        </span>
        <Tooltip title={fullTime(message.createdAt, locale)}>
          <time className="tx-muted" dateTime={message.createdAt}>
            {messageTime(message.createdAt, locale)}
          </time>
        </Tooltip>
        {message.editedAt && !message.withdrawn && (
          <button
            type="button"
            className="tx-message-edited"
            data-testid="message-edited"
            onClick={() => onShowHistory(message)}
          >
            ({t('exchange.edited')})
          </button>
        )}
        {message.pinned && (
          <PushpinFilled className="tx-message-pin" aria-label={t('exchange.pinned')} />
        )}
        <span className="tx-message-actions">
          {!message.withdrawn && rights.post && (
            <Popover
              content={picker}
              trigger="click"
              open={picking}
              onOpenChange={setPicking}
              placement="topRight"
            >
              <Button
                type="text"
                size="small"
                icon={<SmileOutlined />}
                aria-label={t('exchange.react')}
                data-testid="message-react"
              />
            </Popover>
          )}
          {menu.length > 0 && (
            <Dropdown
              trigger={['click']}
              menu={{ items: menu, onClick: ({ key }) => onMenu(key) }}
              placement="bottomRight"
            >
              <Button
                type="text"
                size="small"
                icon={<EllipsisOutlined />}
                aria-label={t('exchange.more')}
                data-testid="message-more"
                className={isMobile ? 'tx-message-more-visible' : undefined}
              />
            </Dropdown>
          )}
        </span>
      </header>
      {message.replyTo && (
        <button
          type="button"
          className="tx-message-quote"
          data-testid="message-quote"
          onClick={() => message.replyTo && onJumpTo(message.replyTo.id)}
        >
          <span className="tx-message-quote-author">{message.replyTo.authorName}</span>
          <span className="tx-message-quote-text">
            {message.replyTo.withdrawn ? t('exchange.originalGone') : message.replyTo.excerpt}
          </span>
        </button>
      )}
      {message.withdrawn ? (
        <Typography.Text type="secondary" italic data-testid="message-withdrawn">
          {t('exchange.withdrawn')}
        </Typography.Text>
      ) : editing !== null ? (
        <div className="tx-message-editor">
          <MentionInput
            value={editing}
            onChange={setEditing}
            members={members}
            mentionAll={rights.moderate}
            autoFocus
            testId="message-edit-input"
          />
          <div className="tx-message-editor-actions">
            <Button size="small" onClick={() => setEditing(null)}>
              {t('common.cancel')}
            </Button>
            <Button
              size="small"
              type="primary"
              loading={actions.edit.isPending}
              disabled={editing.trim() === ''}
              data-testid="message-edit-save"
              onClick={() =>
                actions.edit.mutate(
                  { id: message.id, body: editing },
                  { onSuccess: () => setEditing(null), onError: failed },
                )
              }
            >
              {t('exchange.editSave')}
            </Button>
          </div>
        </div>
      ) : (
        <div
          className="tx-message-body"
          data-testid="message-body"
          // The only raw HTML in the app: rendered and sanitised by the server's Markdown
          // renderer (docs/messages-markdown.md), never built here.
          dangerouslySetInnerHTML={{ __html: message.html }}
        />
      )}
      {!message.withdrawn && renderAttachments(message)}
      {message.reactions.length > 0 && !message.withdrawn && (
        <div className="tx-reactions" data-testid="reactions">
          {message.reactions.map((r) => {
            const mine = r.accountIds.includes(rights.me);
            return (
              <Button
                key={r.emoji}
                size="small"
                shape="round"
                type={mine ? 'primary' : 'default'}
                ghost={mine}
                aria-pressed={mine}
                data-testid="reaction"
                data-emoji={r.emoji}
                disabled={!rights.post}
                onClick={() => react(r.emoji)}
              >
                {r.emoji} {r.count}
              </Button>
            );
          })}
        </div>
      )}
    </article>
  );
});

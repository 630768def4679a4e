import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { App, Button, Tooltip } from 'antd';
import { CloseOutlined, SendOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { type Message, type SpaceMember } from '@tongxin/contract';
import { AttachmentButton, AttachmentDrafts, useAttachmentUploads } from '../files/index.ts';
import { useIsMobile } from '../../app/use-is-mobile.ts';
import { clearDraft, loadDraft, saveDraft, type DraftPlace } from './drafts.ts';
import { errorMessage } from './errors.ts';
import { MentionInput } from './MentionInput.tsx';
import { isSendKey } from './keys.ts';
import { usePostMessage } from './use-exchange.ts';

/** Typing notices go out at most this often while the text keeps changing. */
export const TYPING_EVERY_MS = 3000;
/** The contract's limit on attachments per message (AttachmentIds). */
const MAX_ATTACHMENTS = 10;
/** Drafts are written this long after the last keystroke. */
const DRAFT_DELAY_MS = 400;

/**
 * The message box under a topic: Markdown with @mentions, a reply chip, attachments, a draft
 * kept per topic, Enter to send (a phone's Enter is a new line; the button sends).
 */
export function Composer({
  place,
  topicId,
  members,
  mentionAll,
  replyTo,
  onClearReply,
  onTyping,
}: {
  place: DraftPlace;
  topicId: string;
  members: readonly SpaceMember[];
  mentionAll: boolean;
  replyTo: Message | null;
  onClearReply: () => void;
  onTyping?: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const isMobile = useIsMobile();
  const post = usePostMessage(topicId);
  const uploads = useAttachmentUploads({ maxFiles: MAX_ATTACHMENTS });
  const [text, setText] = useState(() => loadDraft(place)?.text ?? '');
  const lastTyping = useRef(0);
  const draftTimer = useRef<number | null>(null);
  const replyToId = replyTo?.id ?? null;

  // Keep the draft (text and reply) a moment after each change.
  useEffect(() => {
    if (draftTimer.current !== null) window.clearTimeout(draftTimer.current);
    draftTimer.current = window.setTimeout(
      () => saveDraft(place, { text, replyToId: replyToId === null ? null : String(replyToId) }),
      DRAFT_DELAY_MS,
    );
    return () => {
      if (draftTimer.current !== null) window.clearTimeout(draftTimer.current);
    };
  }, [place, text, replyToId]);

  const change = (next: string) => {
    setText(next);
    const now = Date.now();
    if (next.trim() !== '' && now - lastTyping.current > TYPING_EVERY_MS) {
      lastTyping.current = now;
      onTyping?.();
    }
  };

  const hasFiles = uploads.fileIds.length > 0;
  const ready = (text.trim() !== '' || hasFiles) && !post.isPending && !uploads.uploading;
  const send = () => {
    if (!ready) return;
    const body = text;
    post.mutate(
      {
        body,
        ...(replyToId !== null ? { replyToId } : {}),
        ...(hasFiles ? { attachmentIds: uploads.fileIds } : {}),
      },
      {
        onSuccess: () => {
          clearDraft(place);
          lastTyping.current = 0;
          // Only clear what was sent: the reader may have typed on meanwhile.
          setText((current) => (current === body ? '' : current));
          onClearReply();
          uploads.reset();
        },
        onError: (error) =>
          void message.error(t('exchange.sendFailed', { message: errorMessage(t, error) })),
      },
    );
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    // The mention list takes Enter to pick a name and marks the event handled.
    if (event.nativeEvent.defaultPrevented) return;
    if (isSendKey({ ...event, isComposing: event.nativeEvent.isComposing }, isMobile)) {
      event.preventDefault();
      send();
    }
  };

  return (
    <div className="tx-composer" data-testid="composer">
      {replyTo && (
        <div className="tx-composer-reply" data-testid="reply-chip">
          <span className="tx-composer-reply-text">
            {t('exchange.replyingTo', { name: replyTo.authorName })}
            {!replyTo.withdrawn && <span className="tx-muted"> {replyTo.source.slice(0, 80)}</span>}
          </span>
          <Button
            type="text"
            size="small"
            icon={<CloseOutlined />}
            aria-label={t('exchange.cancelReply')}
            onClick={onClearReply}
          />
        </div>
      )}
      <AttachmentDrafts uploads={uploads} />
      <div className="tx-composer-row" onKeyDown={onKeyDown}>
        <AttachmentButton uploads={uploads} />
        <div className="tx-composer-input">
          <MentionInput
            value={text}
            onChange={change}
            members={members}
            mentionAll={mentionAll}
            placeholder={
              isMobile ? t('exchange.composerPlaceholderMobile') : t('exchange.composerPlaceholder')
            }
            testId="composer-input"
          />
        </div>
        <Tooltip title={isMobile ? undefined : t('exchange.sendHintEnter')}>
          <Button
            type="primary"
            icon={<SendOutlined />}
            loading={post.isPending}
            disabled={!ready}
            onClick={send}
            aria-label={t('exchange.send')}
            data-testid="composer-send"
          >
            {isMobile ? null : t('exchange.send')}
          </Button>
        </Tooltip>
      </div>
    </div>
  );
}

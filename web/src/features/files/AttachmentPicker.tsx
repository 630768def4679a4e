import type { ReactNode } from 'react';
import { Button, Progress, Tooltip, Typography, Upload } from 'antd';
import {
  CloseOutlined,
  ExclamationCircleOutlined,
  LoadingOutlined,
  PaperClipOutlined,
} from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { UPLOAD_ACCEPT } from '@tongxin/contract';
import { formatBytes, type AttachmentDraft } from './attachments.ts';
import { DocumentIcon } from './DocumentIcon.tsx';
import { fileErrorMessage } from './file-errors.ts';
import type { AttachmentUploads } from './use-attachment-uploads.ts';
import './files.css';

/**
 * The composer's paperclip: opens the file picker (several at once; on phones the camera and
 * gallery too) and hands the files to the uploads. Pass children for another trigger.
 */
export function AttachmentButton({
  uploads,
  disabled,
  children,
}: {
  uploads: AttachmentUploads;
  disabled?: boolean;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const full = uploads.remaining === 0;
  return (
    <Upload
      multiple
      accept={UPLOAD_ACCEPT}
      showUploadList={false}
      disabled={disabled || full}
      beforeUpload={(file) => {
        uploads.add([file]);
        // Nothing for antd to send or list: the uploads hook does both.
        return Upload.LIST_IGNORE;
      }}
    >
      {children ?? (
        <Tooltip title={t('files.attachHint')}>
          <Button
            type="text"
            icon={<PaperClipOutlined />}
            aria-label={t('files.attach')}
            disabled={disabled || full}
            data-testid="attach-button"
          />
        </Tooltip>
      )}
    </Upload>
  );
}

/**
 * What the composer is about to send: images as small tiles (a local preview while uploading,
 * then the server's thumbnail), documents as chips, each with its progress or its refusal and
 * a remove button. Renders nothing when there are no attachments.
 */
export function AttachmentDrafts({ uploads }: { uploads: AttachmentUploads }) {
  if (uploads.drafts.length === 0) return null;
  return (
    <div className="tx-attachment-drafts" data-testid="attachment-drafts">
      {uploads.drafts.map((draft) => (
        <DraftItem key={draft.uid} draft={draft} onRemove={() => uploads.remove(draft.uid)} />
      ))}
    </div>
  );
}

function DraftItem({ draft, onRemove }: { draft: AttachmentDraft; onRemove: () => void }) {
  // Its own hook: a `t` passed as a prop makes TypeScript expand every key and give up.
  const { t } = useTranslation();
  const failed = draft.status === 'error';
  const removeButton = (
    <Button
      size="small"
      type="text"
      className="tx-attachment-remove"
      icon={<CloseOutlined />}
      aria-label={`${t('files.remove')} ${draft.name}`}
      onClick={onRemove}
    />
  );
  const thumb = draft.file?.thumbnailUrl ?? draft.previewUrl;
  const asImage = !failed && (draft.file ? draft.file.kind === 'image' : draft.looksLikeImage);
  if (asImage && thumb) {
    return (
      <div className="tx-attachment-tile" data-testid="attachment-draft" data-status={draft.status}>
        <img src={thumb} alt={t('files.imageAlt', { name: draft.name })} />
        {draft.status === 'uploading' && (
          <div className="tx-attachment-tile-progress">
            <Progress type="circle" size={36} percent={draft.percent} />
          </div>
        )}
        {removeButton}
      </div>
    );
  }
  return (
    <div
      className={`tx-attachment-chip${failed ? ' tx-attachment-chip-error' : ''}`}
      data-testid="attachment-draft"
      data-status={draft.status}
    >
      <span className="tx-attachment-chip-icon">
        {failed ? (
          <ExclamationCircleOutlined />
        ) : draft.status === 'uploading' ? (
          <LoadingOutlined />
        ) : (
          <DocumentIcon mime={draft.file?.mime ?? ''} />
        )}
      </span>
      <span className="tx-attachment-chip-body">
        <Typography.Text ellipsis={{ tooltip: draft.name }} className="tx-attachment-chip-name">
          {draft.name}
        </Typography.Text>
        {failed ? (
          <Typography.Text type="danger" className="tx-attachment-chip-meta" role="alert">
            {fileErrorMessage(t, draft.error)}
          </Typography.Text>
        ) : draft.status === 'uploading' ? (
          <Progress percent={draft.percent} size="small" showInfo={false} />
        ) : (
          <Typography.Text type="secondary" className="tx-attachment-chip-meta">
            {formatBytes(draft.file?.size ?? draft.size)}
          </Typography.Text>
        )}
      </span>
      {removeButton}
    </div>
  );
}

/** The button and the drafts together, for a composer that wants them in one place. */
export function AttachmentPicker({
  uploads,
  disabled,
}: {
  uploads: AttachmentUploads;
  disabled?: boolean;
}) {
  return (
    <div className="tx-attachment-picker">
      <AttachmentDrafts uploads={uploads} />
      <AttachmentButton uploads={uploads} {...(disabled !== undefined ? { disabled } : {})} />
    </div>
  );
}

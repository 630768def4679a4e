import { Image, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { FileRef } from '@tongxin/contract';
import { formatBytes, splitByKind } from './attachments.ts';
import { DocumentIcon } from './DocumentIcon.tsx';
import './files.css';

/**
 * The files of a sent message (or a notice): images as a grid of thumbnails that open a
 * full-size preview (swipe between them on phones), documents as download links with their
 * size. The server serves documents as downloads, so nothing opens in the page itself.
 */
export function AttachmentList({ files }: { files: readonly FileRef[] }) {
  const { t } = useTranslation();
  if (files.length === 0) return null;
  const { images, documents } = splitByKind(files);
  return (
    <div className="tx-attachment-list" data-testid="attachment-list">
      {images.length > 0 && (
        <div
          className={`tx-attachment-grid${images.length === 1 ? ' tx-attachment-grid-single' : ''}`}
        >
          <Image.PreviewGroup>
            {images.map((file) => (
              <Image
                key={file.id}
                src={file.thumbnailUrl ?? file.url}
                preview={{ src: file.url }}
                alt={t('files.imageAlt', { name: file.name })}
                {...(images.length === 1 && file.width && file.height
                  ? { width: Math.min(320, file.width) }
                  : {})}
                data-testid="attachment-image"
              />
            ))}
          </Image.PreviewGroup>
        </div>
      )}
      {documents.map((file) => (
        <a
          key={file.id}
          className="tx-attachment-chip tx-attachment-link"
          href={file.url}
          download={file.name}
          data-testid="attachment-document"
        >
          <span className="tx-attachment-chip-icon">
            <DocumentIcon mime={file.mime} />
          </span>
          <span className="tx-attachment-chip-body">
            <Typography.Text ellipsis={{ tooltip: file.name }} className="tx-attachment-chip-name">
              {file.name}
            </Typography.Text>
            <Typography.Text type="secondary" className="tx-attachment-chip-meta">
              {formatBytes(file.size)}
            </Typography.Text>
          </span>
          <DownloadOutlined aria-label={t('files.download')} />
        </a>
      ))}
    </div>
  );
}

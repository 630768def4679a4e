import { PaperClipOutlined } from '@ant-design/icons';
import type { Message } from '@tongxin/contract';
import { API_BASE } from '../../api/client.ts';

const size = (bytes: number): string =>
  bytes < 1024
    ? `${bytes} B`
    : bytes < 1024 * 1024
      ? `${(bytes / 1024).toFixed(0)} KB`
      : `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/**
 * A message's attached files as download links. The server serves them with
 * Content-Disposition and nosniff, only to readers of the message's space.
 */
export function MessageAttachments({ message }: { message: Message }) {
  if (message.attachments.length === 0) return null;
  return (
    <ul className="tx-attachments" data-testid="message-attachments">
      {message.attachments.map((file) => (
        <li key={file.id}>
          <a href={`${API_BASE}/files/${encodeURIComponent(file.id)}`} download={file.name}>
            <PaperClipOutlined /> {file.name}
          </a>{' '}
          <span className="tx-muted">{size(file.size)}</span>
        </li>
      ))}
    </ul>
  );
}

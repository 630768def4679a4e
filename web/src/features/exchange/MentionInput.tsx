import { Mentions } from 'antd';
import type { KeyboardEvent, Ref } from 'react';
import type { MentionsRef } from 'antd/es/mentions';
import { useTranslation } from 'react-i18next';
import type { SpaceMember } from '@tongxin/contract';

/** The server's handle for everyone (docs/messages-markdown.md). */
export const MENTION_ALL = '全体';

/**
 * A Markdown text area where `@` offers the space's members (and 全体 to those allowed);
 * picking one writes `@显示名 `, which the server resolves within the space.
 */
export function MentionInput({
  value,
  onChange,
  members,
  mentionAll,
  placeholder,
  onKeyDown,
  autoFocus,
  inputRef,
  testId,
  minRows = 1,
}: {
  value: string;
  onChange: (text: string) => void;
  members: readonly SpaceMember[];
  mentionAll: boolean;
  placeholder?: string;
  onKeyDown?: (event: KeyboardEvent<HTMLTextAreaElement>) => void;
  autoFocus?: boolean;
  inputRef?: Ref<MentionsRef>;
  testId?: string;
  minRows?: number;
}) {
  const { t } = useTranslation();
  const options = [
    ...(mentionAll
      ? [
          {
            key: 'all',
            value: MENTION_ALL,
            label: (
              <span data-testid="mention-all-option">
                @{MENTION_ALL} <span className="tx-muted">{t('exchange.mentionAllHint')}</span>
              </span>
            ),
          },
        ]
      : []),
    ...members.map((m) => ({
      key: m.accountId,
      value: m.displayName,
      label: (
        <span>
          {m.displayName}
          {m.branchName && <span className="tx-muted"> {m.branchName}</span>}
        </span>
      ),
    })),
  ];
  return (
    <div data-testid={testId} className="tx-mention-input">
      <Mentions
        ref={inputRef}
        value={value}
        onChange={onChange}
        options={options}
        filterOption={(input, option) =>
          String(option.value ?? '')
            .toLowerCase()
            .includes(input.toLowerCase())
        }
        placement="top"
        // Not antd's autoSize: it measures with a style attribute, which the CSP refuses.
        // CSS grows the box with its content instead (field-sizing), up to a third of the screen.
        rows={minRows}
        placeholder={placeholder}
        onKeyDown={onKeyDown}
        autoFocus={autoFocus}
        maxLength={20_000}
      />
    </div>
  );
}

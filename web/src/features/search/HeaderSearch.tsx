import { useEffect, useState, type ReactNode } from 'react';
import { AutoComplete, Button, Input } from 'antd';
import { SearchOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useSuggestions } from './use-search.ts';
import { searchPath } from './search-params.ts';
import './search.css';

interface Suggestion {
  value: string;
  label: ReactNode;
  /** Where choosing it goes. */
  go: string;
}

/** How long typing pauses before suggestions are asked for. */
const PAUSE_MS = 200;

/**
 * The global search box in the header: Enter searches everything; as you type it suggests
 * people (their records), spaces and topics. On a phone it is a button to the search page.
 */
export function HeaderSearch({ compact }: { compact: boolean }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [text, setText] = useState('');
  const [asked, setAsked] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setAsked(text.trim()), PAUSE_MS);
    return () => clearTimeout(timer);
  }, [text]);
  const suggestions = useSuggestions(asked);

  if (compact) {
    return (
      <Button
        type="text"
        className="tx-header-button"
        icon={<SearchOutlined />}
        aria-label={t('search.open')}
        data-testid="header-search-open"
        onClick={() => void navigate('/search')}
      />
    );
  }

  const data = asked ? suggestions.data : undefined;
  const options: { label: string; options: Suggestion[] }[] = [
    ...(data && data.members.length > 0
      ? [
          {
            label: t('search.suggestMembers'),
            options: data.members.map((m) => ({
              value: `member:${m.accountId}`,
              label: (
                <span>
                  {m.displayName}
                  {m.branchName && <span className="tx-muted"> · {m.branchName}</span>}
                </span>
              ),
              go: searchPath({ authorId: m.accountId, authorName: m.displayName }),
            })),
          },
        ]
      : []),
    ...(data && data.spaces.length > 0
      ? [
          {
            label: t('search.suggestSpaces'),
            options: data.spaces.map((s) => ({
              value: `space:${s.id}`,
              label: s.name,
              go: s.link,
            })),
          },
        ]
      : []),
    ...(data && data.topics.length > 0
      ? [
          {
            label: t('search.suggestTopics'),
            options: data.topics.map((topic) => ({
              value: `topic:${topic.id}`,
              // Escaped by the server, matches in <mark>.
              label: <span dangerouslySetInnerHTML={{ __html: topic.titleHtml }} />,
              go: topic.link,
            })),
          },
        ]
      : []),
  ];

  const submit = (value: string) => {
    const q = value.trim();
    if (q) void navigate(searchPath({ q }));
  };

  return (
    <AutoComplete
      className="tx-header-search"
      options={options}
      value={text}
      onChange={(v: string) => setText(v)}
      onSelect={(value: string) => {
        const go = options.flatMap((group) => group.options).find((o) => o.value === value)?.go;
        setText('');
        if (go) void navigate(go);
      }}
      popupMatchSelectWidth={320}
    >
      <Input.Search
        placeholder={t('search.placeholder')}
        aria-label={t('search.placeholder')}
        data-testid="header-search"
        maxLength={100}
        onSearch={submit}
        allowClear
      />
    </AutoComplete>
  );
}

import { useMemo, useState } from 'react';
import { Alert, Card, Empty, Input, List, Select, Space, Tabs, Tag, Typography } from 'antd';
import { SearchOutlined } from '@ant-design/icons';
import { useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { SEARCH_KINDS, type SearchHit, type SearchKind } from '@tongxin/contract';
import { errorMessage } from '../../i18n/error-message.ts';
import { useCurrentOrg } from '../../app/current-org.tsx';
import { useIsMobile } from '../../app/use-is-mobile.ts';
import { useSpaces, useTags } from '../exchange/use-exchange.ts';
import { formatTime } from '../notices/NoticeMeta.tsx';
import {
  WITHIN_DAYS,
  readSearchState,
  searchPath,
  toQuery,
  type SearchState,
} from './search-params.ts';
import { useSearch } from './use-search.ts';
import './search.css';

const PAGE = 20;
const KIND_COLOURS: Record<SearchKind, string> = {
  message: 'blue',
  topic: 'geekblue',
  notice: 'red',
  activity: 'green',
  rectification: 'orange',
};

/** 搜索: everything the member may open, with filters; the URL holds the whole search. */
export function SearchPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const isMobile = useIsMobile();
  const [params] = useSearchParams();
  const state = readSearchState(params);
  const [text, setText] = useState(state.q ?? '');
  const [now] = useState(() => new Date());
  // Keyed by the URL text: the same search is the same query object (and the same cache entry).
  const key = params.toString();
  const query = useMemo(
    () => toQuery(readSearchState(new URLSearchParams(key)), PAGE, now),
    [key, now],
  );
  const results = useSearch(query);
  const spaces = useSpaces();
  const tags = useTags();
  const { current } = useCurrentOrg();

  /** Changes the search; any change but the page goes back to page 1. */
  const update = (change: Partial<SearchState>) => {
    // searchPath drops undefined values, so clearing a filter is setting it to undefined.
    const next: SearchState = { ...state, ...change };
    void navigate(searchPath('page' in change ? next : { ...next, page: undefined }));
  };

  const counts = results.data?.counts;
  const all = counts ? SEARCH_KINDS.reduce((n, k) => n + counts[k], 0) : undefined;
  const label = (text: string, n: number | undefined) => (n === undefined ? text : `${text} ${n}`);
  const searching = Boolean(state.q || state.authorId || state.spaceId || state.tagId);

  return (
    <Card
      className="tx-search"
      title={
        <Space>
          <SearchOutlined />
          {t('search.title')}
        </Space>
      }
    >
      <Input.Search
        value={text}
        onChange={(e) => setText(e.target.value)}
        onSearch={(v) => update({ q: v.trim() || undefined })}
        placeholder={t('search.placeholder')}
        aria-label={t('search.placeholder')}
        data-testid="search-input"
        maxLength={100}
        enterButton={t('search.submit')}
        allowClear
        autoFocus={!state.q}
      />
      <div className="tx-search-filters">
        {state.authorId && (
          <Tag
            closable
            color="red"
            onClose={() => update({ authorId: undefined, authorName: undefined })}
            data-testid="search-author"
          >
            {t('search.byAuthor', { name: state.authorName ?? '' })}
          </Tag>
        )}
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          className="tx-search-filter"
          placeholder={t('search.anySpace')}
          aria-label={t('search.space')}
          value={state.spaceId}
          onChange={(v?: string) => update({ spaceId: v })}
          options={(spaces.data?.items ?? []).map((s) => ({ value: s.id, label: s.name }))}
        />
        <Select
          allowClear
          className="tx-search-filter"
          placeholder={t('search.anyTag')}
          aria-label={t('search.tag')}
          value={state.tagId}
          onChange={(v?: string) => update({ tagId: v })}
          options={(tags.data?.items ?? []).map((tag) => ({ value: tag.id, label: tag.name }))}
        />
        <Select
          allowClear
          className="tx-search-filter"
          placeholder={t('search.anyTime')}
          aria-label={t('search.time')}
          value={state.within}
          onChange={(v?: number) => update({ within: v })}
          options={WITHIN_DAYS.map((d) => ({
            value: d,
            label: t('search.withinDays', { count: d }),
          }))}
        />
        {current && (
          <Select
            className="tx-search-filter"
            aria-label={t('search.organisation')}
            value={state.orgId === current.id ? 'current' : 'all'}
            onChange={(v: string) => update({ orgId: v === 'current' ? current.id : undefined })}
            options={[
              { value: 'all', label: t('search.allOrgs') },
              { value: 'current', label: t('search.currentOrg', { name: current.name }) },
            ]}
          />
        )}
        <Select
          className="tx-search-filter"
          aria-label={t('search.sort')}
          value={state.sort ?? 'relevance'}
          onChange={(v: 'relevance' | 'newest') =>
            update({ sort: v === 'relevance' ? undefined : v })
          }
          options={[
            { value: 'relevance', label: t('search.byRelevance') },
            { value: 'newest', label: t('search.byNewest') },
          ]}
        />
      </div>
      {searching && (
        <Tabs
          size={isMobile ? 'small' : 'middle'}
          activeKey={state.kind ?? 'all'}
          onChange={(k) => update({ kind: k === 'all' ? undefined : (k as SearchKind) })}
          items={[
            { key: 'all', label: label(t('search.kinds.all'), all) },
            { key: 'message', label: label(t('search.kinds.message'), counts?.message) },
            { key: 'topic', label: label(t('search.kinds.topic'), counts?.topic) },
            { key: 'notice', label: label(t('search.kinds.notice'), counts?.notice) },
            { key: 'activity', label: label(t('search.kinds.activity'), counts?.activity) },
            {
              key: 'rectification',
              label: label(t('search.kinds.rectification'), counts?.rectification),
            },
          ]}
        />
      )}
      {results.isError && <Alert type="error" showIcon title={errorMessage(t, results.error)} />}
      {searching ? (
        <List
          loading={results.isFetching}
          dataSource={results.data?.items ?? []}
          locale={{ emptyText: <Empty description={t('search.none')} /> }}
          data-testid="search-results"
          pagination={
            (results.data?.total ?? 0) > PAGE
              ? {
                  current: state.page ?? 1,
                  pageSize: PAGE,
                  total: Math.min(results.data?.total ?? 0, 1000),
                  onChange: (page) => update({ page: page > 1 ? page : undefined }),
                  size: 'small',
                  showSizeChanger: false,
                }
              : false
          }
          renderItem={(hit) => <Hit hit={hit} onOpen={() => void navigate(hit.link)} />}
        />
      ) : (
        <Typography.Paragraph type="secondary" className="tx-search-hint">
          {t('search.hint')}
        </Typography.Paragraph>
      )}
    </Card>
  );
}

function Hit({ hit, onOpen }: { hit: SearchHit; onOpen: () => void }) {
  const { t } = useTranslation();
  const where = hit.spaceName ?? hit.orgName;
  return (
    <List.Item className="tx-search-hit" onClick={onOpen} data-testid="search-hit">
      <div className="tx-search-hit-head">
        <Tag color={KIND_COLOURS[hit.kind]}>{t(`search.kinds.${hit.kind}`)}</Tag>
        {hit.titleHtml ? (
          // Escaped by the server; only <mark> is markup.
          <a className="tx-search-title" dangerouslySetInnerHTML={{ __html: hit.titleHtml }} />
        ) : (
          <a className="tx-search-title">{hit.context}</a>
        )}
      </div>
      {hit.snippetHtml && (
        <div className="tx-search-snippet" dangerouslySetInnerHTML={{ __html: hit.snippetHtml }} />
      )}
      <div className="tx-muted">
        {[where, hit.authorName, formatTime(hit.at)].filter(Boolean).join(' · ')}
      </div>
    </List.Item>
  );
}

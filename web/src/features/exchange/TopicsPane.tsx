import { useState } from 'react';
import { Alert, App, Badge, Button, Dropdown, Empty, Spin, Tag, Tooltip } from 'antd';
import {
  BellOutlined,
  CheckCircleFilled,
  EllipsisOutlined,
  EyeInvisibleOutlined,
  PlusOutlined,
} from '@ant-design/icons';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { TopicListItem } from '@tongxin/contract';
import { currentLocale } from '../../i18n/index.ts';
import { errorMessage } from './errors.ts';
import { PaneHeader } from './ExchangeLayout.tsx';
import { NewTopicModal } from './NewTopicModal.tsx';
import { messageTime } from './time.ts';
import { useMarkSpaceRead, useSpace, useTags, useTopics } from './use-exchange.ts';

/** A space's topics, latest activity first, filterable by category tag. */
export function TopicsPane({ spaceId, topicId }: { spaceId: string; topicId: string | undefined }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [tagId, setTagId] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const space = useSpace(spaceId);
  const tags = useTags();
  const topics = useTopics(spaceId, tagId);
  const markRead = useMarkSpaceRead(spaceId);
  const mayPost = space.data?.may.post ?? false;

  return (
    <>
      <PaneHeader
        title={space.data?.space.name ?? ''}
        testId="topics-space-name"
        onBack={() => void navigate('/exchange')}
        extra={
          <>
            {mayPost && (
              <Button
                type="primary"
                size="small"
                icon={<PlusOutlined />}
                data-testid="topic-new"
                onClick={() => setCreating(true)}
              >
                {t('exchange.newTopic')}
              </Button>
            )}
            <Dropdown
              trigger={['click']}
              menu={{
                items: [{ key: 'read', label: t('exchange.markAllRead') }],
                onClick: () =>
                  markRead.mutate(undefined, {
                    onSuccess: () => void message.success(t('exchange.markedAllRead')),
                    onError: (error) => void message.error(errorMessage(t, error)),
                  }),
              }}
            >
              <Button type="text" icon={<EllipsisOutlined />} aria-label={t('exchange.more')} />
            </Dropdown>
          </>
        }
      />
      {space.data && !mayPost && (
        <Alert
          type="info"
          banner
          title={
            space.data.space.readOnly ? t('exchange.readOnlySupervised') : t('exchange.readOnly')
          }
        />
      )}
      <div className="tx-topic-tags" data-testid="topic-tag-filter">
        <Tag.CheckableTag checked={tagId === null} onChange={() => setTagId(null)}>
          {t('exchange.allTags')}
        </Tag.CheckableTag>
        {(tags.data?.items ?? []).map((tag) => (
          <Tag.CheckableTag
            key={tag.id}
            checked={tagId === tag.id}
            onChange={(checked) => setTagId(checked ? tag.id : null)}
          >
            {tag.name}
          </Tag.CheckableTag>
        ))}
      </div>
      <div className="tx-exchange-pane-body" data-testid="topic-list">
        {topics.isPending ? (
          <div className="tx-exchange-empty">
            <Spin />
          </div>
        ) : topics.isError ? (
          <Alert type="error" showIcon title={errorMessage(t, topics.error)} />
        ) : topics.data.items.length === 0 ? (
          <Empty className="tx-exchange-empty" description={t('exchange.noTopics')} />
        ) : (
          topics.data.items.map((item) => (
            <TopicRow
              key={item.topic.id}
              item={item}
              active={item.topic.id === topicId}
              onOpen={() => void navigate(`/exchange/${spaceId}/${item.topic.id}`)}
            />
          ))
        )}
      </div>
      {creating && space.data && (
        <NewTopicModal
          space={space.data}
          onClose={() => setCreating(false)}
          onCreated={(id) => {
            setCreating(false);
            void navigate(`/exchange/${spaceId}/${id}`);
          }}
        />
      )}
    </>
  );
}

function TopicRow({
  item,
  active,
  onOpen,
}: {
  item: TopicListItem;
  active: boolean;
  onOpen: () => void;
}) {
  const { t } = useTranslation();
  const { topic } = item;
  const at = topic.lastMessageAt ?? topic.createdAt;
  return (
    <button
      type="button"
      className={`tx-topic-row${active ? ' tx-topic-row-active' : ''}${item.unread > 0 ? ' tx-topic-row-unread' : ''}`}
      data-testid="topic-row"
      data-topic-id={topic.id}
      data-unread={item.unread}
      aria-current={active ? 'true' : undefined}
      onClick={onOpen}
    >
      <span className="tx-topic-row-line">
        {topic.resolved && (
          <Tooltip title={t('exchange.resolved')}>
            <CheckCircleFilled className="tx-topic-resolved" data-testid="topic-resolved" />
          </Tooltip>
        )}
        <span className="tx-topic-row-title" data-testid="topic-row-title">
          {topic.title}
        </span>
        {item.subscription === 'follow' && <BellOutlined aria-label={t('exchange.following')} />}
        {item.subscription === 'mute' && <EyeInvisibleOutlined aria-label={t('exchange.muted')} />}
        <Badge
          count={item.unread}
          overflowCount={99}
          color={item.subscription === 'mute' ? '#bfbfbf' : undefined}
        />
      </span>
      <span className="tx-topic-row-meta">
        {topic.tags.map((tag) => (
          <Tag key={tag.id} className="tx-topic-tag" data-testid="topic-tag">
            {tag.name}
          </Tag>
        ))}
        <span className="tx-muted">{messageTime(at, currentLocale())}</span>
      </span>
    </button>
  );
}

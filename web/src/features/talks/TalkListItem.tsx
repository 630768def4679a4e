import { List, Space, Tag, Typography } from 'antd';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { TalkSummary } from '@tongxin/contract';
import { STATUS_COLOURS, formatTalkTime } from './format.ts';

/** One talk as a list line: who, kind, status, when and where (and the topic for its parties). */
export function TalkListItem({ talk }: { talk: TalkSummary }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <List.Item
      className="tx-talk-item"
      data-testid="talk-item"
      onClick={() => void navigate(`/talks/${talk.id}`)}
    >
      <List.Item.Meta
        title={
          <Space size={6} wrap>
            <Typography.Text strong>
              {t('talks.between', { a: talk.initiator.name, b: talk.other.name })}
            </Typography.Text>
            <Tag>{t(`talks.pairKinds.${talk.pairKind}`)}</Tag>
            <Tag color={STATUS_COLOURS[talk.status]} data-testid="talk-status">
              {t(`talks.statuses.${talk.status}`)}
            </Tag>
            {talk.correctionPending && <Tag color="red">{t('talks.correctionPending')}</Tag>}
          </Space>
        }
        description={
          <>
            <div className="tx-muted">
              {formatTalkTime(talk.scheduledAt)} · {talk.place} · {talk.branchName}
            </div>
            {talk.topic && <div className="tx-talk-topic">{talk.topic}</div>}
          </>
        }
      />
    </List.Item>
  );
}

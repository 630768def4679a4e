import { useState } from 'react';
import { Button, Card, Empty, List, Select, Space, Tabs, Typography } from 'antd';
import { PlusOutlined, TableOutlined, UserSwitchOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { TalkListQuery, TalkStatus } from '@tongxin/contract';
import { TALK_STATUSES } from '@tongxin/contract';
import { TalkListItem } from './TalkListItem.tsx';
import { shanghaiYear } from './format.ts';
import { useTalkBranches, useTalkList, useTalksLive } from './use-talks.ts';
import './talks.css';

const PAGE = 20;

/** 谈心谈话: my talks, and for designated higher-level officers the talks of branches below. */
export function TalksPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const branches = useTalkBranches();
  useTalksLive();
  const overseen = (branches.data ?? []).filter((b) => b.oversee);
  const [tab, setTab] = useState('mine');

  return (
    <Card
      className="tx-talks"
      title={
        <Space>
          <UserSwitchOutlined />
          {t('talks.title')}
        </Space>
      }
      extra={
        <Space wrap>
          {(branches.data?.length ?? 0) > 0 && (
            <Button
              icon={<TableOutlined />}
              data-testid="talk-coverage-link"
              onClick={() => void navigate('/talks/coverage')}
            >
              {t('talks.coverage.nav')}
            </Button>
          )}
          <Button
            type="primary"
            icon={<PlusOutlined />}
            data-testid="talk-schedule"
            onClick={() => void navigate('/talks/new')}
          >
            {t('talks.schedule')}
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t('talks.privacy')}</Typography.Paragraph>
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          { key: 'mine', label: t('talks.mine'), children: <TalkBox box="mine" /> },
          ...(overseen.length > 0
            ? [
                {
                  key: 'oversee',
                  label: t('talks.oversee'),
                  children: <OverseeBox branches={overseen} />,
                },
              ]
            : []),
        ]}
      />
    </Card>
  );
}

function OverseeBox({ branches }: { branches: { id: string; name: string }[] }) {
  const { t } = useTranslation();
  const [branchId, setBranchId] = useState(branches[0]?.id);
  return (
    <>
      <Select
        className="tx-talks-filter"
        value={branchId}
        onChange={setBranchId}
        showSearch
        optionFilterProp="label"
        options={branches.map((b) => ({ value: b.id, label: b.name }))}
        aria-label={t('talks.branch')}
      />
      {branchId && <TalkBox box="oversee" branchId={branchId} />}
    </>
  );
}

function TalkBox({ box, branchId }: { box: 'mine' | 'oversee'; branchId?: string }) {
  const { t } = useTranslation();
  const thisYear = shanghaiYear();
  const [year, setYear] = useState<number | undefined>(thisYear);
  const [status, setStatus] = useState<TalkStatus | undefined>();
  const [page, setPage] = useState(1);
  const query: TalkListQuery = {
    box,
    ...(branchId ? { branchId } : {}),
    ...(year ? { year } : {}),
    ...(status ? { status } : {}),
    limit: PAGE,
    offset: (page - 1) * PAGE,
  };
  const list = useTalkList(query);
  return (
    <>
      <Space wrap className="tx-talks-bar">
        <Select
          className="tx-talks-filter"
          value={year ?? 0}
          onChange={(v) => {
            setYear(v === 0 ? undefined : v);
            setPage(1);
          }}
          options={[
            { value: 0, label: t('talks.allYears') },
            ...[0, 1, 2].map((d) => ({ value: thisYear - d, label: String(thisYear - d) })),
          ]}
          aria-label={t('talks.year')}
        />
        <Select<TalkStatus | ''>
          className="tx-talks-filter"
          value={status ?? ''}
          onChange={(v) => {
            setStatus(v === '' ? undefined : v);
            setPage(1);
          }}
          options={[
            { value: '', label: t('talks.allStatuses') },
            ...TALK_STATUSES.map((s) => ({ value: s, label: t(`talks.statuses.${s}`) })),
          ]}
          aria-label={t('talks.status')}
        />
      </Space>
      <List
        loading={list.isPending}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: <Empty description={t('talks.empty')} /> }}
        pagination={
          (list.data?.total ?? 0) > PAGE
            ? {
                current: page,
                pageSize: PAGE,
                total: list.data?.total ?? 0,
                onChange: setPage,
                size: 'small',
              }
            : false
        }
        renderItem={(talk) => <TalkListItem key={talk.id} talk={talk} />}
      />
    </>
  );
}

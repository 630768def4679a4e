import { useState } from 'react';
import {
  Button,
  Card,
  Empty,
  Result,
  Select,
  Space,
  Spin,
  Statistic,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import { ArrowLeftOutlined, CheckCircleOutlined, CloseCircleOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { TALK_PAIR_KINDS, type TalkCoveragePair, type TalkCoverageRow } from '@tongxin/contract';
import { useIsMobile } from '../../app/use-is-mobile.ts';
import { shanghaiYear } from './format.ts';
import { talkErrorMessage } from './talk-errors.ts';
import { useTalkBranches, useTalkCoverage } from './use-talks.ts';
import './talks.css';

/** A ✓ or a red ✗: covered or missing. */
function Covered({ covered }: { covered: boolean }) {
  const { t } = useTranslation();
  return covered ? (
    <Tag color="green" icon={<CheckCircleOutlined />} data-testid="coverage-covered">
      {t('talks.coverage.covered')}
    </Tag>
  ) : (
    <Tag color="red" icon={<CloseCircleOutlined />} data-testid="coverage-missing">
      {t('talks.coverage.missing')}
    </Tag>
  );
}

/**
 * 谈心谈话覆盖情况: for the branch committee and higher levels, which of the pairs the rule
 * requires have had a confirmed talk this year. Counts and names only, never contents.
 */
export function TalkCoveragePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const mobile = useIsMobile();
  const branches = useTalkBranches();
  const thisYear = shanghaiYear();
  const [picked, setPicked] = useState<string | undefined>();
  const [year, setYear] = useState(thisYear);
  const [onlyMissing, setOnlyMissing] = useState(false);
  const branchId = picked ?? branches.data?.[0]?.id;
  const coverage = useTalkCoverage(branchId, year);

  if (branches.isPending) return <Spin />;
  if ((branches.data?.length ?? 0) === 0) {
    return <Result status="403" title={t('talks.coverage.forbidden')} />;
  }
  const m = coverage.data;
  const partners = (row: TalkCoverageRow) =>
    row.partners.length > 0
      ? row.partners.map((p) => (p.talks > 1 ? `${p.name}×${p.talks}` : p.name)).join('、')
      : '—';
  const rowColumns = [
    {
      title: t('talks.coverage.member'),
      key: 'name',
      render: (_: unknown, row: TalkCoverageRow) => (
        <Space size={4} wrap>
          {row.name}
          {!row.hasAccount && <Tag>{t('talks.coverage.noAccount')}</Tag>}
        </Space>
      ),
    },
    {
      title: t('talks.coverage.with'),
      key: 'partners',
      render: (_: unknown, row: TalkCoverageRow) => partners(row),
    },
    {
      title: t('talks.coverage.state'),
      key: 'covered',
      render: (_: unknown, row: TalkCoverageRow) => <Covered covered={row.covered} />,
    },
  ];
  const pairColumns = [
    {
      title: t('talks.coverage.pair'),
      key: 'pair',
      render: (_: unknown, p: TalkCoveragePair) => `${p.a.name} — ${p.b.name}`,
    },
    { title: t('talks.coverage.talks'), dataIndex: 'talks', key: 'talks' },
    {
      title: t('talks.coverage.state'),
      key: 'covered',
      render: (_: unknown, p: TalkCoveragePair) => <Covered covered={p.talks > 0} />,
    },
  ];
  const keep = <T,>(rows: T[], covered: (r: T) => boolean) =>
    onlyMissing ? rows.filter((r) => !covered(r)) : rows;

  return (
    <Card
      title={t('talks.coverage.title')}
      data-testid="talk-coverage"
      extra={
        <Button type="link" icon={<ArrowLeftOutlined />} onClick={() => void navigate('/talks')}>
          {t('talks.back')}
        </Button>
      }
    >
      <Space wrap className="tx-talks-bar">
        <Select
          className="tx-talks-filter"
          value={branchId}
          onChange={setPicked}
          showSearch
          optionFilterProp="label"
          options={(branches.data ?? []).map((b) => ({ value: b.id, label: b.name }))}
          aria-label={t('talks.branch')}
          data-testid="coverage-branch"
        />
        <Select
          className="tx-talks-filter"
          value={year}
          onChange={setYear}
          options={[0, 1, 2, 3].map((d) => ({ value: thisYear - d, label: String(thisYear - d) }))}
          aria-label={t('talks.year')}
        />
        <Space>
          <Switch size="small" checked={onlyMissing} onChange={setOnlyMissing} />
          <span>{t('talks.coverage.onlyMissing')}</span>
        </Space>
      </Space>
      <Typography.Paragraph type="secondary">{t('talks.coverage.rule')}</Typography.Paragraph>
      {coverage.isPending ? (
        <Spin />
      ) : coverage.isError || !m ? (
        <Result status="error" title={talkErrorMessage(t, coverage.error)} />
      ) : (
        <>
          <div className="tx-coverage-summary">
            {TALK_PAIR_KINDS.map((kind) => {
              const s = m.summary[kind];
              return (
                <Card size="small" key={kind} data-testid={`coverage-summary-${kind}`}>
                  <Statistic
                    title={t(`talks.pairKinds.${kind}`)}
                    value={s.covered}
                    suffix={`/ ${s.required}`}
                  />
                </Card>
              );
            })}
          </div>
          {m.withHigherLevels > 0 && (
            <Typography.Paragraph type="secondary">
              {t('talks.coverage.withHigherLevels', { count: m.withHigherLevels })}
            </Typography.Paragraph>
          )}
          <Typography.Title level={5} className="tx-coverage-section">
            {t('talks.pairKinds.committee_committee')}
          </Typography.Title>
          <Table
            size="small"
            rowKey={(p) => `${p.a.memberId}|${p.b.memberId}`}
            columns={pairColumns}
            dataSource={keep(m.committeeCommittee, (p) => p.talks > 0)}
            pagination={false}
            scroll={mobile ? { x: true } : undefined}
            locale={{ emptyText: <Empty description={t('talks.coverage.none')} /> }}
            data-testid="coverage-cc"
          />
          <Typography.Title level={5} className="tx-coverage-section">
            {t('talks.pairKinds.committee_member')}
          </Typography.Title>
          <Table
            size="small"
            rowKey="memberId"
            columns={rowColumns}
            dataSource={keep(m.committeeMember, (r) => r.covered)}
            pagination={false}
            scroll={mobile ? { x: true } : undefined}
            locale={{ emptyText: <Empty description={t('talks.coverage.none')} /> }}
            data-testid="coverage-cm"
          />
          <Typography.Title level={5} className="tx-coverage-section">
            {t('talks.pairKinds.member_member')}
          </Typography.Title>
          <Table
            size="small"
            rowKey="memberId"
            columns={rowColumns}
            dataSource={m.members.length > 1 ? keep(m.memberMember, (r) => r.covered) : []}
            pagination={false}
            scroll={mobile ? { x: true } : undefined}
            locale={{ emptyText: <Empty description={t('talks.coverage.none')} /> }}
            data-testid="coverage-mm"
          />
        </>
      )}
    </Card>
  );
}

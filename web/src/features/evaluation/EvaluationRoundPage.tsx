import {
  Alert,
  App,
  Button,
  Card,
  Popconfirm,
  Progress,
  Result,
  Space,
  Spin,
  Tabs,
  Typography,
} from 'antd';
import { ArrowLeftOutlined, LockOutlined } from '@ant-design/icons';
import { useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { EvaluationRound } from '@tongxin/contract';
import { isApiError } from '../../api/client.ts';
import { formatTime } from '../notices/NoticeMeta.tsx';
import { BallotPanel } from './BallotPanel.tsx';
import { evaluationErrorMessage } from './evaluation-errors.ts';
import { GradeTag, StatusTag } from './grades.tsx';
import { PeerRatingPanel } from './PeerRatingPanel.tsx';
import { SelfAssessmentPanel } from './SelfAssessmentPanel.tsx';
import { TallyPanel } from './TallyPanel.tsx';
import { useEvaluationAction, useRound } from './use-evaluation.ts';
import './evaluation.css';

/** One round: its progress (counts, never who voted what), the steps of the caller, the tally. */
export function EvaluationRoundPage() {
  const { roundId = '' } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const round = useRound(roundId);

  if (round.isPending) return <Spin />;
  if (round.isError || !round.data) {
    return (
      <Result
        status={isApiError(round.error, 'not_found') ? '404' : 'error'}
        title={evaluationErrorMessage(t, round.error)}
        extra={<Button onClick={() => void navigate('/evaluation')}>{t('evaluation.back')}</Button>}
      />
    );
  }
  const r = round.data;
  const tabs = [
    ...(r.mine?.evaluated && r.status === 'open'
      ? [
          {
            key: 'self',
            label: t('evaluation.tabs.self'),
            children: <SelfAssessmentPanel round={r} />,
          },
        ]
      : []),
    ...(r.mine?.voter && r.status === 'open'
      ? [
          {
            key: 'ballot',
            label: t('evaluation.tabs.ballot'),
            children: <BallotPanel round={r} />,
          },
          {
            key: 'peer',
            label: t('evaluation.tabs.peer'),
            children: <PeerRatingPanel round={r} />,
          },
        ]
      : []),
    ...(r.mine?.evaluated && r.status === 'finalised'
      ? [{ key: 'result', label: t('evaluation.tabs.result'), children: <MyResult round={r} /> }]
      : []),
    ...(r.may.manage && (r.status === 'closed' || r.status === 'finalised')
      ? [{ key: 'tally', label: t('evaluation.tabs.tally'), children: <TallyPanel round={r} /> }]
      : []),
  ];

  return (
    <Space direction="vertical" size="middle" className="tx-evaluation-stack">
      <Button
        type="link"
        icon={<ArrowLeftOutlined />}
        className="tx-evaluation-back"
        onClick={() => void navigate('/evaluation')}
      >
        {t('evaluation.back')}
      </Button>
      <RoundHeader round={r} />
      {tabs.length > 0 && (
        <Card size="small">
          <Tabs
            items={tabs.map((tab) => ({
              ...tab,
              label: <span data-testid={`evaluation-tab-${tab.key}`}>{tab.label}</span>,
            }))}
          />
        </Card>
      )}
    </Space>
  );
}

function RoundHeader({ round: r }: { round: EvaluationRound }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const action = useEvaluationAction();
  const p = r.progress;
  const step = (kind: 'open' | 'close', done: string) =>
    action.mutate(
      { kind, id: r.id },
      {
        onSuccess: () => void message.success(done),
        onError: (e) => void message.error(evaluationErrorMessage(t, e)),
      },
    );

  return (
    <Card className="tx-evaluation-detail" data-testid="evaluation-detail">
      <Typography.Title level={4} className="tx-evaluation-heading" data-testid="evaluation-title">
        {r.title}
      </Typography.Title>
      <Space size={6} wrap>
        <StatusTag status={r.status} />
        <span className="tx-muted">
          {r.orgName} · {r.year}
        </span>
        {r.openedAt && (
          <span className="tx-muted">
            {t('evaluation.openedAt', { time: formatTime(r.openedAt) })}
          </span>
        )}
        {r.closedAt && (
          <span className="tx-muted">
            {t('evaluation.closedAt', { time: formatTime(r.closedAt) })}
          </span>
        )}
        {r.finalisedAt && (
          <span className="tx-muted">
            {t('evaluation.finalisedAt', {
              name: r.finalisedByName ?? '',
              time: formatTime(r.finalisedAt),
            })}
          </span>
        )}
      </Space>
      {r.status !== 'draft' && (
        <div data-testid="evaluation-progress">
          <Progress
            percent={p.voters > 0 ? Math.round((p.voted / p.voters) * 100) : 0}
            format={() => `${p.voted}/${p.voters}`}
          />
          <div className="tx-evaluation-progress tx-muted">
            <span>{t('evaluation.progress.evaluated', { count: p.evaluated })}</span>
            <span data-testid="evaluation-voted">
              {t('evaluation.progress.voted', { voted: p.voted, voters: p.voters })}
            </span>
            <span>
              {t('evaluation.progress.selfAssessed', { count: p.selfAssessed, total: p.evaluated })}
            </span>
            <span>{t('evaluation.progress.peerRaters', { count: p.peerRaters })}</span>
          </div>
          <Alert
            className="tx-evaluation-anonymous"
            type="info"
            showIcon
            icon={<LockOutlined />}
            title={t('evaluation.progress.anonymous')}
          />
        </div>
      )}
      {r.mine?.finalGrade && (
        <div className="tx-evaluation-result" data-testid="evaluation-my-grade">
          {t('evaluation.result.yours')}：<GradeTag grade={r.mine.finalGrade} />
        </div>
      )}
      <div className="tx-evaluation-actions">
        {r.may.open && (
          <Popconfirm
            title={t('evaluation.openConfirm')}
            onConfirm={() => step('open', t('evaluation.opened'))}
            okButtonProps={{ 'data-testid': 'evaluation-open-confirm' }}
          >
            <Button type="primary" loading={action.isPending} data-testid="evaluation-open">
              {t('evaluation.open')}
            </Button>
          </Popconfirm>
        )}
        {r.may.close && (
          <Popconfirm
            title={t('evaluation.closeConfirm')}
            onConfirm={() => step('close', t('evaluation.closed'))}
            okButtonProps={{ 'data-testid': 'evaluation-close-confirm' }}
          >
            <Button danger loading={action.isPending} data-testid="evaluation-close">
              {t('evaluation.close')}
            </Button>
          </Popconfirm>
        )}
      </div>
    </Card>
  );
}

function MyResult({ round: r }: { round: EvaluationRound }) {
  const { t } = useTranslation();
  if (!r.mine?.finalGrade) return <Alert type="info" title={t('evaluation.result.pending')} />;
  return (
    <Space direction="vertical">
      <div className="tx-evaluation-result">
        {t('evaluation.result.yours')}：<GradeTag grade={r.mine.finalGrade} />
      </div>
      {r.mine.finalReason && (
        <div>{t('evaluation.result.reason', { reason: r.mine.finalReason })}</div>
      )}
    </Space>
  );
}

import { useState, type HTMLAttributes } from 'react';
import {
  Alert,
  App,
  Button,
  Input,
  Popconfirm,
  Space,
  Spin,
  Table,
  Tag,
  Typography,
  type TableColumnsType,
} from 'antd';
import { useTranslation } from 'react-i18next';
import {
  EVALUATION_GRADES,
  maxExcellent,
  type EvaluationGrade,
  type EvaluationRound,
  type EvaluationTally,
  type EvaluationTallyLine,
  type GradeCounts,
} from '@tongxin/contract';
import { useIsMobile } from '../../app/use-is-mobile.ts';
import { evaluationErrorMessage } from './evaluation-errors.ts';
import { GradePicker, GradeTag } from './grades.tsx';
import { useEvaluationAction, useTally } from './use-evaluation.ts';

type Proposal = Record<string, { grade?: EvaluationGrade; reason: string }>;

function Counts({ counts }: { counts: GradeCounts }) {
  const { t } = useTranslation();
  return (
    <span className="tx-evaluation-counts">
      {EVALUATION_GRADES.map((g) => `${t(`evaluation.grades.${g}`)} ${counts[g]}`).join(' / ')}
    </span>
  );
}

/**
 * 汇总与定等: per member the ballots, the peer ratings and the self grade; the committee
 * proposes the final grades (prefilled from the ballots on request) and finalises. The
 * one-third rule is shown as the grades are chosen and enforced by the server.
 */
export function TallyPanel({ round }: { round: EvaluationRound }) {
  const { t } = useTranslation();
  const tally = useTally(round.id, true);
  if (tally.isPending) return <Spin />;
  if (tally.isError || !tally.data) {
    return <Alert type="warning" title={evaluationErrorMessage(t, tally.error)} />;
  }
  return <TallyForm round={round} data={tally.data} />;
}

function TallyForm({ round, data }: { round: EvaluationRound; data: EvaluationTally }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const action = useEvaluationAction();
  const [proposal, setProposal] = useState<Proposal>(() =>
    Object.fromEntries(
      data.lines.map((l) => [
        l.memberId,
        { ...(l.finalGrade ? { grade: l.finalGrade } : {}), reason: l.finalReason ?? '' },
      ]),
    ),
  );
  const [refusal, setRefusal] = useState<string | null>(null);
  const isMobile = useIsMobile();
  const editable = round.may.finalise;
  const max = maxExcellent(data.evaluated);
  const excellent = Object.values(proposal).filter((p) => p.grade === 'excellent').length;
  const complete = data.lines.every((l) => proposal[l.memberId]?.grade);
  const set = (memberId: string, patch: Partial<Proposal[string]>) => {
    setRefusal(null);
    setProposal((prev) => ({ ...prev, [memberId]: { reason: '', ...prev[memberId], ...patch } }));
  };
  const fillSuggested = () => {
    setRefusal(null);
    setProposal((prev) =>
      Object.fromEntries(
        data.lines.map((l) => [
          l.memberId,
          { reason: prev[l.memberId]?.reason ?? '', grade: l.suggested ?? 'qualified' },
        ]),
      ),
    );
  };
  const finalise = () =>
    action.mutate(
      {
        kind: 'finalise',
        id: round.id,
        body: {
          grades: data.lines.flatMap((l) => {
            const p = proposal[l.memberId];
            if (!p?.grade) return [];
            return [
              {
                memberId: l.memberId,
                grade: p.grade,
                ...(p.reason.trim() ? { reason: p.reason.trim() } : {}),
              },
            ];
          }),
        },
      },
      {
        onSuccess: () => void message.success(t('evaluation.tally.finalised')),
        onError: (e) => setRefusal(evaluationErrorMessage(t, e)),
      },
    );

  return (
    <div data-testid="evaluation-tally">
      <Typography.Paragraph data-testid="evaluation-tally-summary">
        {t('evaluation.tally.summary', {
          ballots: data.ballots,
          voters: data.voters,
          evaluated: data.evaluated,
          max,
        })}
      </Typography.Paragraph>
      {editable && (
        <Space wrap>
          <Button onClick={fillSuggested} data-testid="evaluation-fill-suggested">
            {t('evaluation.tally.fillSuggested')}
          </Button>
          <Tag color={excellent > max ? 'red' : 'blue'} data-testid="evaluation-excellent-count">
            {t('evaluation.tally.excellentCount', { count: excellent, max })}
          </Tag>
        </Space>
      )}
      {editable && excellent > max && (
        <Alert
          className="tx-evaluation-rule"
          type="warning"
          showIcon
          data-testid="evaluation-rule-warning"
          title={t('evaluation.tally.overLimit', { max })}
        />
      )}
      {isMobile ? (
        data.lines.map((l) => (
          <TallyLine
            key={l.memberId}
            line={l}
            editable={editable}
            value={proposal[l.memberId]}
            onChange={(patch) => set(l.memberId, patch)}
          />
        ))
      ) : (
        <TallyTable lines={data.lines} editable={editable} proposal={proposal} onChange={set} />
      )}
      {editable && (
        <>
          {refusal && (
            <Alert
              className="tx-evaluation-rule"
              type="error"
              showIcon
              data-testid="evaluation-finalise-error"
              title={refusal}
            />
          )}
          <div className="tx-evaluation-actions">
            <Popconfirm
              title={t('evaluation.tally.finaliseConfirm')}
              disabled={!complete}
              okButtonProps={{ 'data-testid': 'evaluation-finalise-confirm' }}
              onConfirm={finalise}
            >
              <Button
                type="primary"
                disabled={!complete}
                loading={action.isPending}
                data-testid="evaluation-finalise"
              >
                {t('evaluation.tally.finalise')}
              </Button>
            </Popconfirm>
          </div>
        </>
      )}
    </div>
  );
}

function TallyLine({
  line: l,
  editable,
  value,
  onChange,
}: {
  line: EvaluationTallyLine;
  editable: boolean;
  value: Proposal[string] | undefined;
  onChange: (patch: Partial<Proposal[string]>) => void;
}) {
  const { t } = useTranslation();
  return (
    <div className="tx-evaluation-person" data-testid="evaluation-tally-row">
      <Space direction="vertical" size={2}>
        <span className="tx-evaluation-person-name">
          {l.name} {l.probationary && <Tag>{t('evaluation.probationary')}</Tag>}
        </span>
        <span>
          {t('evaluation.tally.ballots')}：<Counts counts={l.ballots} />
        </span>
        <span>
          {t('evaluation.tally.peers')}：<Counts counts={l.peers} />
        </span>
        <span>
          {t('evaluation.tally.self')}：<GradeTag grade={l.selfGrade} />
        </span>
        {l.peerComments.length > 0 && (
          <Typography.Text type="secondary">
            {t('evaluation.tally.comments')}：{l.peerComments.join('；')}
          </Typography.Text>
        )}
      </Space>
      <FinalCell line={l} editable={editable} value={value} onChange={onChange} />
    </div>
  );
}

/** The final grade: a picker (and the reason for 不合格) while closed, the grade once locked. */
function FinalCell({
  line: l,
  editable,
  value,
  onChange,
}: {
  line: EvaluationTallyLine;
  editable: boolean;
  value: Proposal[string] | undefined;
  onChange: (patch: Partial<Proposal[string]>) => void;
}) {
  const { t } = useTranslation();
  return (
    <Space direction="vertical" size={4} data-testid="evaluation-final">
      {editable ? (
        <GradePicker
          value={value?.grade}
          onChange={(grade) => onChange({ grade })}
          testId="evaluation-final-grade"
        />
      ) : (
        <span>
          {t('evaluation.tally.final')}：<GradeTag grade={l.finalGrade} />
        </span>
      )}
      {editable && value?.grade === 'unqualified' && (
        <Input
          maxLength={500}
          placeholder={t('evaluation.tally.reasonHint')}
          value={value.reason}
          onChange={(e) => onChange({ reason: e.target.value })}
        />
      )}
      {!editable && l.finalReason && (
        <span>{t('evaluation.result.reason', { reason: l.finalReason })}</span>
      )}
    </Space>
  );
}

/** The desktop 测评汇总表: one row per member, the ballot counts in a column per grade. */
function TallyTable({
  lines,
  editable,
  proposal,
  onChange,
}: {
  lines: EvaluationTallyLine[];
  editable: boolean;
  proposal: Proposal;
  onChange: (memberId: string, patch: Partial<Proposal[string]>) => void;
}) {
  const { t } = useTranslation();
  const columns: TableColumnsType<EvaluationTallyLine> = [
    {
      title: t('evaluation.tally.member'),
      key: 'name',
      render: (_, l) => (
        <Space direction="vertical" size={0}>
          <span className="tx-evaluation-person-name">
            {l.name} {l.probationary && <Tag>{t('evaluation.probationary')}</Tag>}
          </span>
          {l.peerComments.length > 0 && (
            <Typography.Text type="secondary" className="tx-evaluation-counts">
              {l.peerComments.join('；')}
            </Typography.Text>
          )}
        </Space>
      ),
    },
    {
      title: t('evaluation.tally.ballots'),
      children: EVALUATION_GRADES.map((g) => ({
        title: t(`evaluation.grades.${g}`),
        key: `ballots-${g}`,
        align: 'center' as const,
        render: (_: unknown, l: EvaluationTallyLine) => l.ballots[g],
      })),
    },
    {
      title: t('evaluation.tally.peers'),
      key: 'peers',
      render: (_, l) => <Counts counts={l.peers} />,
    },
    {
      title: t('evaluation.tally.self'),
      key: 'self',
      render: (_, l) => <GradeTag grade={l.selfGrade} />,
    },
    {
      title: t('evaluation.tally.final'),
      key: 'final',
      render: (_, l) => (
        <FinalCell
          line={l}
          editable={editable}
          value={proposal[l.memberId]}
          onChange={(patch) => onChange(l.memberId, patch)}
        />
      ),
    },
  ];
  return (
    <Table
      size="small"
      bordered
      rowKey="memberId"
      columns={columns}
      dataSource={lines}
      pagination={false}
      onRow={() => ({ 'data-testid': 'evaluation-tally-row' }) as HTMLAttributes<HTMLElement>}
    />
  );
}

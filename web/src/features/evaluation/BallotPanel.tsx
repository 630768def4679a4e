import { useState } from 'react';
import { Alert, App, Button, Popconfirm, Spin, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { EvaluationGrade, EvaluationRound } from '@tongxin/contract';
import { evaluationErrorMessage } from './evaluation-errors.ts';
import { GradePicker } from './grades.tsx';
import { useEvaluationAction, useSubjects } from './use-evaluation.ts';

/** 民主测评: one screen, a grade for every member evaluated, cast once, anonymously. */
export function BallotPanel({ round }: { round: EvaluationRound }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const subjects = useSubjects(round.id, true);
  const action = useEvaluationAction();
  const [grades, setGrades] = useState<Record<string, EvaluationGrade>>({});

  if (round.mine?.voted) {
    return (
      <Alert
        type="success"
        showIcon
        data-testid="evaluation-ballot-done"
        title={t('evaluation.ballot.done')}
      />
    );
  }
  if (subjects.isPending) return <Spin />;
  const list = subjects.data ?? [];
  const missing = list.filter((s) => !grades[s.memberId]).length;

  return (
    <div data-testid="evaluation-ballot">
      <Typography.Paragraph type="secondary">{t('evaluation.ballot.intro')}</Typography.Paragraph>
      {list.map((s) => (
        <div key={s.memberId} className="tx-evaluation-person" data-testid="evaluation-ballot-row">
          <span className="tx-evaluation-person-name">
            {s.name} {s.probationary && <Tag>{t('evaluation.probationary')}</Tag>}
          </span>
          <GradePicker
            value={grades[s.memberId]}
            onChange={(grade) => setGrades((prev) => ({ ...prev, [s.memberId]: grade }))}
          />
        </div>
      ))}
      <div className="tx-evaluation-actions">
        <Popconfirm
          title={t('evaluation.ballot.confirm')}
          disabled={missing > 0}
          okButtonProps={{ 'data-testid': 'evaluation-ballot-confirm' }}
          onConfirm={() =>
            action.mutate(
              {
                kind: 'ballot',
                id: round.id,
                body: {
                  grades: list.flatMap((s) => {
                    const grade = grades[s.memberId];
                    return grade ? [{ memberId: s.memberId, grade }] : [];
                  }),
                },
              },
              {
                onSuccess: () => void message.success(t('evaluation.ballot.cast')),
                onError: (e) => void message.error(evaluationErrorMessage(t, e)),
              },
            )
          }
        >
          <Button
            type="primary"
            disabled={missing > 0}
            loading={action.isPending}
            data-testid="evaluation-ballot-submit"
          >
            {t('evaluation.ballot.submit')}
          </Button>
        </Popconfirm>
        {missing > 0 && (
          <span className="tx-muted">{t('evaluation.ballot.missing', { count: missing })}</span>
        )}
      </div>
    </div>
  );
}

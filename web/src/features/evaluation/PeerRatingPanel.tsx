import { useState } from 'react';
import { App, Button, Input, Spin, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type {
  EvaluationGrade,
  EvaluationRound,
  EvaluationSubject,
  MyPeerRatings,
} from '@tongxin/contract';
import { useSignedInUser } from '../auth/signed-in-user.ts';
import { evaluationErrorMessage } from './evaluation-errors.ts';
import { GradePicker } from './grades.tsx';
import { useEvaluationAction, useMyPeerRatings, useSubjects } from './use-evaluation.ts';

type Draft = Record<string, { grade?: EvaluationGrade; comment: string }>;

/** 互评: a grade (and an optional comment) for each other member; revisable while open. */
export function PeerRatingPanel({ round }: { round: EvaluationRound }) {
  const me = useSignedInUser();
  const subjects = useSubjects(round.id, true);
  const given = useMyPeerRatings(round.id, true);
  if (subjects.isPending || given.isPending) return <Spin />;
  const others = (subjects.data ?? []).filter((s) => s.memberId !== me.memberId);
  return <PeerForm round={round} others={others} given={given.data ?? []} />;
}

function PeerForm({
  round,
  others,
  given,
}: {
  round: EvaluationRound;
  others: EvaluationSubject[];
  given: MyPeerRatings;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const action = useEvaluationAction();
  const [draft, setDraft] = useState<Draft>(() =>
    Object.fromEntries(given.map((g) => [g.memberId, { grade: g.grade, comment: g.comment }])),
  );
  const ratings = others.flatMap((s) => {
    const d = draft[s.memberId];
    return d?.grade
      ? [
          {
            memberId: s.memberId,
            grade: d.grade,
            ...(d.comment.trim() ? { comment: d.comment.trim() } : {}),
          },
        ]
      : [];
  });
  const set = (memberId: string, patch: Partial<Draft[string]>) =>
    setDraft((prev) => ({
      ...prev,
      [memberId]: { comment: '', ...prev[memberId], ...patch },
    }));

  return (
    <div data-testid="evaluation-peer-form">
      <Typography.Paragraph type="secondary">{t('evaluation.peer.intro')}</Typography.Paragraph>
      {others.map((s) => (
        <div key={s.memberId} className="tx-evaluation-person" data-testid="evaluation-peer-row">
          <span className="tx-evaluation-person-name">
            {s.name} {s.probationary && <Tag>{t('evaluation.probationary')}</Tag>}
          </span>
          <GradePicker
            value={draft[s.memberId]?.grade}
            onChange={(grade) => set(s.memberId, { grade })}
          />
          <Input
            className="tx-evaluation-comment"
            maxLength={500}
            placeholder={t('evaluation.peer.comment')}
            value={draft[s.memberId]?.comment ?? ''}
            onChange={(e) => set(s.memberId, { comment: e.target.value })}
          />
        </div>
      ))}
      <div className="tx-evaluation-actions">
        <Button
          type="primary"
          disabled={ratings.length === 0}
          loading={action.isPending}
          data-testid="evaluation-peer-submit"
          onClick={() =>
            action.mutate(
              { kind: 'peers', id: round.id, body: { ratings } },
              {
                onSuccess: () =>
                  void message.success(t('evaluation.peer.saved', { count: ratings.length })),
                onError: (e) => void message.error(evaluationErrorMessage(t, e)),
              },
            )
          }
        >
          {t('evaluation.peer.submit')}
        </Button>
        {ratings.length === 0 && <span className="tx-muted">{t('evaluation.peer.none')}</span>}
      </div>
    </div>
  );
}

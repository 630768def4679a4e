import { useState } from 'react';
import { App, Button, Form, Input, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { EvaluationGrade, EvaluationRound, SelfAssessment } from '@tongxin/contract';
import { formatTime } from '../notices/NoticeMeta.tsx';
import { evaluationErrorMessage } from './evaluation-errors.ts';
import { GradePicker } from './grades.tsx';
import { useEvaluationAction, useMySelf } from './use-evaluation.ts';

/** 自评: the member's own summary and the grade they propose for themselves. */
export function SelfAssessmentPanel({ round }: { round: EvaluationRound }) {
  const mine = useMySelf(round.id, true);
  if (mine.isPending) return <Spin />;
  // Keyed on what was loaded, so the form starts from the saved assessment.
  return <SelfForm key={mine.data?.submittedAt ?? 'new'} round={round} saved={mine.data ?? null} />;
}

function SelfForm({ round, saved }: { round: EvaluationRound; saved: SelfAssessment | null }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const action = useEvaluationAction();
  const [text, setText] = useState(saved?.text ?? '');
  const [grade, setGrade] = useState<EvaluationGrade | undefined>(saved?.grade);
  const ready = text.trim().length >= 10 && grade !== undefined;
  return (
    <Form layout="vertical">
      {saved && (
        <Typography.Paragraph type="success">
          {t('evaluation.self.submittedAt', { time: formatTime(saved.submittedAt) })}
        </Typography.Paragraph>
      )}
      <Form.Item label={t('evaluation.self.text')} extra={t('evaluation.self.textHint')}>
        <Input.TextArea
          rows={6}
          maxLength={5000}
          showCount
          value={text}
          data-testid="evaluation-self-text"
          onChange={(e) => setText(e.target.value)}
        />
      </Form.Item>
      <Form.Item label={t('evaluation.self.grade')}>
        <GradePicker value={grade} onChange={setGrade} testId="evaluation-self-grade" />
      </Form.Item>
      <Button
        type="primary"
        disabled={!ready}
        loading={action.isPending}
        data-testid="evaluation-self-submit"
        onClick={() =>
          grade &&
          action.mutate(
            { kind: 'self', id: round.id, body: { text: text.trim(), grade } },
            {
              onSuccess: () => void message.success(t('evaluation.self.saved')),
              onError: (e) => void message.error(evaluationErrorMessage(t, e)),
            },
          )
        }
      >
        {t('evaluation.self.submit')}
      </Button>
    </Form>
  );
}

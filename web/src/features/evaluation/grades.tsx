import { Radio, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { EVALUATION_GRADES, type EvaluationGrade, type EvaluationStatus } from '@tongxin/contract';

const GRADE_COLOURS: Record<EvaluationGrade, string> = {
  excellent: 'red',
  qualified: 'green',
  basically_qualified: 'gold',
  unqualified: 'default',
};

export function GradeTag({ grade }: { grade: EvaluationGrade | null }) {
  const { t } = useTranslation();
  if (!grade) return <span className="tx-muted">{t('evaluation.tally.none')}</span>;
  return <Tag color={GRADE_COLOURS[grade]}>{t(`evaluation.grades.${grade}`)}</Tag>;
}

const STATUS_COLOURS: Record<EvaluationStatus, string> = {
  draft: 'default',
  open: 'processing',
  closed: 'warning',
  finalised: 'success',
};

export function StatusTag({ status }: { status: EvaluationStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLOURS[status]} data-testid="evaluation-status">
      {t(`evaluation.status.${status}`)}
    </Tag>
  );
}

/** The four grades as buttons: large enough to tap on a phone. */
export function GradePicker({
  value,
  onChange,
  testId,
}: {
  value: EvaluationGrade | undefined;
  onChange: (grade: EvaluationGrade) => void;
  testId?: string;
}) {
  const { t } = useTranslation();
  return (
    <Radio.Group
      className="tx-grade-picker"
      optionType="button"
      buttonStyle="solid"
      value={value}
      data-testid={testId}
      onChange={(e) => onChange(e.target.value as EvaluationGrade)}
      options={EVALUATION_GRADES.map((g) => ({
        value: g,
        label: <span data-grade={g}>{t(`evaluation.grades.${g}`)}</span>,
      }))}
    />
  );
}

import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { MemberCondition, MemberStatus } from '@tongxin/contract';

// Along the development path the colour deepens towards full membership.
const STATUS_COLORS: Record<MemberStatus, string> = {
  applicant: 'default',
  activist: 'blue',
  candidate: 'cyan',
  probationary: 'orange',
  full: 'red',
};

const CONDITION_COLORS: Record<MemberCondition, string> = {
  normal: 'green',
  mobile_out: 'purple',
  mobile_in: 'geekblue',
  lost_contact: 'warning',
  suspended: 'error',
  left: 'default',
  deceased: 'default',
};

export function MemberStatusTag({ status }: { status: MemberStatus }) {
  const { t } = useTranslation();
  return <Tag color={STATUS_COLORS[status]}>{t(`memberStatus.${status}`)}</Tag>;
}

export function MemberConditionTag({ condition }: { condition: MemberCondition }) {
  const { t } = useTranslation();
  return <Tag color={CONDITION_COLORS[condition]}>{t(`memberCondition.${condition}`)}</Tag>;
}

import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { electionState } from './election.ts';

/** 换届 overdue (red) or due within 90 days (orange); nothing otherwise. */
export function ElectionTag({
  nextElectionOn,
  today,
}: {
  nextElectionOn: string | null;
  today: string;
}) {
  const { t } = useTranslation();
  const state = electionState(nextElectionOn, today);
  if (state === 'overdue')
    return (
      <Tag color="error" data-testid="election-overdue">
        {t('orgs.electionDue')}
      </Tag>
    );
  if (state === 'due_soon')
    return (
      <Tag color="warning" data-testid="election-soon">
        {t('orgs.electionSoon')}
      </Tag>
    );
  return null;
}

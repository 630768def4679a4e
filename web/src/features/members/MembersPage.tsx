import { Card, Empty, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { useCurrentOrg } from '../../app/current-org.tsx';
import { canSeeMembers } from '../auth/roles.ts';
import { useSignedInUser } from '../auth/signed-in-user.ts';
import { MemberDirectory } from './MemberDirectory.tsx';

export function MembersPage() {
  const { t } = useTranslation();
  const me = useSignedInUser();
  const { current, loading } = useCurrentOrg();

  if (!canSeeMembers(me)) {
    return <Result status="403" title={t('forbidden.title')} subTitle={t('members.notAllowed')} />;
  }
  if (loading) return <Card loading />;
  if (!current) {
    return (
      <Card>
        <Empty description={t('members.noOrg')} />
      </Card>
    );
  }
  // A new organisation starts from page one with no filters: its own component state.
  return <MemberDirectory key={current.id} org={current} />;
}

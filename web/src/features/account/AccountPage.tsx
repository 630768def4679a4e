import { Alert, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSignedInUser } from '../auth/signed-in-user.ts';
import { ChangePasswordCard } from './ChangePasswordCard.tsx';
import { SessionsCard } from './SessionsCard.tsx';
import { TotpCard } from './TotpCard.tsx';
import './account.css';

/** 账号安全: password, second factor and sessions of the signed-in account. */
export function AccountPage() {
  const { t } = useTranslation();
  const me = useSignedInUser();
  const passwordOwed = me.gate === 'password_change_required' || me.gate === 'password_expired';
  return (
    <Space direction="vertical" size="middle" className="tx-account-page">
      {me.gate && (
        <Alert
          type="warning"
          showIcon
          data-testid="account-gate"
          title={t(`account.gate_${me.gate}`)}
        />
      )}
      {/* A password owed comes first; the second factor is enrolled after it, with the new one. */}
      {me.gate !== 'totp_required' && <ChangePasswordCard />}
      {!passwordOwed && <TotpCard />}
      {!me.gate && <SessionsCard />}
    </Space>
  );
}

import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Space, Typography } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { confirmTotp, startTotp } from '../../api/account.ts';
import { errorMessage } from '../../i18n/error-message.ts';
import { useSignedInUser } from '../auth/signed-in-user.ts';
import { ME_KEY } from '../auth/use-me.ts';

/** Enrolment: QR code and key, a code to prove it works, then the recovery codes once. */
export function TotpCard() {
  const { t } = useTranslation();
  const me = useSignedInUser();
  const queryClient = useQueryClient();
  const [codes, setCodes] = useState<string[] | null>(null);
  const start = useMutation({ mutationFn: startTotp });
  const confirm = useMutation({
    mutationFn: confirmTotp,
    onSuccess: ({ recoveryCodes }) => setCodes(recoveryCodes),
  });

  let body;
  if (codes) {
    body = (
      <>
        <Alert
          type="warning"
          showIcon
          title={t('account.recoveryTitle')}
          description={t('account.recoveryText')}
        />
        <ol className="tx-recovery-codes" data-testid="recovery-codes">
          {codes.map((c) => (
            <li key={c}>
              <Typography.Text code copyable>
                {c}
              </Typography.Text>
            </li>
          ))}
        </ol>
        <Button
          type="primary"
          data-testid="recovery-saved"
          onClick={() => {
            setCodes(null);
            // Only now: the fresh account state lifts the gate and leaves this step.
            void queryClient.invalidateQueries({ queryKey: ME_KEY });
          }}
        >
          {t('account.recoverySaved')}
        </Button>
      </>
    );
  } else if (me.totpEnabled) {
    body = <Typography.Paragraph data-testid="totp-on">{t('account.totpOn')}</Typography.Paragraph>;
  } else if (start.data) {
    body = (
      <>
        <Typography.Paragraph>{t('account.totpScan')}</Typography.Paragraph>
        <img
          className="tx-totp-qr"
          src={start.data.qrDataUrl}
          alt={t('account.totpQrAlt')}
          width={200}
          height={200}
        />
        <Typography.Paragraph>
          {t('account.totpSecret')}:{' '}
          <Typography.Text code copyable data-testid="totp-secret">
            {start.data.secret}
          </Typography.Text>
        </Typography.Paragraph>
        {confirm.isError && (
          <Typography.Paragraph type="danger" role="alert">
            {errorMessage(t, confirm.error)}
          </Typography.Paragraph>
        )}
        <Form<{ code: string }>
          layout="inline"
          disabled={confirm.isPending}
          onFinish={(values) => confirm.mutate(values.code)}
        >
          <Form.Item
            name="code"
            label={t('account.totpCode')}
            rules={[
              { required: true, pattern: /^[0-9]{6}$/, message: t('account.totpCodeInvalid') },
            ]}
          >
            <Input
              data-testid="totp-code"
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={6}
            />
          </Form.Item>
          <Button
            type="primary"
            htmlType="submit"
            loading={confirm.isPending}
            data-testid="totp-confirm"
          >
            {t('account.totpConfirm')}
          </Button>
        </Form>
      </>
    );
  } else {
    body = (
      <Space direction="vertical">
        <Typography.Paragraph>{t('account.totpOff')}</Typography.Paragraph>
        {start.isError && (
          <Typography.Text type="danger">{errorMessage(t, start.error)}</Typography.Text>
        )}
        <Button
          type="primary"
          loading={start.isPending}
          onClick={() => start.mutate()}
          data-testid="totp-start"
        >
          {t('account.totpStart')}
        </Button>
      </Space>
    );
  }
  return (
    <Card title={t('account.totpTitle')} data-testid="account-totp-card">
      {body}
    </Card>
  );
}

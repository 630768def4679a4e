import { useEffect } from 'react';
import { App, Button, Card, Form, InputNumber, Result, Switch, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { SecurityPolicy } from '@tongxin/contract';
import { getSecurityPolicy, putSecurityPolicy } from '../../api/account.ts';
import { errorMessage } from '../../i18n/error-message.ts';
import { useSignedInUser } from '../auth/signed-in-user.ts';

const POLICY_KEY = ['security-policy'] as const;

// Bounds mirror the contract's schema, so the form refuses what the server would.
const NUMBERS: { name: keyof SecurityPolicy; min: number; max: number }[] = [
  { name: 'minLength', min: 8, max: 64 },
  { name: 'minClasses', min: 2, max: 4 },
  { name: 'expiryDays', min: 0, max: 365 },
  { name: 'historyCount', min: 0, max: 24 },
  { name: 'lockoutThreshold', min: 3, max: 20 },
  { name: 'lockoutMinutes', min: 1, max: 1440 },
];

/** 安全策略: the 安全管理员 sets password, lockout and second-factor rules. */
export function SecurityPolicyPage() {
  const { t } = useTranslation();
  const me = useSignedInUser();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<SecurityPolicy>();
  const allowed = me.adminRole === 'security';
  const policy = useQuery({ queryKey: POLICY_KEY, queryFn: getSecurityPolicy, enabled: allowed });
  useEffect(() => {
    if (policy.data) form.setFieldsValue(policy.data);
  }, [policy.data, form]);
  const save = useMutation({
    mutationFn: putSecurityPolicy,
    onSuccess: (saved) => {
      queryClient.setQueryData(POLICY_KEY, saved);
      void queryClient.invalidateQueries({ queryKey: ['password-rules'] });
      void message.success(t('securityPolicy.saved'));
    },
    onError: (error) => void message.error(errorMessage(t, error)),
  });

  if (!allowed) return <Result status="403" title={t('forbidden.title')} />;
  return (
    <Card title={t('securityPolicy.title')} loading={policy.isPending}>
      <Typography.Paragraph type="secondary">{t('securityPolicy.intro')}</Typography.Paragraph>
      {policy.isError && (
        <Typography.Paragraph type="danger">{errorMessage(t, policy.error)}</Typography.Paragraph>
      )}
      <Form<SecurityPolicy>
        form={form}
        layout="vertical"
        className="tx-account-form"
        disabled={save.isPending}
        onFinish={(values) => save.mutate(values)}
      >
        {NUMBERS.map(({ name, min, max }) => (
          <Form.Item
            key={name}
            name={name}
            label={t(`securityPolicy.${name}`)}
            rules={[{ required: true, type: 'integer', min, max }]}
          >
            <InputNumber min={min} max={max} precision={0} data-testid={`policy-${name}`} />
          </Form.Item>
        ))}
        <Form.Item
          name="totpRequiredForOfficers"
          label={t('securityPolicy.totpRequiredForOfficers')}
          valuePropName="checked"
          extra={t('securityPolicy.totpAdminsNote')}
        >
          <Switch data-testid="policy-totpRequiredForOfficers" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="policy-save">
          {t('securityPolicy.save')}
        </Button>
      </Form>
    </Card>
  );
}

import { App, Button, Card, Form, Input, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { DEFAULT_SECURITY_POLICY, passwordProblems } from '@tongxin/contract';
import { changePassword, getPasswordRules } from '../../api/account.ts';
import { errorMessage } from '../../i18n/error-message.ts';
import { PasswordRules } from '../setup/PasswordRules.tsx';
import { useSignedInUser } from '../auth/signed-in-user.ts';
import { ME_KEY } from '../auth/use-me.ts';

interface Values {
  currentPassword: string;
  newPassword: string;
  newPassword2: string;
}

export function ChangePasswordCard() {
  const { t } = useTranslation();
  const me = useSignedInUser();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const newPassword = Form.useWatch('newPassword', form) ?? '';
  const rules = useQuery({ queryKey: ['password-rules'], queryFn: getPasswordRules });
  const policy = rules.data ?? DEFAULT_SECURITY_POLICY;

  const mutation = useMutation({
    mutationFn: (values: Values) =>
      changePassword({ currentPassword: values.currentPassword, newPassword: values.newPassword }),
    onSuccess: (updated) => {
      form.resetFields();
      queryClient.setQueryData(ME_KEY, updated);
      void queryClient.invalidateQueries({ queryKey: ['sessions'] });
      void message.success(t('account.passwordChanged'));
    },
  });

  return (
    <Card title={t('account.passwordTitle')} data-testid="account-password-card">
      <Form<Values>
        form={form}
        layout="vertical"
        requiredMark={false}
        disabled={mutation.isPending}
        onFinish={(values) => mutation.mutate(values)}
        className="tx-account-form"
      >
        {mutation.isError && (
          <Typography.Paragraph type="danger" role="alert" data-testid="password-error">
            {errorMessage(t, mutation.error)}
          </Typography.Paragraph>
        )}
        <Form.Item
          name="currentPassword"
          label={t('account.currentPassword')}
          rules={[{ required: true, message: t('account.passwordRequired') }]}
        >
          <Input.Password
            data-testid="password-current"
            autoComplete="current-password"
            maxLength={256}
          />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label={t('account.newPassword')}
          validateFirst
          rules={[
            { required: true, message: t('account.passwordRequired') },
            {
              validator: async (_rule, value: string | undefined) => {
                if (value && passwordProblems(value, me.username, policy).length > 0) {
                  throw new Error(t('account.passwordWeak'));
                }
              },
            },
          ]}
          extra={
            <>
              <PasswordRules
                id="account-password-rules"
                password={newPassword}
                username={me.username}
                policy={policy}
              />
              <Typography.Text type="secondary">
                {policy.expiryDays > 0
                  ? t('account.passwordHistory', {
                      count: policy.historyCount,
                      days: policy.expiryDays,
                    })
                  : t('account.passwordHistoryNoExpiry', { count: policy.historyCount })}
              </Typography.Text>
            </>
          }
        >
          <Input.Password
            data-testid="password-new"
            autoComplete="new-password"
            maxLength={256}
            aria-describedby="account-password-rules"
          />
        </Form.Item>
        <Form.Item
          name="newPassword2"
          label={t('account.newPassword2')}
          dependencies={['newPassword']}
          rules={[
            { required: true, message: t('account.passwordRequired') },
            {
              validator: async (_rule, value: string | undefined) => {
                if (value && value !== form.getFieldValue('newPassword')) {
                  throw new Error(t('account.passwordMismatch'));
                }
              },
            },
          ]}
        >
          <Input.Password data-testid="password-new2" autoComplete="new-password" maxLength={256} />
        </Form.Item>
        <Button
          type="primary"
          htmlType="submit"
          loading={mutation.isPending}
          data-testid="password-submit"
        >
          {t('account.changePassword')}
        </Button>
      </Form>
    </Card>
  );
}

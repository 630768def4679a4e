import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { SignInRequest } from '@tongxin/contract';
import { signIn } from '../../api/identity.ts';
import { errorMessage } from '../../i18n/error-message.ts';
import { applyLocale } from '../../i18n/index.ts';
import { Brand } from '../../app/Brand.tsx';
import { LanguageSwitch } from '../../app/LanguageSwitch.tsx';
import { useSetupStatusQuery } from '../setup/use-setup-status.ts';
import { safeNext } from './safe-next.ts';
import { ME_KEY } from './use-me.ts';
import './auth.css';

export function SignInPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const queryClient = useQueryClient();
  const setupStatus = useSetupStatusQuery();
  const [form] = Form.useForm<SignInRequest>();

  const mutation = useMutation({
    mutationFn: signIn,
    onSuccess: async (me) => {
      queryClient.setQueryData(ME_KEY, me);
      await applyLocale(me.locale);
      await navigate(safeNext(params.get('next')), { replace: true });
    },
    onError: () => form.setFieldValue('password', ''),
  });

  return (
    <div className="tx-center-page tx-auth-page">
      <LanguageSwitch className="tx-corner-tools" />
      <Card className="tx-auth-card">
        <div className="tx-auth-head">
          <Brand inverted={false} />
          <Typography.Title level={3}>{t('signIn.title')}</Typography.Title>
          <Typography.Text type="secondary">{t('signIn.subtitle')}</Typography.Text>
        </div>
        {setupStatus.data?.needed && (
          <Alert
            className="tx-auth-alert"
            type="warning"
            showIcon
            title={t('signIn.setupNeededTitle')}
            description={t('signIn.setupNeededText')}
          />
        )}
        {mutation.isError && (
          <Alert
            className="tx-auth-alert"
            type="error"
            showIcon
            role="alert"
            title={errorMessage(t, mutation.error)}
          />
        )}
        <Form<SignInRequest>
          form={form}
          layout="vertical"
          requiredMark={false}
          disabled={mutation.isPending}
          onFinish={(values) => mutation.mutate(values)}
        >
          <Form.Item
            name="username"
            label={t('signIn.username')}
            rules={[{ required: true, whitespace: true, message: t('signIn.usernameRequired') }]}
          >
            <Input
              data-testid="signin-username"
              prefix={<UserOutlined />}
              autoComplete="username"
              autoCapitalize="none"
              autoCorrect="off"
              spellCheck={false}
              autoFocus
              maxLength={64}
            />
          </Form.Item>
          <Form.Item
            name="password"
            label={t('signIn.password')}
            rules={[{ required: true, message: t('signIn.passwordRequired') }]}
          >
            <Input.Password
              data-testid="signin-password"
              prefix={<LockOutlined />}
              autoComplete="current-password"
              maxLength={256}
            />
          </Form.Item>
          <Button
            data-testid="signin-submit"
            type="primary"
            htmlType="submit"
            block
            size="large"
            loading={mutation.isPending}
          >
            {t('signIn.submit')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}

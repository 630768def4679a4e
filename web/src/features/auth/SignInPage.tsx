import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { LockOutlined, SafetyOutlined, UserOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Me, SignInRequest } from '@tongxin/contract';
import { signIn } from '../../api/identity.ts';
import { isSignedIn, submitSecondFactor } from '../../api/account.ts';
import { isApiError } from '../../api/client.ts';
import { errorMessage } from '../../i18n/error-message.ts';
import { applyLocale } from '../../i18n/index.ts';
import { Brand } from '../../app/Brand.tsx';
import { LanguageSwitch } from '../../app/LanguageSwitch.tsx';
import { useSetupStatusQuery } from '../setup/use-setup-status.ts';
import { safeNext } from './safe-next.ts';
import { ME_KEY } from './use-me.ts';
import './auth.css';

export function SignInPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const queryClient = useQueryClient();
  const setupStatus = useSetupStatusQuery();
  const [form] = Form.useForm<SignInRequest>();
  const [codeForm] = Form.useForm<{ code: string }>();
  const [step, setStep] = useState<'password' | 'code'>('password');

  const enter = async (me: Me) => {
    queryClient.setQueryData(ME_KEY, me);
    await applyLocale(me.locale);
    // An account that owes a password change or a second factor goes to the account page.
    await navigate(me.gate ? '/account' : safeNext(params.get('next')), { replace: true });
  };

  const mutation = useMutation({
    mutationFn: signIn,
    onSuccess: async (result) => {
      if (isSignedIn(result)) return enter(result);
      setStep('code');
    },
    onError: () => form.setFieldValue('password', ''),
  });

  const codeMutation = useMutation({
    mutationFn: (code: string) => submitSecondFactor(code),
    onSuccess: enter,
    onError: (error) => {
      codeForm.setFieldValue('code', '');
      if (isApiError(error, 'second_factor_expired')) setStep('password');
    },
  });

  const failure = (error: unknown): string => {
    if (isApiError(error, 'account_locked')) {
      const until = (error.details as { until?: unknown } | undefined)?.until;
      if (typeof until === 'string') {
        return t('signInSecurity.lockedUntil', {
          time: new Date(until).toLocaleTimeString(i18n.language, {
            hour: '2-digit',
            minute: '2-digit',
          }),
        });
      }
    }
    return errorMessage(t, error);
  };

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
        {(step === 'password' ? mutation.error : codeMutation.error) && (
          <Alert
            className="tx-auth-alert"
            type="error"
            showIcon
            role="alert"
            data-testid="signin-error"
            title={failure(step === 'password' ? mutation.error : codeMutation.error)}
          />
        )}
        {step === 'code' ? (
          <Form<{ code: string }>
            form={codeForm}
            layout="vertical"
            requiredMark={false}
            disabled={codeMutation.isPending}
            onFinish={(values) => codeMutation.mutate(values.code.trim())}
          >
            <Typography.Paragraph>{t('signInSecurity.codeText')}</Typography.Paragraph>
            <Form.Item
              name="code"
              label={t('signInSecurity.code')}
              rules={[
                { required: true, whitespace: true, message: t('signInSecurity.codeRequired') },
              ]}
            >
              <Input
                data-testid="signin-code"
                prefix={<SafetyOutlined />}
                autoComplete="one-time-code"
                inputMode="text"
                autoFocus
                maxLength={20}
              />
            </Form.Item>
            <Button
              data-testid="signin-code-submit"
              type="primary"
              htmlType="submit"
              block
              size="large"
              loading={codeMutation.isPending}
            >
              {t('signInSecurity.verify')}
            </Button>
            <Button type="link" block onClick={() => setStep('password')}>
              {t('signInSecurity.back')}
            </Button>
          </Form>
        ) : (
          <Form<SignInRequest>
            form={form}
            layout="vertical"
            requiredMark={false}
            disabled={mutation.isPending}
            onFinish={(values) => mutation.mutate(values)}
          >
            <Form.Item
              name="username"
              label={t('signInSecurity.usernameOrPhone')}
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
        )}
      </Card>
    </div>
  );
}

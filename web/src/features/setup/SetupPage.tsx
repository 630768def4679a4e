import { useEffect, useState } from 'react';
import { Button, Form, Result, Typography, type FormInstance } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client.ts';
import { completeSetup, verifySetupToken } from '../../api/setup.ts';
import { errorMessage } from '../../i18n/error-message.ts';
import { Brand } from '../../app/Brand.tsx';
import { FullPageSpin } from '../../app/FullPageSpin.tsx';
import { LanguageSwitch } from '../../app/LanguageSwitch.tsx';
import { SetupForm } from './SetupForm.tsx';
import { explainSetupFailure } from './setup-errors.ts';
import { toPlan, type SetupFormValues } from './setup-form.ts';
import { forgetToken, takeTokenFromAddressBar, tokenFromFragment } from './setup-token.ts';
import { SETUP_STATUS_KEY, useSetupStatusQuery } from './use-setup-status.ts';
import './setup.css';

type Outcome = 'done' | 'token_invalid' | 'already_done' | null;

export function SetupPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<SetupFormValues>();
  // Read on arrival; the fragment is gone from the address bar right after.
  const [token, setToken] = useState(takeTokenFromAddressBar);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [failure, setFailure] = useState<string | null>(null);

  const status = useSetupStatusQuery();
  const needed = status.data?.needed === true;
  const verify = useQuery({
    queryKey: ['setup', 'verify', token],
    queryFn: () => verifySetupToken(token ?? ''),
    enabled: needed && token !== null && outcome === null,
    staleTime: Infinity,
  });

  useEffect(() => {
    // A new link pasted into this tab only changes the fragment: no reload, no remount.
    const onHashChange = () => {
      if (!tokenFromFragment(window.location.hash)) return;
      setToken(takeTokenFromAddressBar());
      setOutcome(null);
      setFailure(null);
    };
    window.addEventListener('hashchange', onHashChange);
    return () => window.removeEventListener('hashchange', onHashChange);
  }, []);

  useEffect(() => {
    // A finished system has no use for a remembered link.
    if (status.data?.needed === false) forgetToken();
  }, [status.data]);

  const submit = useMutation({
    mutationFn: (values: SetupFormValues) => completeSetup(token ?? '', toPlan(values)),
    onMutate: () => setFailure(null),
    onSuccess: () => {
      forgetToken();
      queryClient.setQueryData(SETUP_STATUS_KEY, { needed: false });
      setOutcome('done');
    },
    onError: (error) => {
      const explained = explainSetupFailure(t, error);
      if (explained.kind !== 'fields') {
        forgetToken();
        setOutcome(explained.kind);
        return;
      }
      // The server names fields by path at run time; the untyped instance accepts any path.
      const anyPathForm: FormInstance = form;
      anyPathForm.setFields(explained.fields);
      setFailure(explained.summary);
    },
  });

  const goSignIn = () => void navigate('/sign-in');

  const content = (() => {
    if (outcome === 'done') {
      return (
        <Result
          status="success"
          title={t('setup.doneTitle')}
          subTitle={t('setup.doneText')}
          extra={
            <Button type="primary" size="large" data-testid="setup-done" onClick={goSignIn}>
              {t('setup.doneButton')}
            </Button>
          }
        />
      );
    }
    if (status.isPending) return <FullPageSpin />;
    if (status.isError)
      return <LoadFailure error={status.error} retry={() => void status.refetch()} />;
    if (!needed || outcome === 'already_done') {
      return (
        <Result
          status="info"
          title={t('setup.alreadyTitle')}
          subTitle={t('setup.alreadyText')}
          extra={
            <Button type="primary" onClick={goSignIn}>
              {t('common.goSignIn')}
            </Button>
          }
        />
      );
    }
    const invalid =
      outcome === 'token_invalid' ||
      verify.data?.valid === false ||
      isApiError(verify.error, 'invalid_input');
    if (token === null || invalid) {
      return (
        <Result
          status="warning"
          title={token === null ? t('setup.missingTitle') : t('setup.invalidTitle')}
          subTitle={
            <>
              {token === null && (
                <Typography.Paragraph>{t('setup.missingText')}</Typography.Paragraph>
              )}
              <Typography.Paragraph>{t('setup.newLinkText')}</Typography.Paragraph>
            </>
          }
        />
      );
    }
    if (verify.isError)
      return <LoadFailure error={verify.error} retry={() => void verify.refetch()} />;
    if (!verify.data) return <FullPageSpin />;
    return (
      <>
        <Typography.Paragraph className="tx-setup-intro">{t('setup.intro')}</Typography.Paragraph>
        <SetupForm
          form={form}
          submitting={submit.isPending}
          failure={failure}
          onSubmit={(values) => submit.mutate(values)}
        />
      </>
    );
  })();

  return (
    <div className="tx-setup-page">
      <header className="tx-setup-header">
        <Brand />
        <Typography.Title level={4} className="tx-setup-title">
          {t('setup.title')}
        </Typography.Title>
        <LanguageSwitch />
      </header>
      <main className="tx-setup-main">{content}</main>
    </div>
  );
}

function LoadFailure({ error, retry }: { error: unknown; retry: () => void }) {
  const { t } = useTranslation();
  return (
    <Result
      status="error"
      title={errorMessage(t, error)}
      extra={
        <Button type="primary" onClick={retry}>
          {t('common.retry')}
        </Button>
      }
    />
  );
}

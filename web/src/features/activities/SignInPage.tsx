import { useState } from 'react';
import { Button, Card, Result, Spin, Typography } from 'antd';
import { CheckCircleOutlined } from '@ant-design/icons';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { ActivitySignInResult } from '@tongxin/contract';
import { signIn } from '../../api/activities.ts';
import { activityErrorMessage } from './activity-errors.ts';
import { formatSpan, formatStamp } from './activity-time.ts';
import { useActivity, useActivityMutation } from './use-activities.ts';
import './activities.css';

/**
 * Where the QR code leads (/activities/:id/sign-in?code=…), on the member's phone: what the
 * activity is, one button to sign in, and a plain answer. Signing in is not automatic on
 * opening, so a link forwarded to someone's chat cannot sign them in by accident.
 */
export function SignInPage() {
  const { activityId = '' } = useParams();
  const [params] = useSearchParams();
  const code = params.get('code') ?? '';
  const { t } = useTranslation();
  const navigate = useNavigate();
  const activity = useActivity(activityId);
  const [result, setResult] = useState<ActivitySignInResult | null>(null);
  const sign = useActivityMutation(() => signIn(activityId, code));
  const back = (
    <Button onClick={() => void navigate(`/activities/${activityId}`)}>
      {t('activities.signIn.toActivity')}
    </Button>
  );

  if (result) {
    return (
      <Result
        status="success"
        data-testid="sign-in-result"
        data-outcome="success"
        title={result.already ? t('activities.signIn.already') : t('activities.signIn.done')}
        subTitle={t('activities.signIn.at', { time: formatStamp(result.signedInAt) })}
        extra={back}
      />
    );
  }
  if (!code) {
    return <Result status="warning" title={t('activities.signIn.noCode')} extra={back} />;
  }
  if (activity.isPending) return <Spin />;
  if (sign.isError) {
    return (
      <Result
        status="error"
        data-testid="sign-in-result"
        data-outcome="error"
        title={t('activities.signIn.failed')}
        subTitle={activityErrorMessage(t, sign.error)}
        extra={back}
      />
    );
  }
  if (activity.isError) {
    return <Result status="error" title={activityErrorMessage(t, activity.error)} extra={back} />;
  }
  const { record } = activity.data;
  return (
    <Card className="tx-activity-sign-in" data-testid="sign-in-page">
      <Typography.Title level={4}>{record.title}</Typography.Title>
      <Typography.Paragraph type="secondary">
        {formatSpan(record.startsAt, record.endsAt)}
        <br />
        {record.place}
      </Typography.Paragraph>
      <Button
        type="primary"
        size="large"
        block
        icon={<CheckCircleOutlined />}
        loading={sign.isPending}
        data-testid="sign-in-button"
        onClick={() => sign.mutate(undefined, { onSuccess: setResult })}
      >
        {t('activities.signIn.button')}
      </Button>
    </Card>
  );
}

import { useEffect, useRef, useState } from 'react';
import { Alert, Button, Progress, Space, Statistic, Typography } from 'antd';
import { CopyOutlined, FullscreenExitOutlined, FullscreenOutlined } from '@ant-design/icons';
import QRCode from 'qrcode';
import { useTranslation } from 'react-i18next';
import type { Activity } from '@tongxin/contract';
import { activityErrorMessage } from './activity-errors.ts';
import { formatStamp } from './activity-time.ts';
import { useSignInCode } from './use-activities.ts';

/** The time, ticking once a second while shown (the window opens, the countdown runs). */
function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 1_000);
    return () => window.clearInterval(timer);
  }, []);
  return now;
}

/**
 * 扫码签到 for the officer's screen (or a projector): the server's current code as a QR code,
 * drawn again each time the code rotates, so a photo of it passed around soon stops working.
 * Members scan it with their phone's camera and land on the sign-in page.
 */
export function SignInQrPanel({ activity }: { activity: Activity }) {
  const { t } = useTranslation();
  const canvas = useRef<HTMLCanvasElement>(null);
  const [big, setBig] = useState(false);
  const now = useNow();
  const open =
    new Date(activity.signInOpensAt).getTime() <= now &&
    now < new Date(activity.signInClosesAt).getTime();
  const code = useSignInCode(activity.record.id, open);
  const expiresAt = code.data?.expiresAt;
  const secondsLeft = expiresAt
    ? Math.max(0, Math.ceil((new Date(expiresAt).getTime() - now) / 1_000))
    : 0;
  const url = code.data?.url;

  useEffect(() => {
    if (!url || !canvas.current) return;
    void QRCode.toCanvas(canvas.current, url, {
      width: big ? 480 : 260,
      margin: 2,
      errorCorrectionLevel: 'M',
    });
  }, [url, big]);

  if (!open) {
    return (
      <Alert
        type="info"
        showIcon
        data-testid="activity-qr-closed"
        title={t('activities.qr.closed', {
          opens: formatStamp(activity.signInOpensAt),
          closes: formatStamp(activity.signInClosesAt),
        })}
      />
    );
  }
  if (code.isError) {
    return <Alert type="error" showIcon title={activityErrorMessage(t, code.error)} />;
  }
  const { counts } = activity.record;
  const step = code.data?.stepSeconds ?? 30;
  return (
    <div className={big ? 'tx-activity-qr tx-activity-qr-big' : 'tx-activity-qr'}>
      <Typography.Title level={5} className="tx-activity-qr-title">
        {activity.record.title}
      </Typography.Title>
      <canvas
        ref={canvas}
        className="tx-activity-qr-canvas"
        data-testid="activity-qr"
        data-url={url ?? ''}
        aria-label={t('activities.qr.alt')}
      />
      <Progress
        percent={Math.round((secondsLeft / step) * 100)}
        showInfo={false}
        size="small"
        className="tx-activity-qr-progress"
      />
      <Typography.Text type="secondary">
        {t('activities.qr.rotates', { seconds: secondsLeft })}
      </Typography.Text>
      <Space size="large" className="tx-activity-qr-counts">
        <Statistic
          title={t('activities.attendance.present')}
          value={counts.present}
          suffix={`/ ${counts.expected}`}
        />
        <Statistic title={t('activities.attendance.leave')} value={counts.leave} />
      </Space>
      <Typography.Text type="secondary">
        {t('activities.qr.window', {
          opens: formatStamp(activity.signInOpensAt),
          closes: formatStamp(activity.signInClosesAt),
        })}
      </Typography.Text>
      <Space wrap>
        <Button
          icon={big ? <FullscreenExitOutlined /> : <FullscreenOutlined />}
          onClick={() => setBig((b) => !b)}
        >
          {big ? t('activities.qr.smaller') : t('activities.qr.bigger')}
        </Button>
        {url && (
          <Typography.Text copyable={{ text: url, icon: <CopyOutlined /> }} type="secondary">
            {t('activities.qr.copyLink')}
          </Typography.Text>
        )}
      </Space>
    </div>
  );
}

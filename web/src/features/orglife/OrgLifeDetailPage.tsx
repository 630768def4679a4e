import { useState } from 'react';
import { App, Button, Card, Result, Space, Spin, Steps, Tabs, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ORG_LIFE_STATUSES, type OrgLifeMeeting } from '@tongxin/contract';
import { isApiError } from '../../api/client.ts';
import { advanceMeeting, submitReport } from '../../api/orglife.ts';
import { useIsMobile } from '../../app/use-is-mobile.ts';
import { CriticismsPanel } from './CriticismsPanel.tsx';
import { OpinionsPanel } from './OpinionsPanel.tsx';
import { OverviewPanel } from './OverviewPanel.tsx';
import { RectificationsPanel } from './RectificationsPanel.tsx';
import { ReportPanel } from './ReportPanel.tsx';
import { StatusTag, formatDay, formatTime } from './OrgLifeMeta.tsx';
import { orgLifeErrorMessage } from './orglife-errors.ts';
import { useMeeting, useOrgLifeMutation } from './use-orglife.ts';
import './orglife.css';

/** One cycle: its stage, and a tab for each part of the record. */
export function OrgLifeDetailPage() {
  const { meetingId = '' } = useParams();
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const isMobile = useIsMobile();
  const meeting = useMeeting(meetingId);
  const [tab, setTab] = useState('overview');

  if (meeting.isPending) return <Spin />;
  if (meeting.isError) {
    return (
      <Result
        status={isApiError(meeting.error, 'not_found') ? '404' : 'error'}
        title={orgLifeErrorMessage(t, meeting.error)}
        extra={<Button onClick={() => void navigate('/org-life')}>{t('orglife.back')}</Button>}
      />
    );
  }
  const m = meeting.data;
  return (
    <Space orientation="vertical" size="middle" className="tx-orglife-full">
      <Button
        type="link"
        icon={<ArrowLeftOutlined />}
        onClick={() => void navigate('/org-life')}
        className="tx-orglife-back"
      >
        {t('orglife.back')}
      </Button>
      <Card data-testid="orglife-detail">
        <Space orientation="vertical" size={8} className="tx-orglife-full">
          <Space wrap>
            <Typography.Title level={4} className="tx-orglife-heading" data-testid="orglife-title">
              {m.title}
            </Typography.Title>
            <StatusTag status={m.status} />
          </Space>
          <span className="tx-muted">
            {m.orgName} · {m.year}
            {m.meetingDate ? ` · ${formatDay(m.meetingDate, i18n.language)}` : ''}
          </span>
          <Steps
            size="small"
            orientation={isMobile ? 'vertical' : 'horizontal'}
            current={ORG_LIFE_STATUSES.indexOf(m.status)}
            items={ORG_LIFE_STATUSES.map((s) => ({ title: t(`orglife.status.${s}`) }))}
          />
          {m.submittedAt && (
            <Typography.Text type="success" data-testid="orglife-reported">
              {t('orglife.reportedTo', {
                time: formatTime(m.submittedAt),
                name: m.submittedByName ?? '',
                org: m.reportedToOrgName ?? '',
              })}
            </Typography.Text>
          )}
          <StageActions meeting={m} />
        </Space>
      </Card>
      <Card>
        <Tabs
          activeKey={tab}
          onChange={setTab}
          items={[
            {
              key: 'overview',
              label: <span data-testid="orglife-tab-overview">{t('orglife.tabs.overview')}</span>,
              children: <OverviewPanel meeting={m} />,
            },
            {
              key: 'opinions',
              label: <span data-testid="orglife-tab-opinions">{t('orglife.tabs.opinions')}</span>,
              children: <OpinionsPanel meeting={m} />,
            },
            {
              key: 'criticisms',
              label: (
                <span data-testid="orglife-tab-criticisms">{t('orglife.tabs.criticisms')}</span>
              ),
              children: <CriticismsPanel meeting={m} />,
            },
            {
              key: 'rectifications',
              label: (
                <span data-testid="orglife-tab-rectifications">
                  {t('orglife.tabs.rectifications')}
                </span>
              ),
              children: <RectificationsPanel meeting={m} />,
            },
            ...(m.may.readAll
              ? [
                  {
                    key: 'report',
                    label: <span data-testid="orglife-tab-report">{t('orglife.tabs.report')}</span>,
                    children: <ReportPanel meeting={m} />,
                  },
                ]
              : []),
          ]}
        />
      </Card>
    </Space>
  );
}

/** The next step of the cycle, for those who run it. */
function StageActions({ meeting: m }: { meeting: OrgLifeMeeting }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const advance = useOrgLifeMutation((to: 'held' | 'rectifying') => advanceMeeting(m.id, to));
  const submit = useOrgLifeMutation(() => submitReport(m.id));
  if (!m.may.manage) return null;
  const onError = (e: unknown) => void message.error(orgLifeErrorMessage(t, e));
  const next = m.status === 'preparing' ? 'held' : m.status === 'held' ? 'rectifying' : null;
  return (
    <div className="tx-orglife-actions">
      {next && (
        <Button
          data-testid="orglife-advance"
          loading={advance.isPending}
          onClick={() => advance.mutate(next, { onError })}
        >
          {t(`orglife.advance.${next}`)}
        </Button>
      )}
      {m.status === 'rectifying' && (
        <Button
          type="primary"
          data-testid="orglife-submit"
          loading={submit.isPending}
          onClick={() =>
            void modal.confirm({
              title: t('orglife.submit'),
              content: t('orglife.confirmSubmit'),
              okText: t('orglife.submit'),
              cancelText: t('orglife.cancel'),
              onOk: () =>
                submit.mutateAsync(undefined, {
                  onSuccess: () => void message.success(t('orglife.submitted')),
                  onError,
                }),
            })
          }
        >
          {t('orglife.submit')}
        </Button>
      )}
    </div>
  );
}

import { Alert, Button, Spin, Typography } from 'antd';
import { FileWordOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { OrgLifeMeeting } from '@tongxin/contract';
import { reportDocxUrl } from '../../api/orglife.ts';
import { formatDay, formatTime } from './OrgLifeMeta.tsx';
import { orgLifeErrorMessage } from './orglife-errors.ts';
import { useReport } from './use-orglife.ts';

/** The report upward, shown as it is generated from the records, and its Word download. */
export function ReportPanel({ meeting: m }: { meeting: OrgLifeMeeting }) {
  const { t, i18n } = useTranslation();
  const report = useReport(m.id, m.may.readAll);
  if (report.isPending) return <Spin />;
  if (report.isError) return <Alert type="error" title={orgLifeErrorMessage(t, report.error)} />;
  const r = report.data;
  const o = r.opinions;
  const day = (d: string) => formatDay(d, i18n.language);
  return (
    <div className="tx-orglife-report" data-testid="orglife-report">
      <div className="tx-orglife-actions">
        <Button
          type="primary"
          icon={<FileWordOutlined />}
          href={reportDocxUrl(m.id)}
          download
          data-testid="orglife-report-download"
        >
          {t('orglife.report.download')}
        </Button>
      </div>
      <Alert
        type="warning"
        showIcon
        className="tx-orglife-edit"
        title={t('orglife.report.confidential')}
      />
      <Typography.Title level={4} className="tx-orglife-edit">
        {t('orglife.report.title', { org: r.meeting.orgName, year: r.meeting.year })}
      </Typography.Title>
      <h3>{t('orglife.report.basics')}</h3>
      <p>
        {r.meeting.title}
        {r.meeting.meetingDate ? ` · ${day(r.meeting.meetingDate)}` : ''}
      </p>
      <p>
        {t('orglife.report.attendance')}：
        {r.attendance
          ? t('orglife.report.attendanceLine', r.attendance)
          : t('orglife.report.attendanceNone')}
      </p>
      {r.meeting.summary && <div className="tx-orglife-text">{r.meeting.summary}</div>}
      <h3>{t('orglife.report.opinions')}</h3>
      <p data-testid="orglife-report-opinions">
        {t('orglife.report.opinionLine', {
          total: o.total,
          committee: o.aboutCommittee,
          members: o.aboutMembers,
          masses: o.fromMasses,
          anonymous: o.anonymous,
        })}
      </p>
      {o.summary && <div className="tx-orglife-text">{o.summary}</div>}
      <h3>{t('orglife.report.members')}</h3>
      <div className="tx-orglife-scroll">
        <table>
          <thead>
            <tr>
              <th>{t('orglife.report.name')}</th>
              <th>{t('orglife.report.excerpt')}</th>
              <th>{t('orglife.report.receivedCount')}</th>
            </tr>
          </thead>
          <tbody>
            {r.members.map((p) => (
              <tr key={p.memberId}>
                <td>{p.name}</td>
                <td>{p.selfCriticismExcerpt ?? t('orglife.notRecorded')}</td>
                <td>{p.criticismsReceived}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h3>{t('orglife.report.rectifications')}</h3>
      {r.rectifications.length === 0 ? (
        <p>{t('orglife.rect.empty')}</p>
      ) : (
        <div className="tx-orglife-scroll">
          <table data-testid="orglife-report-rect">
            <thead>
              <tr>
                <th>{t('orglife.rect.problem')}</th>
                <th>{t('orglife.rect.measure')}</th>
                <th>{t('orglife.rect.owner')}</th>
                <th>{t('orglife.rect.deadline')}</th>
                <th>{t('orglife.rect.status')}</th>
                <th>{t('orglife.rect.evidence')}</th>
              </tr>
            </thead>
            <tbody>
              {r.rectifications.map((x) => (
                <tr key={x.id}>
                  <td>{x.problem}</td>
                  <td>{x.measure}</td>
                  <td>{x.ownerName}</td>
                  <td>{day(x.deadline)}</td>
                  <td>
                    {t(`orglife.rect.statuses.${x.status}`)}
                    {x.overdue ? `（${t('orglife.rect.overdue')}）` : ''}
                  </td>
                  <td>{x.evidence ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="tx-muted">
        {t('orglife.report.generated', { time: formatTime(r.generatedAt) })}
      </p>
    </div>
  );
}

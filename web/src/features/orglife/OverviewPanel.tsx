import { useState } from 'react';
import { App, Button, Descriptions, Form, Input } from 'antd';
import { EditOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { OrgLifeMeeting, UpdateOrgLifeMeetingRequest } from '@tongxin/contract';
import { updateMeeting } from '../../api/orglife.ts';
import { ActivityName, ActivitySelect } from './ActivitySelect.tsx';
import { formatDay } from './OrgLifeMeta.tsx';
import { orgLifeErrorMessage } from './orglife-errors.ts';
import { useOrgLifeMutation } from './use-orglife.ts';

interface OverviewForm {
  title: string;
  meetingDate: string;
  activityId: string | null;
  summary: string;
  opinionSummary: string;
}

/** The facts of the meeting and the committee's two texts that go into the report. */
export function OverviewPanel({ meeting: m }: { meeting: OrgLifeMeeting }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [editing, setEditing] = useState(false);
  const save = useOrgLifeMutation((body: UpdateOrgLifeMeetingRequest) => updateMeeting(m.id, body));
  const none = <span className="tx-muted">{t('orglife.notRecorded')}</span>;

  if (editing) {
    return (
      <Form<OverviewForm>
        layout="vertical"
        initialValues={{
          title: m.title,
          meetingDate: m.meetingDate ?? '',
          activityId: m.activityId,
          summary: m.summary,
          opinionSummary: m.opinionSummary,
        }}
        onFinish={(v) =>
          save.mutate(
            {
              title: v.title.trim(),
              meetingDate: v.meetingDate || null,
              activityId: v.activityId ?? null,
              summary: v.summary,
              opinionSummary: v.opinionSummary,
            },
            {
              onSuccess: () => {
                setEditing(false);
                void message.success(t('orglife.saved'));
              },
              onError: (e) => void message.error(orgLifeErrorMessage(t, e)),
            },
          )
        }
      >
        <Form.Item
          name="title"
          label={t('orglife.fields.title')}
          rules={[{ required: true, min: 2 }]}
        >
          <Input maxLength={120} />
        </Form.Item>
        <Form.Item name="meetingDate" label={t('orglife.fields.meetingDate')}>
          <Input type="date" data-testid="orglife-date-input" />
        </Form.Item>
        <Form.Item
          name="activityId"
          label={t('orglife.fields.activityId')}
          extra={t('orglife.fields.activityIdHint')}
        >
          <ActivitySelect orgId={m.orgId} />
        </Form.Item>
        <Form.Item
          name="summary"
          label={t('orglife.fields.summary')}
          extra={t('orglife.fields.summaryHint')}
        >
          <Input.TextArea rows={5} maxLength={10_000} data-testid="orglife-summary-input" />
        </Form.Item>
        <Form.Item
          name="opinionSummary"
          label={t('orglife.fields.opinionSummary')}
          extra={t('orglife.fields.opinionSummaryHint')}
        >
          <Input.TextArea rows={4} maxLength={10_000} />
        </Form.Item>
        <div className="tx-orglife-actions">
          <Button
            type="primary"
            htmlType="submit"
            loading={save.isPending}
            data-testid="orglife-save"
          >
            {t('orglife.save')}
          </Button>
          <Button onClick={() => setEditing(false)}>{t('orglife.cancel')}</Button>
        </div>
      </Form>
    );
  }
  return (
    <>
      <Descriptions column={1} size="small" bordered>
        <Descriptions.Item label={t('orglife.fields.meetingDate')}>
          {m.meetingDate ? formatDay(m.meetingDate, i18n.language) : none}
        </Descriptions.Item>
        <Descriptions.Item label={t('orglife.fields.activityId')}>
          {m.activityId ? <ActivityName orgId={m.orgId} activityId={m.activityId} /> : none}
        </Descriptions.Item>
        <Descriptions.Item label={t('orglife.fields.summary')}>
          {m.summary ? <div className="tx-orglife-text">{m.summary}</div> : none}
        </Descriptions.Item>
        {m.may.readAll && (
          <Descriptions.Item label={t('orglife.fields.opinionSummary')}>
            {m.opinionSummary ? <div className="tx-orglife-text">{m.opinionSummary}</div> : none}
          </Descriptions.Item>
        )}
      </Descriptions>
      {m.may.manage && (
        <Button
          icon={<EditOutlined />}
          className="tx-orglife-edit"
          data-testid="orglife-edit"
          onClick={() => setEditing(true)}
        >
          {t('orglife.edit')}
        </Button>
      )}
    </>
  );
}

import { useState } from 'react';
import { App, Button, DatePicker, Empty, Form, Input, List, Modal, Select, Space, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import {
  ACTIVITY_TEXT_MAX,
  MAKEUP_METHODS,
  type Activity,
  type MakeupMethod,
} from '@tongxin/contract';
import { recordMakeup } from '../../api/activities.ts';
import { activityErrorMessage } from './activity-errors.ts';
import { formatStamp } from './activity-time.ts';
import { useActivityMutation } from './use-activities.ts';

interface MakeupForm {
  date: Dayjs;
  method: MakeupMethod;
  content: string;
}

/** 补学: each absentee's make-up study, recorded (and so confirmed) by an officer. */
export function MakeupPanel({ activity }: { activity: Activity }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<MakeupForm>();
  const { record, may } = activity;
  const [who, setWho] = useState<{ memberId: string; name: string } | null>(null);
  const save = useActivityMutation((values: MakeupForm & { memberId: string }) =>
    recordMakeup(record.id, {
      memberId: values.memberId,
      date: values.date.format('YYYY-MM-DD'),
      method: values.method,
      content: values.content.trim(),
    }),
  );
  const made = new Map(record.makeups.map((m) => [m.memberId, m]));
  const absentees = record.attendees.filter((a) => a.status === 'absent' || a.status === 'leave');
  // After finalising a late 补学 is still recorded; the server keeps it as a new version.
  const mayRecord = may.manage;

  return (
    <>
      <List
        dataSource={absentees}
        data-testid="makeups"
        locale={{ emptyText: <Empty description={t('activities.makeup.noAbsentees')} /> }}
        renderItem={(a) => {
          const m = made.get(a.memberId);
          return (
            <List.Item
              key={a.memberId}
              data-testid="makeup-item"
              actions={
                !m && mayRecord
                  ? [
                      <Button
                        key="record"
                        size="small"
                        data-testid="makeup-record"
                        onClick={() => {
                          form.resetFields();
                          setWho({ memberId: a.memberId, name: a.name });
                        }}
                      >
                        {t('activities.makeup.record')}
                      </Button>,
                    ]
                  : []
              }
            >
              <List.Item.Meta
                title={
                  <Space size={6} wrap>
                    <span>{a.name}</span>
                    {a.note && <span className="tx-muted">（{a.note}）</span>}
                    <Tag color={m ? 'green' : 'orange'}>
                      {m ? t('activities.makeup.done') : t('activities.makeup.missing')}
                    </Tag>
                  </Space>
                }
                description={
                  m && (
                    <>
                      <div>
                        {m.date} · {t(`activities.makeup.methods.${m.method}`)}
                      </div>
                      <div className="tx-activity-pre">{m.content}</div>
                      <div className="tx-muted">
                        {t('activities.makeup.confirmedBy', {
                          name: m.confirmedByName,
                          time: formatStamp(m.recordedAt),
                        })}
                      </div>
                    </>
                  )
                }
              />
            </List.Item>
          );
        }}
      />
      <Modal
        open={who !== null}
        title={t('activities.makeup.title', { name: who?.name ?? '' })}
        confirmLoading={save.isPending}
        onCancel={() => setWho(null)}
        onOk={() => form.submit()}
        forceRender
      >
        <Form<MakeupForm>
          form={form}
          layout="vertical"
          initialValues={{ method: 'self_study' }}
          onFinish={(values) =>
            who &&
            save.mutate(
              { ...values, memberId: who.memberId },
              {
                onSuccess: () => {
                  setWho(null);
                  void message.success(t('activities.makeup.saved'));
                },
                onError: (e) => void message.error(activityErrorMessage(t, e)),
              },
            )
          }
        >
          <Form.Item name="date" label={t('activities.makeup.date')} rules={[{ required: true }]}>
            <DatePicker data-testid="makeup-date" />
          </Form.Item>
          <Form.Item name="method" label={t('activities.makeup.method')}>
            <Select
              data-testid="makeup-method"
              options={MAKEUP_METHODS.map((m) => ({
                value: m,
                label: t(`activities.makeup.methods.${m}`),
              }))}
            />
          </Form.Item>
          <Form.Item
            name="content"
            label={t('activities.makeup.content')}
            rules={[{ required: true, whitespace: true, message: t('activities.form.required') }]}
          >
            <Input.TextArea rows={3} maxLength={ACTIVITY_TEXT_MAX} data-testid="makeup-content" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

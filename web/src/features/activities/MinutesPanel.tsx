import { useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Empty,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { EditOutlined, MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import {
  ACTIVITY_AGENDA_MAX,
  ACTIVITY_TEXT_MAX,
  type Activity,
  type ActivityRecord,
  type MinutesInput,
  type Resolution,
} from '@tongxin/contract';
import { amendActivity, saveMinutes } from '../../api/activities.ts';
import { activityErrorMessage } from './activity-errors.ts';
import { formatStamp } from './activity-time.ts';
import { quorumOf } from './quorum.ts';
import { useActivityMutation } from './use-activities.ts';

interface MinutesForm extends MinutesInput {
  reason?: string;
}

/** The planned agenda as the starting point of a record nobody has written yet. */
function startingPoint(record: ActivityRecord): MinutesInput {
  const { minutes, details } = record;
  const planned = 'agenda' in details ? details.agenda : [];
  return {
    agenda:
      minutes.agenda.length > 0 || minutes.updatedAt
        ? minutes.agenda
        : planned.map((title) => ({ title, notes: '' })),
    speeches: minutes.speeches,
    resolutions: minutes.resolutions.map((r) => ({
      title: r.title,
      text: r.text,
      votesFor: r.votesFor,
      votesAgainst: r.votesAgainst,
      votesAbstain: r.votesAbstain,
    })),
    summary: minutes.summary,
  };
}

/** 会议记录: read by everyone who sees the activity, written by its officers. */
export function MinutesPanel({ activity }: { activity: Activity }) {
  const { t } = useTranslation();
  const { record, may } = activity;
  const finalised = record.status === 'finalised';
  const mayWrite = record.status === 'published' ? may.manage : finalised && may.amend;
  const [editing, setEditing] = useState(false);

  if (editing) return <MinutesEditor activity={activity} onDone={() => setEditing(false)} />;
  return (
    <div data-testid="minutes-view">
      {mayWrite && (
        <Button
          icon={<EditOutlined />}
          className="tx-activity-bar"
          data-testid="minutes-edit"
          onClick={() => setEditing(true)}
        >
          {finalised ? t('activities.minutes.amend') : t('activities.minutes.edit')}
        </Button>
      )}
      <MinutesView record={record} />
    </div>
  );
}

/** The record read-only (also used for old versions). */
export function MinutesView({ record }: { record: ActivityRecord }) {
  const { t } = useTranslation();
  const { minutes } = record;
  if (!minutes.updatedAt) {
    return <Empty description={t('activities.minutes.none')} />;
  }
  return (
    <Space direction="vertical" size="middle" className="tx-activity-minutes">
      <Typography.Text type="secondary">
        {t('activities.minutes.updated', {
          name: minutes.updatedByName ?? '',
          time: formatStamp(minutes.updatedAt),
        })}
      </Typography.Text>
      <section>
        <Typography.Title level={5}>{t('activities.minutes.agenda')}</Typography.Title>
        <ol className="tx-activity-agenda">
          {minutes.agenda.map((item, index) => (
            <li key={index}>
              <Typography.Text strong>{item.title}</Typography.Text>
              {item.notes && <div className="tx-activity-pre">{item.notes}</div>}
            </li>
          ))}
        </ol>
      </section>
      {minutes.speeches.length > 0 && (
        <section>
          <Typography.Title level={5}>{t('activities.minutes.speeches')}</Typography.Title>
          {minutes.speeches.map((s, index) => (
            <div key={index} className="tx-activity-speech">
              <Typography.Text strong>{s.speakerName}</Typography.Text>
              {s.agendaIndex !== null && minutes.agenda[s.agendaIndex] && (
                <Typography.Text type="secondary">
                  {' '}
                  （{minutes.agenda[s.agendaIndex]?.title}）
                </Typography.Text>
              )}
              <div className="tx-activity-pre">{s.points}</div>
            </div>
          ))}
        </section>
      )}
      {minutes.resolutions.length > 0 && (
        <section>
          <Typography.Title level={5}>{t('activities.minutes.resolutions')}</Typography.Title>
          <Table<Resolution>
            size="small"
            pagination={false}
            rowKey={(r) => r.title}
            dataSource={minutes.resolutions}
            data-testid="minutes-resolutions"
            scroll={{ x: 480 }}
            columns={[
              {
                title: t('activities.minutes.resolution'),
                dataIndex: 'title',
                render: (title: string, r) => (
                  <>
                    <Typography.Text strong>{title}</Typography.Text>
                    {r.text && <div className="tx-activity-pre">{r.text}</div>}
                  </>
                ),
              },
              { title: t('activities.minutes.for'), dataIndex: 'votesFor' },
              { title: t('activities.minutes.against'), dataIndex: 'votesAgainst' },
              { title: t('activities.minutes.abstain'), dataIndex: 'votesAbstain' },
              {
                title: t('activities.minutes.outcome'),
                dataIndex: 'passed',
                render: (passed: boolean, r) => (
                  <Tag color={passed ? 'green' : 'red'}>
                    {passed
                      ? t('activities.minutes.passed', { entitled: r.entitled })
                      : t('activities.minutes.failed', { entitled: r.entitled })}
                  </Tag>
                ),
              },
            ]}
          />
        </section>
      )}
      {minutes.summary && (
        <section>
          <Typography.Title level={5}>{t('activities.minutes.summary')}</Typography.Title>
          <div className="tx-activity-pre">{minutes.summary}</div>
        </section>
      )}
    </Space>
  );
}

function MinutesEditor({ activity, onDone }: { activity: Activity; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<MinutesForm>();
  const { record } = activity;
  const finalised = record.status === 'finalised';
  const save = useActivityMutation((values: MinutesForm) => {
    const minutes: MinutesInput = {
      agenda: values.agenda.map((a) => ({ title: a.title.trim(), notes: a.notes ?? '' })),
      speeches: values.speeches.map((s) => ({
        speakerMemberId: s.speakerMemberId ?? null,
        speakerName: s.speakerName.trim(),
        agendaIndex: s.agendaIndex ?? null,
        points: s.points,
      })),
      resolutions: values.resolutions.map((r) => ({
        title: r.title.trim(),
        text: r.text ?? '',
        votesFor: r.votesFor ?? 0,
        votesAgainst: r.votesAgainst ?? 0,
        votesAbstain: r.votesAbstain ?? 0,
      })),
      summary: values.summary ?? '',
    };
    return finalised
      ? amendActivity(record.id, { reason: (values.reason ?? '').trim(), minutes })
      : saveMinutes(record.id, minutes);
  });
  const agenda = Form.useWatch('agenda', form) ?? [];
  const resolutions = Form.useWatch('resolutions', form) ?? [];
  const quorum = quorumOf(record);
  const required = [{ required: true, whitespace: true, message: t('activities.form.required') }];
  const attendees = record.attendees.map((a) => ({ value: a.memberId, label: a.name }));

  return (
    <Form<MinutesForm>
      form={form}
      layout="vertical"
      initialValues={startingPoint(record)}
      data-testid="minutes-editor"
      onFinish={(values) =>
        save.mutate(values, {
          onSuccess: () => {
            void message.success(
              finalised ? t('activities.amend.done') : t('activities.minutes.saved'),
            );
            onDone();
          },
        })
      }
    >
      {quorum && (
        <Alert
          className="tx-activity-bar"
          showIcon
          type={quorum.met || resolutions.length === 0 ? 'info' : 'warning'}
          data-testid="minutes-quorum"
          title={t(
            record.type === 'branch_general_meeting'
              ? 'activities.minutes.quorumGeneral'
              : 'activities.minutes.quorumCommittee',
            { present: quorum.present, base: quorum.base },
          )}
          description={quorum.met ? undefined : t('activities.minutes.quorumNotMet')}
        />
      )}
      <Typography.Title level={5}>{t('activities.minutes.agenda')}</Typography.Title>
      <Form.List name="agenda">
        {(fields, { add, remove }) => (
          <>
            {fields.map((field, index) => (
              <Card
                key={field.key}
                size="small"
                className="tx-activity-minutes-card"
                title={`${index + 1}`}
                extra={
                  <MinusCircleOutlined
                    aria-label={t('activities.form.remove')}
                    onClick={() => remove(field.name)}
                  />
                }
              >
                <Form.Item
                  name={[field.name, 'title']}
                  rules={required}
                  label={t('activities.minutes.itemTitle')}
                >
                  <Input maxLength={500} data-testid="minutes-agenda-title" />
                </Form.Item>
                <Form.Item name={[field.name, 'notes']} label={t('activities.minutes.itemNotes')}>
                  <Input.TextArea rows={3} maxLength={ACTIVITY_TEXT_MAX} />
                </Form.Item>
              </Card>
            ))}
            {fields.length < ACTIVITY_AGENDA_MAX && (
              <Button
                type="dashed"
                icon={<PlusOutlined />}
                onClick={() => add({ title: '', notes: '' })}
                data-testid="minutes-add-agenda"
              >
                {t('activities.minutes.addAgenda')}
              </Button>
            )}
          </>
        )}
      </Form.List>
      <Typography.Title level={5} className="tx-activity-section">
        {t('activities.minutes.speeches')}
      </Typography.Title>
      <Form.List name="speeches">
        {(fields, { add, remove }) => (
          <>
            {fields.map((field) => (
              <Card
                key={field.key}
                size="small"
                className="tx-activity-minutes-card"
                extra={
                  <MinusCircleOutlined
                    aria-label={t('activities.form.remove')}
                    onClick={() => remove(field.name)}
                  />
                }
              >
                <div className="tx-activity-form-row">
                  <Form.Item
                    name={[field.name, 'speakerMemberId']}
                    label={t('activities.minutes.speaker')}
                  >
                    <Select
                      allowClear
                      showSearch
                      optionFilterProp="label"
                      options={attendees}
                      data-testid="minutes-speaker"
                      onChange={(id?: string) => {
                        const found = record.attendees.find((a) => a.memberId === id);
                        if (found) {
                          form.setFieldValue(['speeches', field.name, 'speakerName'], found.name);
                        }
                      }}
                    />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'speakerName']}
                    label={t('activities.minutes.speakerName')}
                    rules={required}
                  >
                    <Input maxLength={60} data-testid="minutes-speaker-name" />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'agendaIndex']}
                    label={t('activities.minutes.onItem')}
                  >
                    <Select
                      allowClear
                      options={agenda.map((a, i) => ({
                        value: i,
                        label: `${i + 1}. ${a?.title ?? ''}`,
                      }))}
                    />
                  </Form.Item>
                </div>
                <Form.Item
                  name={[field.name, 'points']}
                  label={t('activities.minutes.points')}
                  rules={required}
                >
                  <Input.TextArea
                    rows={3}
                    maxLength={ACTIVITY_TEXT_MAX}
                    data-testid="minutes-points"
                  />
                </Form.Item>
              </Card>
            ))}
            <Button
              type="dashed"
              icon={<PlusOutlined />}
              data-testid="minutes-add-speech"
              onClick={() =>
                add({ speakerMemberId: null, speakerName: '', agendaIndex: null, points: '' })
              }
            >
              {t('activities.minutes.addSpeech')}
            </Button>
          </>
        )}
      </Form.List>
      <Typography.Title level={5} className="tx-activity-section">
        {t('activities.minutes.resolutions')}
      </Typography.Title>
      <Form.List name="resolutions">
        {(fields, { add, remove }) => (
          <>
            {fields.map((field) => (
              <Card
                key={field.key}
                size="small"
                className="tx-activity-minutes-card"
                extra={
                  <MinusCircleOutlined
                    aria-label={t('activities.form.remove')}
                    onClick={() => remove(field.name)}
                  />
                }
              >
                <Form.Item
                  name={[field.name, 'title']}
                  label={t('activities.minutes.resolution')}
                  rules={required}
                >
                  <Input maxLength={200} data-testid="minutes-resolution-title" />
                </Form.Item>
                <Form.Item
                  name={[field.name, 'text']}
                  label={t('activities.minutes.resolutionText')}
                >
                  <Input.TextArea rows={2} maxLength={ACTIVITY_TEXT_MAX} />
                </Form.Item>
                <Space wrap>
                  <Form.Item name={[field.name, 'votesFor']} label={t('activities.minutes.for')}>
                    <InputNumber min={0} max={5000} data-testid="minutes-votes-for" />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'votesAgainst']}
                    label={t('activities.minutes.against')}
                  >
                    <InputNumber min={0} max={5000} data-testid="minutes-votes-against" />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'votesAbstain']}
                    label={t('activities.minutes.abstain')}
                  >
                    <InputNumber min={0} max={5000} data-testid="minutes-votes-abstain" />
                  </Form.Item>
                </Space>
              </Card>
            ))}
            <Button
              type="dashed"
              icon={<PlusOutlined />}
              data-testid="minutes-add-resolution"
              onClick={() =>
                add({ title: '', text: '', votesFor: 0, votesAgainst: 0, votesAbstain: 0 })
              }
            >
              {t('activities.minutes.addResolution')}
            </Button>
          </>
        )}
      </Form.List>
      <Form.Item
        name="summary"
        label={t('activities.minutes.summary')}
        className="tx-activity-section"
      >
        <Input.TextArea rows={4} maxLength={ACTIVITY_TEXT_MAX} data-testid="minutes-summary" />
      </Form.Item>
      {finalised && (
        <Form.Item
          name="reason"
          label={t('activities.amend.reason')}
          extra={t('activities.amend.help')}
          rules={[
            { required: true, whitespace: true, min: 2, message: t('activities.form.required') },
          ]}
        >
          <Input.TextArea rows={2} maxLength={500} data-testid="minutes-amend-reason" />
        </Form.Item>
      )}
      {save.isError && (
        // A refusal such as the quorum rule stays in view next to the button, not in a toast.
        <Alert
          type="error"
          showIcon
          className="tx-activity-bar"
          data-testid="minutes-error"
          title={activityErrorMessage(t, save.error)}
        />
      )}
      <Space>
        <Button
          type="primary"
          htmlType="submit"
          loading={save.isPending}
          data-testid="minutes-save"
        >
          {finalised ? t('activities.amend.submit') : t('activities.minutes.save')}
        </Button>
        <Button onClick={onDone}>{t('common.cancel')}</Button>
      </Space>
    </Form>
  );
}

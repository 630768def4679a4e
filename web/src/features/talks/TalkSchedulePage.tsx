import { useState } from 'react';
import { App, Button, Card, Form, Input, Select, Spin, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { TALK_PLACE_MAX, TALK_TOPIC_MAX } from '@tongxin/contract';
import { fromShanghaiInput, toShanghaiInput } from './format.ts';
import { talkErrorMessage } from './talk-errors.ts';
import { useScheduleTalk, useTalkCandidates } from './use-talks.ts';
import './talks.css';

interface ScheduleForm {
  otherMemberId: string;
  topic: string;
  /** A `datetime-local` value on the Shanghai clock. */
  scheduledAt: string;
  place: string;
}

/** 约谈: pick the other party (own branch, or below for committee members), topic, time, place. */
export function TalkSchedulePage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<ScheduleForm>();
  const candidates = useTalkCandidates();
  const schedule = useScheduleTalk();
  // Tomorrow at this hour, fixed when the form opens.
  const [tomorrow] = useState(() => toShanghaiInput(new Date(Date.now() + 86_400_000)));
  const chosen = Form.useWatch('otherMemberId', form);
  const pairKind = candidates.data?.find((c) => c.memberId === chosen)?.pairKind;
  const required = [{ required: true, whitespace: true, message: t('talks.form.required') }];

  if (candidates.isPending) return <Spin />;

  const submit = (values: ScheduleForm) =>
    schedule.mutate(
      {
        otherMemberId: values.otherMemberId,
        topic: values.topic.trim(),
        scheduledAt: fromShanghaiInput(values.scheduledAt),
        place: values.place.trim(),
      },
      {
        onSuccess: (talk) => {
          void message.success(t('talks.form.scheduled'));
          void navigate(`/talks/${talk.id}`);
        },
        onError: (e) => void message.error(talkErrorMessage(t, e)),
      },
    );

  return (
    <Card
      title={t('talks.form.title')}
      data-testid="talk-form"
      extra={
        <Button type="link" icon={<ArrowLeftOutlined />} onClick={() => void navigate('/talks')}>
          {t('talks.back')}
        </Button>
      }
    >
      <Form<ScheduleForm>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ scheduledAt: tomorrow }}
      >
        <Form.Item
          name="otherMemberId"
          label={t('talks.form.other')}
          rules={[{ required: true, message: t('talks.form.required') }]}
          extra={
            pairKind ? t('talks.form.pairKind', { kind: t(`talks.pairKinds.${pairKind}`) }) : ''
          }
        >
          <Select
            showSearch
            optionFilterProp="label"
            placeholder={t('talks.form.otherPlaceholder')}
            data-testid="talk-other"
            notFoundContent={t('talks.form.noCandidates')}
            options={(candidates.data ?? []).map((c) => ({
              value: c.memberId,
              label: `${c.name}（${c.branchName}）`,
            }))}
          />
        </Form.Item>
        <Form.Item name="topic" label={t('talks.form.topic')} rules={required}>
          <Input maxLength={TALK_TOPIC_MAX} showCount data-testid="talk-topic" />
        </Form.Item>
        <Form.Item
          name="scheduledAt"
          label={t('talks.form.time')}
          extra={t('talks.form.timeZone')}
          rules={[{ required: true, message: t('talks.form.required') }]}
        >
          {/* The phone's own date and time picker; the value is read on the Shanghai clock. */}
          <Input type="datetime-local" data-testid="talk-time" />
        </Form.Item>
        <Form.Item name="place" label={t('talks.form.place')} rules={required}>
          <Input maxLength={TALK_PLACE_MAX} data-testid="talk-place" />
        </Form.Item>
        <Typography.Paragraph type="secondary">{t('talks.form.privacy')}</Typography.Paragraph>
        <Button
          type="primary"
          htmlType="submit"
          loading={schedule.isPending}
          data-testid="talk-submit"
        >
          {t('talks.form.submit')}
        </Button>
      </Form>
    </Card>
  );
}

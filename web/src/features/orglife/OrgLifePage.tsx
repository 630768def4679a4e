import { useState } from 'react';
import {
  App,
  Button,
  Card,
  Empty,
  Form,
  Input,
  InputNumber,
  List,
  Modal,
  Select,
  Space,
  Tabs,
  Typography,
} from 'antd';
import { PlusOutlined, TeamOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import {
  ORG_LIFE_STATUSES,
  type CreateOrgLifeMeetingRequest,
  type OrgLifeMeeting,
  type OrgLifeStatus,
} from '@tongxin/contract';
import { createMeeting } from '../../api/orglife.ts';
import { ActivitySelect } from './ActivitySelect.tsx';
import { MeetingCounts, StatusTag, formatDay } from './OrgLifeMeta.tsx';
import { orgLifeErrorMessage, testId } from './orglife-errors.ts';
import { useMeetings, useOrgLifeMutation, useOrgLifeTargets } from './use-orglife.ts';
import './orglife.css';

type Box = 'all' | 'reported';

/** 组织生活会: the cycles the caller sees; officers open new ones and read reports from below. */
export function OrgLifePage() {
  const { t } = useTranslation();
  const targets = useOrgLifeTargets();
  const mayCreate = (targets.data?.length ?? 0) > 0;
  const [box, setBox] = useState<Box>('all');
  const [creating, setCreating] = useState(false);

  return (
    <Card
      className="tx-orglife"
      title={
        <Space>
          <TeamOutlined />
          {t('orglife.title')}
        </Space>
      }
      extra={
        mayCreate && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            data-testid="orglife-create"
            onClick={() => setCreating(true)}
          >
            {t('orglife.create')}
          </Button>
        )
      }
    >
      <Tabs
        activeKey={box}
        onChange={(key) => setBox(key as Box)}
        items={[
          { key: 'all', label: t('orglife.tabAll'), children: <MeetingList box="all" /> },
          ...(mayCreate
            ? [
                {
                  key: 'reported',
                  label: t('orglife.tabReported'),
                  children: <MeetingList box="reported" />,
                },
              ]
            : []),
        ]}
      />
      {creating && <CreateMeetingModal onClose={() => setCreating(false)} />}
    </Card>
  );
}

function MeetingList({ box }: { box: Box }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const [year, setYear] = useState<number | null>(null);
  const [status, setStatus] = useState<OrgLifeStatus | undefined>(undefined);
  const list = useMeetings({
    box,
    ...(year ? { year } : {}),
    ...(status ? { status } : {}),
  });
  const thisYear = new Date().getFullYear();
  return (
    <>
      <Space wrap className="tx-orglife-bar">
        <Select<number | null>
          value={year}
          onChange={setYear}
          aria-label={t('orglife.filterYear')}
          className="tx-orglife-filter"
          options={[
            { value: null, label: t('orglife.filterYear') },
            ...[0, 1, 2, 3].map((d) => ({ value: thisYear - d, label: String(thisYear - d) })),
          ]}
        />
        <Select<OrgLifeStatus | undefined>
          value={status}
          onChange={setStatus}
          allowClear
          placeholder={t('orglife.allStatuses')}
          aria-label={t('orglife.filterStatus')}
          className="tx-orglife-filter"
          options={ORG_LIFE_STATUSES.map((s) => ({ value: s, label: t(`orglife.status.${s}`) }))}
        />
      </Space>
      <List<OrgLifeMeeting>
        loading={list.isPending}
        dataSource={list.data ?? []}
        locale={{
          emptyText: (
            <Empty description={box === 'all' ? t('orglife.empty') : t('orglife.emptyReported')} />
          ),
        }}
        renderItem={(m) => (
          <List.Item
            key={m.id}
            className="tx-orglife-item"
            data-testid="orglife-item"
            onClick={() => void navigate(`/org-life/${m.id}`)}
          >
            <List.Item.Meta
              title={
                <Space size={6} wrap>
                  <Typography.Text strong>{m.title}</Typography.Text>
                  <StatusTag status={m.status} />
                </Space>
              }
              description={
                <>
                  <div className="tx-muted">
                    {m.orgName} · {m.year}
                    {m.meetingDate ? ` · ${formatDay(m.meetingDate, i18n.language)}` : ''}
                  </div>
                  <MeetingCounts meeting={m} />
                </>
              }
            />
          </List.Item>
        )}
      />
    </>
  );
}

function CreateMeetingModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const targets = useOrgLifeTargets();
  const [form] = Form.useForm<CreateOrgLifeMeetingRequest & { meetingDate: string }>();
  const create = useOrgLifeMutation(createMeeting);
  const year = new Date().getFullYear();
  const orgId = Form.useWatch('orgId', form);

  const submit = (values: CreateOrgLifeMeetingRequest & { meetingDate: string }) =>
    create.mutate(
      {
        orgId: values.orgId,
        year: values.year,
        title: values.title.trim(),
        meetingDate: values.meetingDate ? values.meetingDate : null,
        ...(values.activityId ? { activityId: values.activityId } : {}),
      },
      {
        onSuccess: (m) => {
          onClose();
          void navigate(`/org-life/${m.id}`);
        },
        onError: (e) => void message.error(orgLifeErrorMessage(t, e)),
      },
    );

  return (
    <Modal
      open
      title={t('orglife.create')}
      onCancel={onClose}
      okText={t('orglife.save')}
      cancelText={t('orglife.cancel')}
      confirmLoading={create.isPending}
      okButtonProps={{ ...testId('orglife-create-submit') }}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{
          orgId: targets.data?.[0]?.id,
          year,
          title: t('orglife.defaultTitle', { year }),
          meetingDate: '',
        }}
      >
        <Form.Item name="orgId" label={t('orglife.fields.org')} rules={[{ required: true }]}>
          <Select
            data-testid="orglife-org"
            options={(targets.data ?? []).map((o) => ({ value: o.id, label: o.name }))}
          />
        </Form.Item>
        <Form.Item name="year" label={t('orglife.fields.year')} rules={[{ required: true }]}>
          <InputNumber min={2000} max={2100} />
        </Form.Item>
        <Form.Item
          name="title"
          label={t('orglife.fields.title')}
          rules={[{ required: true, min: 2, max: 120 }]}
        >
          <Input data-testid="orglife-title-input" maxLength={120} />
        </Form.Item>
        <Form.Item name="meetingDate" label={t('orglife.fields.meetingDate')}>
          <Input type="date" data-testid="orglife-date-input" />
        </Form.Item>
        <Form.Item
          name="activityId"
          label={t('orglife.fields.activityId')}
          extra={t('orglife.fields.activityIdHint')}
        >
          <ActivitySelect orgId={orgId} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

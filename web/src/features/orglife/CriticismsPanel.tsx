import { useState } from 'react';
import {
  Alert,
  App,
  Button,
  Drawer,
  Empty,
  Form,
  Input,
  List,
  Select,
  Space,
  Spin,
  Tag,
} from 'antd';
import { LockOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { CriticismRequest, OrgLifeMeeting, OrgLifeMember } from '@tongxin/contract';
import { addCriticism, saveSelfCriticism } from '../../api/orglife.ts';
import { useIsMobile } from '../../app/use-is-mobile.ts';
import { useSignedInUser } from '../auth/signed-in-user.ts';
import { formatTime } from './OrgLifeMeta.tsx';
import { orgLifeErrorMessage } from './orglife-errors.ts';
import { useCriticismRecord, useCycleMembers, useOrgLifeMutation } from './use-orglife.ts';

/**
 * 批评与自我批评: every member of the branch, and for those the caller may read (themselves;
 * everyone for the committee and higher levels) the record: self-criticism and criticisms
 * received, who said what.
 */
export function CriticismsPanel({ meeting: m }: { meeting: OrgLifeMeeting }) {
  const { t } = useTranslation();
  const members = useCycleMembers(m.id);
  const [open, setOpen] = useState<OrgLifeMember | null>(null);
  return (
    <>
      <Alert type="info" showIcon icon={<LockOutlined />} title={t('orglife.criticisms.intro')} />
      <List<OrgLifeMember>
        loading={members.isPending}
        dataSource={members.data ?? []}
        renderItem={(p) => (
          <List.Item
            key={p.memberId}
            data-testid="orglife-member"
            actions={
              p.mayRead
                ? [
                    <Button
                      key="open"
                      size="small"
                      data-testid="orglife-member-open"
                      onClick={() => setOpen(p)}
                    >
                      {t('orglife.criticisms.open')}
                    </Button>,
                  ]
                : []
            }
          >
            <List.Item.Meta
              title={
                <Space size={4} wrap>
                  <span>{p.name}</span>
                  {p.committee && <Tag color="red">{t('orglife.criticisms.committeeTag')}</Tag>}
                </Space>
              }
              description={
                p.mayRead ? (
                  <Space size={4} wrap>
                    <Tag color={p.hasSelfCriticism ? 'green' : 'default'}>
                      {p.hasSelfCriticism
                        ? t('orglife.criticisms.selfRecorded')
                        : t('orglife.criticisms.selfMissing')}
                    </Tag>
                    <Tag>
                      {t('orglife.criticisms.received', { count: p.criticismsReceived ?? 0 })}
                    </Tag>
                  </Space>
                ) : (
                  <span className="tx-muted">
                    <LockOutlined /> {t('orglife.criticisms.private')}
                  </span>
                )
              }
            />
          </List.Item>
        )}
      />
      {open && (
        <RecordDrawer
          meeting={m}
          member={open}
          members={members.data ?? []}
          onClose={() => setOpen(null)}
        />
      )}
    </>
  );
}

function RecordDrawer({
  meeting: m,
  member,
  members,
  onClose,
}: {
  meeting: OrgLifeMeeting;
  member: OrgLifeMember;
  members: readonly OrgLifeMember[];
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useSignedInUser();
  const isMobile = useIsMobile();
  const record = useCriticismRecord(m.id, member.memberId);
  const [editing, setEditing] = useState(false);
  const [selfForm] = Form.useForm<{ body: string }>();
  const [criticismForm] = Form.useForm<CriticismRequest>();
  const saveSelf = useOrgLifeMutation((body: string) =>
    saveSelfCriticism(m.id, member.memberId, body),
  );
  const add = useOrgLifeMutation((body: CriticismRequest) =>
    addCriticism(m.id, member.memberId, body),
  );
  const open = m.status !== 'reported';
  const mayWriteSelf = open && (m.may.manage || me.memberId === member.memberId);
  const onError = (e: unknown) => void message.error(orgLifeErrorMessage(t, e));

  return (
    <Drawer
      open
      onClose={onClose}
      title={member.name}
      placement={isMobile ? 'bottom' : 'right'}
      size={isMobile ? '85%' : 560}
      data-testid="orglife-record"
    >
      {record.isPending ? (
        <Spin />
      ) : record.isError ? (
        <Alert type="error" title={orgLifeErrorMessage(t, record.error)} />
      ) : (
        <Space orientation="vertical" size="large" className="tx-orglife-full">
          <section>
            <h4>{t('orglife.criticisms.self')}</h4>
            {editing ? (
              <Form
                form={selfForm}
                initialValues={{ body: record.data.selfCriticism ?? '' }}
                onFinish={(v) =>
                  saveSelf.mutate(v.body.trim(), {
                    onSuccess: () => {
                      setEditing(false);
                      void message.success(t('orglife.criticisms.selfSaved'));
                    },
                    onError,
                  })
                }
              >
                <Form.Item name="body" rules={[{ required: true, min: 2, max: 10_000 }]}>
                  <Input.TextArea rows={6} maxLength={10_000} data-testid="orglife-self-input" />
                </Form.Item>
                <div className="tx-orglife-actions">
                  <Button
                    type="primary"
                    htmlType="submit"
                    loading={saveSelf.isPending}
                    data-testid="orglife-self-save"
                  >
                    {t('orglife.save')}
                  </Button>
                  <Button onClick={() => setEditing(false)}>{t('orglife.cancel')}</Button>
                </div>
              </Form>
            ) : (
              <>
                <div className="tx-orglife-text" data-testid="orglife-self-text">
                  {record.data.selfCriticism ?? (
                    <span className="tx-muted">{t('orglife.criticisms.none')}</span>
                  )}
                </div>
                {record.data.selfCriticismAt && (
                  <div className="tx-muted">{formatTime(record.data.selfCriticismAt)}</div>
                )}
                {mayWriteSelf && (
                  <Button
                    className="tx-orglife-edit"
                    data-testid="orglife-self-edit"
                    onClick={() => setEditing(true)}
                  >
                    {t('orglife.criticisms.selfEdit')}
                  </Button>
                )}
              </>
            )}
          </section>
          <section>
            <h4>{t('orglife.criticisms.receivedTitle')}</h4>
            {record.data.received.length === 0 ? (
              <Empty
                image={Empty.PRESENTED_IMAGE_SIMPLE}
                description={t('orglife.criticisms.none')}
              />
            ) : (
              <List
                dataSource={record.data.received}
                renderItem={(c) => (
                  <List.Item key={c.id} data-testid="orglife-criticism">
                    <List.Item.Meta
                      title={c.fromName}
                      description={<div className="tx-orglife-text">{c.body}</div>}
                    />
                  </List.Item>
                )}
              />
            )}
            {m.may.manage && (
              <Form<CriticismRequest>
                form={criticismForm}
                layout="vertical"
                onFinish={(v) =>
                  add.mutate(
                    { fromMemberId: v.fromMemberId, body: v.body.trim() },
                    {
                      onSuccess: () => {
                        criticismForm.resetFields();
                        void message.success(t('orglife.criticisms.added'));
                      },
                      onError,
                    },
                  )
                }
              >
                <Form.Item
                  name="fromMemberId"
                  label={t('orglife.criticisms.from')}
                  rules={[{ required: true }]}
                >
                  <Select
                    showSearch
                    optionFilterProp="label"
                    data-testid="orglife-criticism-from"
                    options={members
                      .filter((p) => p.memberId !== member.memberId)
                      .map((p) => ({ value: p.memberId, label: p.name }))}
                  />
                </Form.Item>
                <Form.Item
                  name="body"
                  label={t('orglife.criticisms.body')}
                  rules={[{ required: true, min: 2, max: 2000 }]}
                >
                  <Input.TextArea rows={3} maxLength={2000} data-testid="orglife-criticism-input" />
                </Form.Item>
                <Button
                  htmlType="submit"
                  loading={add.isPending}
                  data-testid="orglife-criticism-add"
                >
                  {t('orglife.criticisms.add')}
                </Button>
              </Form>
            )}
          </section>
        </Space>
      )}
    </Drawer>
  );
}

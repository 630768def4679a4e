import { useState } from 'react';
import {
  App,
  Button,
  Form,
  Input,
  List,
  Modal,
  Select,
  Space,
  Switch,
  Tag,
  Typography,
} from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import {
  RECTIFICATION_STATUSES,
  type CreateRectificationRequest,
  type OrgLifeMeeting,
  type Rectification,
  type RectificationStatus,
} from '@tongxin/contract';
import { addRectification, closeRectification, updateRectification } from '../../api/orglife.ts';
import { AttachmentList, AttachmentPicker, useAttachmentUploads } from '../files/index.ts';
import { useSignedInUser } from '../auth/signed-in-user.ts';
import { formatDay, formatTime } from './OrgLifeMeta.tsx';
import { orgLifeErrorMessage, testId } from './orglife-errors.ts';
import { useCycleMembers, useOrgLifeMutation, useRectifications } from './use-orglife.ts';

const STATUS_COLOR: Record<RectificationStatus, string> = {
  open: 'default',
  in_progress: 'processing',
  done: 'success',
};

/** 整改事项: filtered by state, overdue and owner; added by the committee, closed with evidence. */
export function RectificationsPanel({ meeting: m }: { meeting: OrgLifeMeeting }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const me = useSignedInUser();
  const [status, setStatus] = useState<RectificationStatus | undefined>(undefined);
  const [overdue, setOverdue] = useState(false);
  const [owner, setOwner] = useState<string | undefined>(undefined);
  const [adding, setAdding] = useState(false);
  const [closing, setClosing] = useState<Rectification | null>(null);
  const members = useCycleMembers(m.id);
  const list = useRectifications(m.id, {
    ...(status ? { status } : {}),
    ...(overdue ? { overdue: true } : {}),
    ...(owner ? { ownerMemberId: owner } : {}),
  });
  const start = useOrgLifeMutation((id: string) =>
    updateRectification(id, { status: 'in_progress' }),
  );
  const open = m.status !== 'reported';

  return (
    <>
      <Space wrap className="tx-orglife-bar">
        <Select<RectificationStatus | undefined>
          value={status}
          onChange={setStatus}
          allowClear
          placeholder={t('orglife.allStatuses')}
          className="tx-orglife-filter"
          aria-label={t('orglife.rect.status')}
          options={RECTIFICATION_STATUSES.map((s) => ({
            value: s,
            label: t(`orglife.rect.statuses.${s}`),
          }))}
        />
        <Select<string | undefined>
          value={owner}
          onChange={setOwner}
          allowClear
          placeholder={t('orglife.rect.allOwners')}
          className="tx-orglife-filter"
          aria-label={t('orglife.rect.owner')}
          options={(members.data ?? []).map((p) => ({ value: p.memberId, label: p.name }))}
        />
        <Space size={4}>
          <Switch
            size="small"
            checked={overdue}
            onChange={setOverdue}
            data-testid="orglife-only-overdue"
          />
          <span>{t('orglife.rect.onlyOverdue')}</span>
        </Space>
        {m.may.manage && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            data-testid="orglife-rect-add"
            onClick={() => setAdding(true)}
          >
            {t('orglife.rect.add')}
          </Button>
        )}
      </Space>
      <List<Rectification>
        loading={list.isPending}
        dataSource={list.data ?? []}
        locale={{ emptyText: t('orglife.rect.empty') }}
        renderItem={(r) => {
          const mayClose =
            open && r.status !== 'done' && (m.may.manage || r.ownerMemberId === me.memberId);
          return (
            <List.Item
              key={r.id}
              data-testid="orglife-rect"
              className={r.overdue ? 'tx-orglife-overdue' : undefined}
              actions={[
                ...(open && m.may.manage && r.status === 'open'
                  ? [
                      <Button
                        key="start"
                        size="small"
                        loading={start.isPending}
                        onClick={() =>
                          start.mutate(r.id, {
                            onError: (e) => void message.error(orgLifeErrorMessage(t, e)),
                          })
                        }
                      >
                        {t('orglife.rect.start')}
                      </Button>,
                    ]
                  : []),
                ...(mayClose
                  ? [
                      <Button
                        key="close"
                        size="small"
                        type="primary"
                        data-testid="orglife-rect-close"
                        onClick={() => setClosing(r)}
                      >
                        {t('orglife.rect.close')}
                      </Button>,
                    ]
                  : []),
              ]}
            >
              <List.Item.Meta
                title={
                  <Space size={4} wrap>
                    <Typography.Text strong>{r.problem}</Typography.Text>
                    <Tag color={STATUS_COLOR[r.status]} data-testid="orglife-rect-status">
                      {t(`orglife.rect.statuses.${r.status}`)}
                    </Tag>
                    {r.overdue && (
                      <Tag color="red" data-testid="orglife-rect-overdue">
                        {t('orglife.rect.overdue')}
                      </Tag>
                    )}
                  </Space>
                }
                description={
                  <Space orientation="vertical" size={2} className="tx-orglife-full">
                    <div className="tx-orglife-text">
                      {t('orglife.rect.measure')}：{r.measure}
                    </div>
                    <div className="tx-muted">
                      {t('orglife.rect.owner')}：{r.ownerName} · {t('orglife.rect.deadline')}：
                      {formatDay(r.deadline, i18n.language)}
                    </div>
                    {r.evidence && (
                      <div className="tx-orglife-text" data-testid="orglife-rect-evidence">
                        {t('orglife.rect.evidence')}：{r.evidence}
                      </div>
                    )}
                    {r.attachments.length > 0 && <AttachmentList files={r.attachments} />}
                    {r.closedAt && (
                      <div className="tx-muted">
                        {t('orglife.rect.closedBy', {
                          name: r.closedByName ?? '',
                          time: formatTime(r.closedAt),
                        })}
                      </div>
                    )}
                  </Space>
                }
              />
            </List.Item>
          );
        }}
      />
      {adding && <AddModal meeting={m} onClose={() => setAdding(false)} />}
      {closing && <CloseModal item={closing} onClose={() => setClosing(null)} />}
    </>
  );
}

function AddModal({ meeting: m, onClose }: { meeting: OrgLifeMeeting; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<CreateRectificationRequest>();
  const members = useCycleMembers(m.id);
  const add = useOrgLifeMutation((body: CreateRectificationRequest) =>
    addRectification(m.id, body),
  );
  return (
    <Modal
      open
      title={t('orglife.rect.add')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('orglife.save')}
      cancelText={t('orglife.cancel')}
      confirmLoading={add.isPending}
      okButtonProps={{ ...testId('orglife-rect-save') }}
      destroyOnHidden
    >
      <Form<CreateRectificationRequest>
        form={form}
        layout="vertical"
        onFinish={(v) =>
          add.mutate(
            { ...v, problem: v.problem.trim(), measure: v.measure.trim() },
            {
              onSuccess: () => {
                onClose();
                void message.success(t('orglife.rect.added'));
              },
              onError: (e) => void message.error(orgLifeErrorMessage(t, e)),
            },
          )
        }
      >
        <Form.Item
          name="problem"
          label={t('orglife.rect.problem')}
          rules={[{ required: true, min: 2 }]}
        >
          <Input.TextArea rows={2} maxLength={2000} data-testid="orglife-rect-problem" />
        </Form.Item>
        <Form.Item
          name="measure"
          label={t('orglife.rect.measure')}
          rules={[{ required: true, min: 2 }]}
        >
          <Input.TextArea rows={2} maxLength={2000} data-testid="orglife-rect-measure" />
        </Form.Item>
        <Form.Item
          name="ownerMemberId"
          label={t('orglife.rect.owner')}
          rules={[{ required: true }]}
        >
          <Select
            showSearch
            optionFilterProp="label"
            data-testid="orglife-rect-owner"
            options={(members.data ?? []).map((p) => ({ value: p.memberId, label: p.name }))}
          />
        </Form.Item>
        <Form.Item name="deadline" label={t('orglife.rect.deadline')} rules={[{ required: true }]}>
          <Input type="date" data-testid="orglife-rect-deadline" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function CloseModal({ item, onClose }: { item: Rectification; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [evidence, setEvidence] = useState('');
  const uploads = useAttachmentUploads({ maxFiles: 20 });
  const close = useOrgLifeMutation(() =>
    closeRectification(item.id, {
      evidence: evidence.trim(),
      ...(uploads.fileIds.length > 0 ? { fileIds: uploads.fileIds } : {}),
    }),
  );
  return (
    <Modal
      open
      title={t('orglife.rect.closeTitle')}
      onCancel={onClose}
      okText={t('orglife.rect.close')}
      cancelText={t('orglife.cancel')}
      confirmLoading={close.isPending}
      okButtonProps={{
        disabled: evidence.trim().length < 2 || uploads.uploading,
        ...testId('orglife-close-confirm'),
      }}
      onOk={() =>
        close.mutate(undefined, {
          onSuccess: () => {
            uploads.reset();
            onClose();
            void message.success(t('orglife.rect.closed'));
          },
          onError: (e) => void message.error(orgLifeErrorMessage(t, e)),
        })
      }
    >
      <Typography.Paragraph strong>{item.problem}</Typography.Paragraph>
      <Typography.Paragraph type="secondary">{t('orglife.rect.evidenceHint')}</Typography.Paragraph>
      <Input.TextArea
        rows={4}
        maxLength={2000}
        value={evidence}
        onChange={(e) => setEvidence(e.target.value)}
        aria-label={t('orglife.rect.evidence')}
        data-testid="orglife-evidence-input"
      />
      <AttachmentPicker uploads={uploads} />
    </Modal>
  );
}

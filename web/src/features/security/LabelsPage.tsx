import { useState } from 'react';
import {
  App,
  Button,
  Card,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Result,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { SecurityLabel } from '@tongxin/contract';
import {
  createLabel,
  deleteLabel,
  listClearances,
  listLabels,
  setClearance,
  updateLabel,
} from '../../api/account.ts';
import { isApiError } from '../../api/client.ts';
import { errorMessage } from '../../i18n/error-message.ts';
import { useSignedInUser } from '../auth/signed-in-user.ts';

const LABELS_KEY = ['security-labels'] as const;
const CLEARANCES_KEY = ['security-clearances'] as const;
const SUBMIT = { 'data-testid': 'label-submit' };
const LABEL_ERRORS: readonly string[] = ['label_exists', 'label_in_use', 'unknown_label_level'];
type LabelError = 'label_exists' | 'label_in_use' | 'unknown_label_level';

interface LabelValues {
  name: string;
  level: number;
  colour: string;
}

/** The chip a label shows as, here and (later) on labelled content. */
export const LabelTag = ({ label }: { label: Pick<SecurityLabel, 'name' | 'colour'> }) => (
  <Tag color={label.colour}>{label.name}</Tag>
);

/**
 * 密级标识: the 安全管理员 keeps the label catalogue and sets each account's clearance, the
 * highest label level it may read.
 */
export function LabelsPage() {
  const { t } = useTranslation();
  const me = useSignedInUser();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const allowed = me.adminRole === 'security';
  const labels = useQuery({ queryKey: LABELS_KEY, queryFn: listLabels, enabled: allowed });
  const clearances = useQuery({
    queryKey: CLEARANCES_KEY,
    queryFn: listClearances,
    enabled: allowed,
  });
  // null: closed; 'new': adding; a label: editing it.
  const [editing, setEditing] = useState<SecurityLabel | 'new' | null>(null);
  const [form] = Form.useForm<LabelValues>();
  const [who, setWho] = useState('');
  const onError = (error: unknown) =>
    void message.error(
      isApiError(error) && LABEL_ERRORS.includes(error.code)
        ? t(`labels.errors.${error.code as LabelError}`)
        : errorMessage(t, error),
    );
  const done = () => {
    void queryClient.invalidateQueries({ queryKey: LABELS_KEY });
    void message.success(t('labels.saved'));
  };
  const saveLabel = useMutation({
    mutationFn: (values: LabelValues) =>
      editing === 'new' || editing === null
        ? createLabel(values)
        : updateLabel(editing.id, { name: values.name, colour: values.colour }),
    onSuccess: () => {
      setEditing(null);
      done();
    },
    onError,
  });
  const removeLabel = useMutation({ mutationFn: deleteLabel, onSuccess: done, onError });
  const clear = useMutation({
    mutationFn: ({ userId, level }: { userId: string; level: number }) =>
      setClearance(userId, level),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: CLEARANCES_KEY });
      void message.success(t('labels.clearanceSaved'));
    },
    onError,
  });

  if (!allowed) return <Result status="403" title={t('forbidden.title')} />;
  const open = (label: SecurityLabel | 'new') => {
    setEditing(label);
    form.setFieldsValue(
      label === 'new' ? { name: '', level: undefined, colour: '#722ed1' } : label,
    );
  };
  const byLevel = new Map((labels.data ?? []).map((l) => [l.level, l]));
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title={t('labels.title')}
        loading={labels.isPending}
        extra={
          <Button type="primary" onClick={() => open('new')} data-testid="label-add">
            {t('labels.add')}
          </Button>
        }
      >
        <Typography.Paragraph type="secondary">{t('labels.intro')}</Typography.Paragraph>
        <Table<SecurityLabel>
          rowKey="id"
          size="small"
          pagination={false}
          data-testid="labels-table"
          dataSource={labels.data ?? []}
          columns={[
            {
              key: 'label',
              title: t('labels.name'),
              render: (_, label) => <LabelTag label={label} />,
            },
            { key: 'level', title: t('labels.level'), dataIndex: 'level' },
            {
              key: 'actions',
              title: t('labels.actions'),
              render: (_, label) => (
                <Space>
                  <Button size="small" onClick={() => open(label)}>
                    {t('labels.edit')}
                  </Button>
                  <Popconfirm
                    title={t('labels.confirmDelete')}
                    onConfirm={() => removeLabel.mutate(label.id)}
                  >
                    <Button size="small" danger data-testid={`label-delete-${label.level}`}>
                      {t('labels.delete')}
                    </Button>
                  </Popconfirm>
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <Card title={t('labels.clearances')} loading={clearances.isPending}>
        <Typography.Paragraph type="secondary">{t('labels.clearancesIntro')}</Typography.Paragraph>
        <Input.Search
          allowClear
          style={{ maxWidth: 320, marginBottom: 12 }}
          placeholder={t('labels.searchAccount')}
          onSearch={(value) => setWho(value.trim())}
          data-testid="clearance-search"
        />
        <Table
          rowKey="userId"
          size="small"
          data-testid="clearances-table"
          dataSource={(clearances.data ?? []).filter(
            (a) => !who || a.username.includes(who) || a.displayName.includes(who),
          )}
          columns={[
            { key: 'username', title: t('accounts.username'), dataIndex: 'username' },
            { key: 'displayName', title: t('accounts.displayName'), dataIndex: 'displayName' },
            {
              key: 'level',
              title: t('labels.clearance'),
              render: (_, account) => (
                <Select<number>
                  value={account.level}
                  style={{ minWidth: 140 }}
                  data-testid={`clearance-${account.username}`}
                  disabled={clear.isPending}
                  onChange={(level) => clear.mutate({ userId: account.userId, level })}
                  options={(labels.data ?? []).map((l) => ({
                    value: l.level,
                    label: <LabelTag label={l} />,
                  }))}
                  labelRender={({ value }) => {
                    const label = byLevel.get(Number(value));
                    return label ? <LabelTag label={label} /> : String(value);
                  }}
                />
              ),
            },
          ]}
        />
      </Card>
      <Modal
        open={editing !== null}
        title={editing === 'new' ? t('labels.add') : t('labels.edit')}
        onCancel={() => setEditing(null)}
        onOk={() => form.submit()}
        okButtonProps={SUBMIT}
        confirmLoading={saveLabel.isPending}
        destroyOnHidden
      >
        <Form<LabelValues>
          form={form}
          layout="vertical"
          onFinish={(values) => saveLabel.mutate(values)}
        >
          <Form.Item
            name="name"
            label={t('labels.name')}
            rules={[{ required: true, max: 20, whitespace: true }]}
          >
            <Input data-testid="label-name" />
          </Form.Item>
          <Form.Item
            name="level"
            label={t('labels.level')}
            extra={t('labels.levelFixed')}
            rules={[{ required: true, type: 'integer', min: 0, max: 9 }]}
          >
            <InputNumber
              min={0}
              max={9}
              precision={0}
              disabled={editing !== 'new'}
              data-testid="label-level"
            />
          </Form.Item>
          <Form.Item name="colour" label={t('labels.colour')} rules={[{ required: true }]}>
            <Input type="color" style={{ width: 80 }} data-testid="label-colour" />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}

import { Form, Input } from 'antd';
import { App } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Organisation } from '@tongxin/contract';
import { updateOrg } from '../../api/orgs.ts';
import { OrgFormModal } from './OrgFormModal.tsx';
import { useOrgMutation } from './use-org-mutation.ts';

interface Values {
  name: string;
  reason?: string;
}

export function RenameOrgModal({
  org,
  open,
  onClose,
}: {
  org: Organisation;
  open: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const mutation = useOrgMutation(
    (v: Values) =>
      updateOrg(org.id, { name: v.name.trim(), ...(v.reason ? { reason: v.reason } : {}) }),
    (renamed) => {
      void message.success(t('orgs.renamed', { name: renamed.name }));
      onClose();
    },
  );
  return (
    <OrgFormModal<Values>
      open={open}
      title={t('orgs.renameTitle', { name: org.name })}
      okText={t('orgs.rename')}
      form={form}
      pending={mutation.isPending}
      error={mutation.error}
      testId="org-rename"
      initialValues={{ name: org.name }}
      onSubmit={(v) => mutation.mutate(v)}
      onClose={() => {
        mutation.reset();
        onClose();
      }}
    >
      <Form.Item
        name="name"
        label={t('orgs.createName')}
        rules={[
          { required: true, whitespace: true, message: t('orgs.createNameRequired') },
          { min: 2, max: 80, message: t('orgs.createNameRequired') },
        ]}
      >
        <Input data-testid="org-rename-name" maxLength={80} autoComplete="off" />
      </Form.Item>
      <Form.Item name="reason" label={`${t('orgs.reason')} ${t('common.optional')}`}>
        <Input maxLength={500} />
      </Form.Item>
    </OrgFormModal>
  );
}

import { Alert, App, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Organisation } from '@tongxin/contract';
import { dissolveOrg } from '../../api/orgs.ts';
import { OrgFormModal } from './OrgFormModal.tsx';
import { useOrgMutation } from './use-org-mutation.ts';

interface Values {
  reason: string;
}

export function DissolveOrgModal({
  org,
  open,
  onClose,
  onDissolved,
}: {
  org: Organisation;
  open: boolean;
  onClose: () => void;
  onDissolved: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const mutation = useOrgMutation(
    (v: Values) => dissolveOrg(org.id, { reason: v.reason.trim() }),
    () => {
      void message.success(t('orgs.dissolved', { name: org.name }));
      onDissolved();
    },
  );
  return (
    <OrgFormModal<Values>
      open={open}
      title={t('orgs.dissolveTitle', { name: org.name })}
      okText={t('orgs.dissolve')}
      danger
      form={form}
      pending={mutation.isPending}
      error={mutation.error}
      testId="org-dissolve"
      onSubmit={(v) => mutation.mutate(v)}
      onClose={() => {
        mutation.reset();
        onClose();
      }}
    >
      <Alert className="tx-form-alert" type="warning" showIcon title={t('orgs.dissolveHint')} />
      <Form.Item
        name="reason"
        label={t('orgs.reason')}
        rules={[
          { required: true, whitespace: true, message: t('orgs.reasonRequired') },
          { min: 2, max: 500, message: t('orgs.reasonRequired') },
        ]}
      >
        <Input.TextArea data-testid="org-dissolve-reason" maxLength={500} rows={3} />
      </Form.Item>
    </OrgFormModal>
  );
}

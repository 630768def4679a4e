import { Alert, Form } from 'antd';
import { useTranslation } from 'react-i18next';
import { dissolveOrg } from '../../api/orgs.ts';
import { OrgFormModal, ReasonField, type OrgDialogProps } from './OrgFormModal.tsx';
import { useOrgMutation } from './use-org-mutation.ts';

interface Values {
  reason: string;
}

export function DissolveOrgModal({
  org,
  open,
  onClose,
  onDissolved,
}: OrgDialogProps & { onDissolved: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const mutation = useOrgMutation(
    (v: Values) => dissolveOrg(org.id, { reason: v.reason.trim() }),
    () => t('orgs.dissolved', { name: org.name }),
    onDissolved,
  );
  return (
    <OrgFormModal<Values>
      open={open}
      title={t('orgs.dissolveTitle', { name: org.name })}
      okText={t('orgs.dissolve')}
      danger
      form={form}
      mutation={mutation}
      testId="org-dissolve"
      onClose={onClose}
    >
      <Alert className="tx-form-alert" type="warning" showIcon title={t('orgs.dissolveHint')} />
      <ReasonField required testId="org-dissolve-reason" />
    </OrgFormModal>
  );
}

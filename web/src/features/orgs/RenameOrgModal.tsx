import { Form } from 'antd';
import { useTranslation } from 'react-i18next';
import { updateOrg } from '../../api/orgs.ts';
import { optionalReason } from './form-values.ts';
import { OrgFormModal, OrgNameField, ReasonField, type OrgDialogProps } from './OrgFormModal.tsx';
import { useOrgMutation } from './use-org-mutation.ts';

interface Values {
  name: string;
  reason?: string;
}

export function RenameOrgModal({ org, open, onClose }: OrgDialogProps) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const mutation = useOrgMutation(
    (v: Values) => updateOrg(org.id, { name: v.name.trim(), ...optionalReason(v.reason) }),
    (renamed) => t('orgs.renamed', { name: renamed.name }),
    onClose,
  );
  return (
    <OrgFormModal<Values>
      open={open}
      title={t('orgs.renameTitle', { name: org.name })}
      okText={t('orgs.rename')}
      form={form}
      mutation={mutation}
      testId="org-rename"
      initialValues={{ name: org.name }}
      onClose={onClose}
    >
      <OrgNameField testId="org-rename-name" />
      <ReasonField />
    </OrgFormModal>
  );
}

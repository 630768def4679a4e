import { Form, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { moveOrg } from '../../api/orgs.ts';
import { canCreateUnder } from '../auth/roles.ts';
import { useMyRolesQuery } from '../auth/use-my-roles.ts';
import { allowedParents } from './org-tree.ts';
import { optionalReason } from './form-values.ts';
import { OrgFormModal, ReasonField, type OrgDialogProps } from './OrgFormModal.tsx';
import { useOrgMutation } from './use-org-mutation.ts';
import { useOrgsQuery } from './use-orgs.ts';

interface Values {
  parentId: string;
  reason?: string;
}

export function MoveOrgModal({ org, open, onClose }: OrgDialogProps) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const orgs = useOrgsQuery();
  const roles = useMyRolesQuery();
  const parents = allowedParents(orgs.data ?? [], org, (id) => canCreateUnder(roles.data, id));
  const mutation = useOrgMutation(
    (v: Values) => moveOrg(org.id, { parentId: v.parentId, ...optionalReason(v.reason) }),
    () => t('orgs.moved', { name: org.name }),
    onClose,
  );
  return (
    <OrgFormModal<Values>
      open={open}
      title={t('orgs.moveTitle', { name: org.name })}
      okText={t('orgs.move')}
      form={form}
      mutation={mutation}
      testId="org-move"
      onClose={onClose}
    >
      <Form.Item
        name="parentId"
        label={t('orgs.newParent')}
        extra={t('orgs.newParentHint')}
        rules={[{ required: true, message: t('orgs.newParentRequired') }]}
      >
        <Select
          showSearch={{ optionFilterProp: 'label' }}
          loading={orgs.isPending || roles.isPending}
          notFoundContent={t('orgs.noParents')}
          options={parents.map((p) => ({
            value: p.id,
            label: `${p.name}（${t(`orgKinds.${p.kind}`)}）`,
          }))}
        />
      </Form.Item>
      <ReasonField />
    </OrgFormModal>
  );
}

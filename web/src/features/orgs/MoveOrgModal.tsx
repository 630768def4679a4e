import { App, Form, Input, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Organisation } from '@tongxin/contract';
import { moveOrg } from '../../api/orgs.ts';
import { canCreateUnder } from '../auth/roles.ts';
import { useMyRolesQuery } from '../auth/use-my-roles.ts';
import { allowedParents } from './org-tree.ts';
import { OrgFormModal } from './OrgFormModal.tsx';
import { useOrgMutation } from './use-org-mutation.ts';
import { useOrgsQuery } from './use-orgs.ts';

interface Values {
  parentId: string;
  reason?: string;
}

export function MoveOrgModal({
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
  const orgs = useOrgsQuery();
  const roles = useMyRolesQuery();
  const parents = allowedParents(orgs.data ?? [], org, (id) => canCreateUnder(roles.data, id));
  const mutation = useOrgMutation(
    (v: Values) =>
      moveOrg(org.id, { parentId: v.parentId, ...(v.reason ? { reason: v.reason } : {}) }),
    () => {
      void message.success(t('orgs.moved', { name: org.name }));
      onClose();
    },
  );
  return (
    <OrgFormModal<Values>
      open={open}
      title={t('orgs.moveTitle', { name: org.name })}
      okText={t('orgs.move')}
      form={form}
      pending={mutation.isPending}
      error={mutation.error}
      testId="org-move"
      onSubmit={(v) => mutation.mutate(v)}
      onClose={() => {
        mutation.reset();
        onClose();
      }}
    >
      <Form.Item
        name="parentId"
        label={t('orgs.newParent')}
        extra={t('orgs.newParentHint')}
        rules={[{ required: true, message: t('orgs.newParentRequired') }]}
      >
        <Select
          data-testid="org-move-parent"
          showSearch={{ optionFilterProp: 'label' }}
          loading={orgs.isPending || roles.isPending}
          notFoundContent={t('orgs.noParents')}
          options={parents.map((p) => ({
            value: p.id,
            label: `${p.name}（${t(`orgKinds.${p.kind}`)}）`,
          }))}
        />
      </Form.Item>
      <Form.Item name="reason" label={`${t('orgs.reason')} ${t('common.optional')}`}>
        <Input maxLength={500} />
      </Form.Item>
    </OrgFormModal>
  );
}

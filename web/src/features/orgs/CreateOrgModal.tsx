import { Alert, App, Form, Input, Modal, Radio } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { OrgKind, Organisation } from '@tongxin/contract';
import { isApiError } from '../../api/client.ts';
import { createOrg } from '../../api/orgs.ts';
import { errorMessage } from '../../i18n/error-message.ts';
import { CHILD_KINDS } from '@tongxin/contract';
import { OrgNameField } from './OrgFormModal.tsx';
import { ORGS_KEY } from './use-orgs.ts';

// data-* attributes pass through to the button but are not part of ButtonProps' type.
const SUBMIT_TEST_ID = { 'data-testid': 'org-create-submit' };

interface CreateOrgValues {
  kind: OrgKind;
  name: string;
  termStartedOn?: string;
}

export function CreateOrgModal({
  parent,
  open,
  onClose,
  onCreated,
}: {
  parent: Organisation;
  open: boolean;
  onClose: () => void;
  onCreated: (org: Organisation) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<CreateOrgValues>();
  const kinds = CHILD_KINDS[parent.kind];

  const mutation = useMutation({
    mutationFn: (values: CreateOrgValues) =>
      createOrg({
        parentId: parent.id,
        kind: values.kind,
        name: values.name.trim(),
        ...(values.termStartedOn ? { termStartedOn: values.termStartedOn } : {}),
      }),
    onSuccess: async (org) => {
      void message.success(t('orgs.created', { name: org.name }));
      await queryClient.invalidateQueries({ queryKey: ORGS_KEY });
      onCreated(org);
    },
    onError: (error) => {
      if (isApiError(error, 'conflict')) {
        form.setFields([{ name: 'name', errors: [t('orgs.nameTaken')] }]);
      }
    },
  });

  return (
    <Modal
      open={open}
      title={t('orgs.createTitle', { parent: parent.name })}
      okText={t('common.create')}
      cancelText={t('common.cancel')}
      okButtonProps={{ ...SUBMIT_TEST_ID }}
      confirmLoading={mutation.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      afterClose={() => mutation.reset()}
      destroyOnHidden
    >
      {mutation.isError && !isApiError(mutation.error, 'conflict') && (
        <Alert
          className="tx-form-alert"
          type="error"
          showIcon
          title={errorMessage(t, mutation.error)}
        />
      )}
      <Form<CreateOrgValues>
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={{ kind: kinds[0] }}
        onFinish={(values) => mutation.mutate(values)}
      >
        <Form.Item name="kind" label={t('orgs.createKind')} rules={[{ required: true }]}>
          <Radio.Group
            optionType="button"
            options={kinds.map((kind) => ({ value: kind, label: t(`orgKinds.${kind}`) }))}
          />
        </Form.Item>
        <OrgNameField testId="org-create-name" />
        <Form.Item name="termStartedOn" label={`${t('orgs.createTerm')} ${t('common.optional')}`}>
          {/* The phone's own date picker is the easiest to use there; the value is YYYY-MM-DD. */}
          <Input type="date" data-testid="org-create-term" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

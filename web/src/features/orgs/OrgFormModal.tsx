import type { ReactNode } from 'react';
import { Alert, Form, Input, Modal, type FormInstance } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Organisation } from '@tongxin/contract';
import { orgErrorMessage } from './org-errors.ts';

/** What every structure dialog is given. */
export interface OrgDialogProps {
  org: Organisation;
  open: boolean;
  onClose: () => void;
}

/** What the frame needs of a mutation (TanStack's useMutation result fits). */
interface FormMutation<V> {
  isPending: boolean;
  error: unknown;
  mutate: (values: V) => void;
  reset: () => void;
}

/** The frame every structure change shares: a form in a modal, the refusal shown above it. */
export function OrgFormModal<V extends object>({
  open,
  title,
  okText,
  danger = false,
  form,
  mutation,
  testId,
  initialValues,
  onClose,
  children,
}: {
  open: boolean;
  title: string;
  okText: string;
  danger?: boolean;
  form: FormInstance<V>;
  mutation: FormMutation<V>;
  testId: string;
  initialValues?: Partial<V>;
  onClose: () => void;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  // data-* attributes pass through to the button but are not part of ButtonProps' type.
  const okProps = { danger, 'data-testid': `${testId}-submit` };
  return (
    <Modal
      open={open}
      title={title}
      okText={okText}
      cancelText={t('common.cancel')}
      okButtonProps={okProps}
      confirmLoading={mutation.isPending}
      onOk={() => form.submit()}
      onCancel={() => {
        mutation.reset();
        onClose();
      }}
      destroyOnHidden
    >
      <div data-testid={testId}>
        {mutation.error !== null && mutation.error !== undefined && (
          <Alert
            className="tx-form-alert"
            type="error"
            showIcon
            data-testid={`${testId}-error`}
            title={orgErrorMessage(t, mutation.error)}
          />
        )}
        <Form<V>
          form={form}
          layout="vertical"
          requiredMark={false}
          initialValues={initialValues}
          onFinish={(values) => mutation.mutate(values)}
        >
          {children}
        </Form>
      </div>
    </Modal>
  );
}

/** An organisation's name, as create and rename ask for it. */
export function OrgNameField({ testId }: { testId: string }) {
  const { t } = useTranslation();
  return (
    <Form.Item
      name="name"
      label={t('orgs.createName')}
      rules={[
        { required: true, whitespace: true, message: t('orgs.createNameRequired') },
        { min: 2, max: 80, message: t('orgs.createNameRequired') },
      ]}
    >
      <Input data-testid={testId} maxLength={80} autoComplete="off" />
    </Form.Item>
  );
}

/** Why a change was made, kept in the organisation's history; optional unless `required`. */
export function ReasonField({ required = false, testId }: { required?: boolean; testId?: string }) {
  const { t } = useTranslation();
  if (!required) {
    return (
      <Form.Item name="reason" label={`${t('orgs.reason')} ${t('common.optional')}`}>
        <Input maxLength={500} />
      </Form.Item>
    );
  }
  return (
    <Form.Item
      name="reason"
      label={t('orgs.reason')}
      rules={[
        { required: true, whitespace: true, message: t('orgs.reasonRequired') },
        { min: 2, max: 500, message: t('orgs.reasonRequired') },
      ]}
    >
      <Input.TextArea data-testid={testId} maxLength={500} rows={3} />
    </Form.Item>
  );
}

import type { ReactNode } from 'react';
import { Alert, Form, Modal, type FormInstance } from 'antd';
import { useTranslation } from 'react-i18next';
import { orgErrorMessage } from './org-errors.ts';

/** The frame every structure change shares: a form in a modal, the refusal shown above it. */
export function OrgFormModal<V extends object>({
  open,
  title,
  okText,
  danger = false,
  form,
  pending,
  error,
  testId,
  initialValues,
  onSubmit,
  onClose,
  children,
}: {
  open: boolean;
  title: string;
  okText: string;
  danger?: boolean;
  form: FormInstance<V>;
  pending: boolean;
  error: unknown;
  testId: string;
  initialValues?: Partial<V>;
  onSubmit: (values: V) => void;
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
      confirmLoading={pending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <div data-testid={testId}>
        {error !== null && error !== undefined && (
          <Alert
            className="tx-form-alert"
            type="error"
            showIcon
            data-testid={`${testId}-error`}
            title={orgErrorMessage(t, error)}
          />
        )}
        <Form<V>
          form={form}
          layout="vertical"
          requiredMark={false}
          initialValues={initialValues}
          onFinish={onSubmit}
        >
          {children}
        </Form>
      </div>
    </Modal>
  );
}

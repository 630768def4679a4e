import { App, Form, Input, Modal, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Member } from '@tongxin/contract';
import { memberErrorMessage } from '../members/member-errors.ts';
import { useStartTransfer, useTransferDestinations } from './use-transfers.ts';

interface Values {
  toBranchId: string;
  reason: string;
}

/** 转出: the sending branch names the receiving branch and the reason. */
export function StartTransferModal({
  member,
  open,
  onClose,
}: {
  member: Member;
  open: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const destinations = useTransferDestinations(open);
  const start = useStartTransfer(member.id);

  const submit = (values: Values) =>
    start.mutate(
      { toBranchId: values.toBranchId, reason: values.reason.trim() },
      {
        onSuccess: () => {
          void message.success(t('transfers.started', { name: member.name }));
          onClose();
        },
        onError: (error) => void message.error(memberErrorMessage(t, error)),
      },
    );

  return (
    <Modal
      open={open}
      title={t('transfers.startTitle', { name: member.name })}
      okText={t('transfers.start')}
      cancelText={t('common.cancel')}
      confirmLoading={start.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form<Values> form={form} layout="vertical" onFinish={submit} data-testid="transfer-form">
        <Form.Item label={t('transfers.from')}>{member.branchName}</Form.Item>
        <Form.Item
          name="toBranchId"
          label={t('transfers.to')}
          rules={[{ required: true, message: t('transfers.toRequired') }]}
        >
          <Select
            data-testid="transfer-to"
            showSearch
            optionFilterProp="label"
            loading={destinations.isPending}
            options={(destinations.data ?? [])
              .filter((d) => d.id !== member.branchId)
              .map((d) => ({ value: d.id, label: d.path }))}
          />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('transfers.reason')}
          rules={[{ required: true, min: 2, max: 500, message: t('transfers.reasonRequired') }]}
        >
          <Input.TextArea data-testid="transfer-reason" rows={3} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

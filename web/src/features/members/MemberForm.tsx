import { useMemo } from 'react';
import { App, Form, Input, Modal, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import {
  GENDERS,
  MEMBER_CONDITIONS,
  MEMBER_STATUSES,
  PHONE_REGEX,
  idCardProblem,
  type CreateMemberRequest,
  type Gender,
  type Member,
  type MemberCondition,
  type MemberStatus,
  type UpdateMemberRequest,
} from '@tongxin/contract';
import { useCurrentOrg } from '../../app/current-org.tsx';
import { memberErrorMessage, refusedField } from './member-errors.ts';
import { useCreateMember, useUpdateMember } from './use-members.ts';

interface Values {
  name: string;
  gender: Gender;
  ethnicity: string;
  birthDate?: string;
  education?: string;
  unit?: string;
  job?: string;
  joinedOn?: string;
  fullMemberOn?: string;
  status: MemberStatus;
  condition: MemberCondition;
  groupId?: string;
  idCard?: string;
  phone?: string;
}

const FORM_FIELDS = new Set<string>([
  'name',
  'gender',
  'ethnicity',
  'birthDate',
  'education',
  'unit',
  'job',
  'joinedOn',
  'fullMemberOn',
  'status',
  'condition',
  'groupId',
  'idCard',
  'phone',
]);
const emptyToNull = (v: string | undefined) => (v && v.trim() !== '' ? v.trim() : null);

/**
 * Adds a member to a branch, or edits one. Personal data is write-only here: the form never
 * shows the clear ID card number or phone; left empty on edit, they stay as they are.
 */
export function MemberForm({
  branchId,
  member,
  open,
  onClose,
}: {
  branchId: string;
  member: Member | null;
  open: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const { orgs } = useCurrentOrg();
  const create = useCreateMember();
  const update = useUpdateMember(member?.id ?? '');
  const pending = create.isPending || update.isPending;
  const groups = useMemo(
    () => orgs.filter((o) => o.kind === 'group' && o.parentId === branchId),
    [orgs, branchId],
  );

  const initial: Partial<Values> = member
    ? {
        name: member.name,
        gender: member.gender,
        ethnicity: member.ethnicity,
        birthDate: member.birthDate ?? undefined,
        education: member.education ?? undefined,
        unit: member.unit ?? undefined,
        job: member.job ?? undefined,
        joinedOn: member.joinedOn ?? undefined,
        fullMemberOn: member.fullMemberOn ?? undefined,
        status: member.status,
        condition: member.condition,
        groupId: member.groupId ?? undefined,
      }
    : { ethnicity: '汉族', status: 'full', condition: 'normal' };

  const submit = async (values: Values) => {
    const profile = {
      name: values.name.trim(),
      gender: values.gender,
      ethnicity: values.ethnicity.trim(),
      birthDate: emptyToNull(values.birthDate),
      education: emptyToNull(values.education),
      unit: emptyToNull(values.unit),
      job: emptyToNull(values.job),
      joinedOn: emptyToNull(values.joinedOn),
      fullMemberOn: emptyToNull(values.fullMemberOn),
      status: values.status,
      condition: values.condition,
      groupId: values.groupId ?? null,
    };
    const idCard = emptyToNull(values.idCard);
    const phone = emptyToNull(values.phone);
    try {
      if (member) {
        const body: UpdateMemberRequest = {
          ...profile,
          ...(idCard ? { idCard } : {}),
          ...(phone ? { phone } : {}),
        };
        await update.mutateAsync(body);
      } else {
        const body: CreateMemberRequest = { ...profile, branchId, idCard, phone };
        await create.mutateAsync(body);
      }
      void message.success(t('members.saved', { name: profile.name }));
      form.resetFields();
      onClose();
    } catch (error) {
      const field = refusedField(error);
      const text = memberErrorMessage(t, error);
      if (field && FORM_FIELDS.has(field)) {
        form.setFields([{ name: field as keyof Values, errors: [text] }]);
      } else void message.error(text);
    }
  };

  const dateInput = <Input type="date" max="2100-12-31" />;
  return (
    <Modal
      open={open}
      title={member ? t('members.editTitle', { name: member.name }) : t('members.addTitle')}
      okText={t('members.save')}
      cancelText={t('common.cancel')}
      confirmLoading={pending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      width={640}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={initial}
        onFinish={(v) => void submit(v)}
        data-testid="member-form"
        className="tx-member-form"
      >
        <Form.Item name="name" label={t('members.name')} rules={[{ required: true, max: 40 }]}>
          <Input maxLength={40} />
        </Form.Item>
        <Form.Item name="gender" label={t('members.gender')} rules={[{ required: true }]}>
          <Select options={GENDERS.map((g) => ({ value: g, label: t(`gender.${g}`) }))} />
        </Form.Item>
        <Form.Item name="ethnicity" label={t('members.ethnicity')} rules={[{ required: true }]}>
          <Input maxLength={20} />
        </Form.Item>
        <Form.Item
          name="idCard"
          label={t('members.idCard')}
          extra={member ? t('members.keepIfEmpty') : undefined}
          rules={[
            {
              validator: async (_, value: string | undefined) => {
                if (!value) return;
                const problem = idCardProblem(value, {
                  birthDate: emptyToNull(form.getFieldValue('birthDate') as string | undefined),
                  gender: form.getFieldValue('gender') as Gender | undefined,
                });
                if (problem) throw new Error(t(`members.idCardProblem.${problem}`));
              },
            },
          ]}
        >
          <Input maxLength={18} autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="phone"
          label={t('members.phone')}
          extra={member ? t('members.keepIfEmpty') : undefined}
          rules={[{ pattern: PHONE_REGEX, message: t('members.phoneInvalid') }]}
        >
          <Input maxLength={13} autoComplete="off" />
        </Form.Item>
        <Form.Item name="birthDate" label={t('members.birthDate')}>
          {dateInput}
        </Form.Item>
        <Form.Item name="education" label={t('members.education')}>
          <Input maxLength={40} />
        </Form.Item>
        <Form.Item name="unit" label={t('members.unit')}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="job" label={t('members.job')}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="status" label={t('members.status')} rules={[{ required: true }]}>
          <Select
            options={MEMBER_STATUSES.map((s) => ({ value: s, label: t(`memberStatus.${s}`) }))}
          />
        </Form.Item>
        <Form.Item name="condition" label={t('members.condition')} rules={[{ required: true }]}>
          <Select
            options={MEMBER_CONDITIONS.map((c) => ({ value: c, label: t(`memberCondition.${c}`) }))}
          />
        </Form.Item>
        <Form.Item name="joinedOn" label={t('members.joinedOn')}>
          {dateInput}
        </Form.Item>
        <Form.Item name="fullMemberOn" label={t('members.fullMemberOn')}>
          {dateInput}
        </Form.Item>
        <Form.Item name="groupId" label={t('members.group')}>
          <Select allowClear options={groups.map((g) => ({ value: g.id, label: g.name }))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

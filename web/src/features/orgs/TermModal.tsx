import { Form, Input, Radio } from 'antd';
import { useTranslation } from 'react-i18next';
import { TERM_YEARS } from '@tongxin/contract';
import { updateOrg } from '../../api/orgs.ts';
import { OrgFormModal, type OrgDialogProps } from './OrgFormModal.tsx';
import { useOrgMutation } from './use-org-mutation.ts';

interface Values {
  termStartedOn: string;
  termYears: 3 | 5;
}

/** A committee elected (换届): the new term's start and length set the next election date. */
export function TermModal({
  org,
  termYears,
  open,
  onClose,
}: OrgDialogProps & { termYears: 3 | 5 }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const mutation = useOrgMutation(
    (v: Values) => updateOrg(org.id, v),
    (updated) => t('orgs.termSaved', { date: updated.nextElectionOn ?? '' }),
    onClose,
  );
  return (
    <OrgFormModal<Values>
      open={open}
      title={t('orgs.termTitle', { name: org.name })}
      okText={t('orgs.save')}
      form={form}
      mutation={mutation}
      testId="org-term"
      initialValues={{ termStartedOn: org.termStartedOn ?? '', termYears }}
      onClose={onClose}
    >
      <Form.Item
        name="termStartedOn"
        label={t('orgs.createTerm')}
        rules={[{ required: true, message: t('orgs.dateRequired') }]}
      >
        <Input type="date" data-testid="org-term-start" />
      </Form.Item>
      <Form.Item name="termYears" label={t('orgs.termYears')} extra={t('orgs.termYearsHint')}>
        <Radio.Group
          optionType="button"
          options={TERM_YEARS.map((y) => ({ value: y, label: t('orgs.years', { count: y }) }))}
        />
      </Form.Item>
    </OrgFormModal>
  );
}

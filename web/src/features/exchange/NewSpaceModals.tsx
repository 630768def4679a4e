import { useDeferredValue, useState } from 'react';
import { App, Form, Input, Modal, Radio, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import {
  CREATABLE_SPACE_KINDS,
  DM_MAX_MEMBERS,
  type CreatableSpaceKind,
  type MyRoles,
} from '@tongxin/contract';
import { useCurrentOrg } from '../../app/current-org.tsx';
import { useMyRolesQuery } from '../auth/use-my-roles.ts';
import { errorMessage } from './errors.ts';
import { useCreateSpace, useOpenDm, usePeople } from './use-exchange.ts';

/** Organisations where the caller holds a post or manages: where they may open spaces. */
export function officerOrgIds(roles: MyRoles | undefined): string[] {
  if (!roles) return [];
  const ids = new Set([
    ...roles.leads,
    ...roles.manages,
    ...roles.roles.filter((r) => r.post !== null).map((r) => r.orgId),
  ]);
  return [...ids];
}

/** A searchable multi-select over the people the caller may talk to. */
function PeoplePicker({
  value,
  onChange,
  max,
  testId,
}: {
  value?: string[];
  onChange?: (ids: string[]) => void;
  max?: number;
  testId: string;
}) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const q = useDeferredValue(search.trim());
  const people = usePeople(q, true);
  const [known, setKnown] = useState<Map<string, string>>(new Map());
  const options = (people.data?.items ?? []).map((p) => ({
    value: p.accountId,
    label: p.branchName ? `${p.displayName}（${p.branchName}）` : p.displayName,
  }));
  // Chosen people stay labelled after the search moves on.
  const selectedOptions = (value ?? [])
    .filter((id) => !options.some((o) => o.value === id))
    .map((id) => ({ value: id, label: known.get(id) ?? id }));
  return (
    <Select
      mode="multiple"
      data-testid={testId}
      showSearch={{ filterOption: false, onSearch: setSearch }}
      loading={people.isFetching}
      placeholder={t('exchange.directPeoplePlaceholder')}
      options={[...selectedOptions, ...options]}
      value={value}
      maxCount={max}
      onChange={(ids: string[]) => {
        const next = new Map(known);
        for (const o of options) next.set(o.value, o.label);
        setKnown(next);
        onChange?.(ids);
      }}
    />
  );
}

export function NewDmModal({
  onClose,
  onOpened,
}: {
  onClose: () => void;
  onOpened: (spaceId: string) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const open = useOpenDm();
  const [form] = Form.useForm<{ accountIds: string[]; name?: string }>();
  const chosen = Form.useWatch('accountIds', form) ?? [];
  return (
    <Modal
      open
      title={t('exchange.newDirect')}
      onCancel={onClose}
      okButtonProps={{ loading: open.isPending, disabled: chosen.length === 0 }}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={(values) =>
          open.mutate(
            { accountIds: values.accountIds, ...(values.name ? { name: values.name } : {}) },
            {
              onSuccess: (detail) => onOpened(detail.space.id),
              onError: (error) => void message.error(errorMessage(t, error)),
            },
          )
        }
      >
        <Form.Item
          name="accountIds"
          label={t('exchange.directPeople')}
          extra={t('exchange.directHint', { max: DM_MAX_MEMBERS - 1 })}
          rules={[{ required: true }]}
        >
          <PeoplePicker max={DM_MAX_MEMBERS - 1} testId="dm-people" />
        </Form.Item>
        {chosen.length > 1 && (
          <Form.Item name="name" label={t('exchange.spaceName')}>
            <Input maxLength={60} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

interface SpaceForm {
  kind: CreatableSpaceKind;
  name: string;
  description?: string;
  orgId: string;
  accountIds?: string[];
}

export function NewSpaceModal({
  onClose,
  onCreated,
}: {
  onClose: () => void;
  onCreated: (spaceId: string) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const roles = useMyRolesQuery();
  const { ordered } = useCurrentOrg();
  const create = useCreateSpace();
  const [form] = Form.useForm<SpaceForm>();
  const kind = Form.useWatch('kind', form) ?? 'study_group';
  const allowed = new Set(officerOrgIds(roles.data));
  const orgOptions = ordered
    .filter((node) => allowed.has(node.org.id))
    .map((node) => ({ value: node.org.id, label: node.org.name }));
  return (
    <Modal
      open
      title={t('exchange.newSpace')}
      onCancel={onClose}
      okButtonProps={{ loading: create.isPending }}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ kind: 'study_group', orgId: orgOptions[0]?.value }}
        onFinish={(values) =>
          create.mutate(
            {
              kind: values.kind,
              name: values.name.trim(),
              orgId: values.orgId,
              ...(values.description ? { description: values.description } : {}),
              ...(values.kind !== 'announcement' && values.accountIds
                ? { accountIds: values.accountIds }
                : {}),
            },
            {
              onSuccess: (detail) => {
                void message.success(t('exchange.spaceCreated'));
                onCreated(detail.space.id);
              },
              onError: (error) => void message.error(errorMessage(t, error)),
            },
          )
        }
      >
        <Form.Item name="kind" label={t('exchange.spaceKind')}>
          <Radio.Group
            optionType="button"
            options={CREATABLE_SPACE_KINDS.map((k) => ({
              value: k,
              label: t(`exchange.kinds.${k}`),
            }))}
          />
        </Form.Item>
        <Form.Item name="orgId" label={t('exchange.spaceOrgs')} rules={[{ required: true }]}>
          <Select options={orgOptions} showSearch={{ optionFilterProp: 'label' }} />
        </Form.Item>
        <Form.Item
          name="name"
          label={t('exchange.spaceName')}
          rules={[{ required: true, whitespace: true, max: 60 }]}
        >
          <Input placeholder={t('exchange.spaceNamePlaceholder')} maxLength={60} />
        </Form.Item>
        <Form.Item name="description" label={t('exchange.spaceDescription')}>
          <Input.TextArea maxLength={500} rows={3} />
        </Form.Item>
        {kind !== 'announcement' ? (
          <Form.Item name="accountIds" label={t('exchange.spaceMembers')}>
            <PeoplePicker testId="space-people" />
          </Form.Item>
        ) : (
          <Typography.Paragraph type="secondary">{t('exchange.readOnly')}</Typography.Paragraph>
        )}
      </Form>
    </Modal>
  );
}

import { useState } from 'react';
import { Button, Descriptions, Drawer, Result, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { SENSITIVE_FIELDS, type Member } from '@tongxin/contract';
import { ContentWatermark } from '../../app/ContentWatermark.tsx';
import { useIsMobile } from '../../app/use-is-mobile.ts';
import { errorMessage } from '../../i18n/error-message.ts';
import { useSignedInUser } from '../auth/signed-in-user.ts';
import { MemberConditionTag, MemberStatusTag } from './member-tags.tsx';
import { useMemberQuery } from './use-members.ts';
import { MemberForm } from './MemberForm.tsx';
import { RevealField } from './RevealField.tsx';
import { MemberTransfers } from '../transfers/MemberTransfers.tsx';
import { StartTransferModal } from '../transfers/StartTransferModal.tsx';

export function MemberDrawer({ member, onClose }: { member: Member | null; onClose: () => void }) {
  const { t } = useTranslation();
  const me = useSignedInUser();
  const isMobile = useIsMobile();
  // The row is shown at once; the record is fetched fresh because the list may be old.
  const detail = useMemberQuery(member?.id);
  const shown = detail.data?.member ?? member;
  const may = detail.data?.may;
  const [editing, setEditing] = useState(false);
  const [transferring, setTransferring] = useState(false);
  const blank = (value: string | null) => value ?? '—';

  return (
    <Drawer
      open={member !== null}
      onClose={onClose}
      title={shown ? shown.name : t('members.detail')}
      size={isMobile ? '100%' : 520}
      placement="right"
      destroyOnHidden
      extra={
        shown &&
        may && (
          <Space>
            {may.edit && (
              <Button data-testid="member-edit" onClick={() => setEditing(true)}>
                {t('members.edit')}
              </Button>
            )}
            {may.transfer && (
              <Button data-testid="member-transfer" onClick={() => setTransferring(true)}>
                {t('transfers.start')}
              </Button>
            )}
          </Space>
        )
      }
    >
      {/* The drawer sits outside the shell's content area, so it carries its own watermark. */}
      <ContentWatermark lines={[me.displayName, me.username]}>
        {detail.isError && !detail.data ? (
          <Result status="warning" title={errorMessage(t, detail.error)} />
        ) : (
          shown && (
            <Descriptions
              data-testid="member-detail"
              bordered
              size="small"
              column={1}
              items={[
                { key: 'name', label: t('members.name'), children: shown.name },
                {
                  key: 'gender',
                  label: t('members.gender'),
                  children: t(`gender.${shown.gender}`),
                },
                { key: 'ethnicity', label: t('members.ethnicity'), children: shown.ethnicity },
                ...SENSITIVE_FIELDS.map((field) => ({
                  key: field,
                  label: t(`members.${field}`),
                  children: (
                    <RevealField
                      memberId={shown.id}
                      field={field}
                      masked={field === 'idCard' ? shown.idCardMasked : shown.phoneMasked}
                      mayReveal={may?.reveal ?? false}
                    />
                  ),
                })),
                { key: 'birth', label: t('members.birthDate'), children: blank(shown.birthDate) },
                {
                  key: 'education',
                  label: t('members.education'),
                  children: blank(shown.education),
                },
                { key: 'unit', label: t('members.unit'), children: blank(shown.unit) },
                { key: 'job', label: t('members.job'), children: blank(shown.job) },
                {
                  key: 'status',
                  label: t('members.status'),
                  children: <MemberStatusTag status={shown.status} />,
                },
                {
                  key: 'condition',
                  label: t('members.condition'),
                  children: <MemberConditionTag condition={shown.condition} />,
                },
                { key: 'joined', label: t('members.joinedOn'), children: blank(shown.joinedOn) },
                {
                  key: 'full',
                  label: t('members.fullMemberOn'),
                  children: blank(shown.fullMemberOn),
                },
                { key: 'branch', label: t('members.branch'), children: shown.branchName },
                { key: 'group', label: t('members.group'), children: blank(shown.groupName) },
              ]}
            />
          )
        )}
        {shown && <MemberTransfers memberId={shown.id} />}
      </ContentWatermark>
      {shown && transferring && (
        <StartTransferModal
          member={shown}
          open={transferring}
          onClose={() => setTransferring(false)}
        />
      )}
      {shown && editing && (
        <MemberForm
          branchId={shown.branchId}
          member={shown}
          open={editing}
          onClose={() => setEditing(false)}
        />
      )}
    </Drawer>
  );
}

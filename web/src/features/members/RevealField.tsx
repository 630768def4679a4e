import { useState } from 'react';
import { Button, Space, Typography } from 'antd';
import { EyeOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { SensitiveField } from '@tongxin/contract';
import { memberErrorMessage } from './member-errors.ts';
import { useRevealMember } from './use-members.ts';

/**
 * A masked value with a 显示 button for those whose role needs it. The clear value lives in
 * this component only, so it disappears when the drawer closes; each click is audited.
 */
export function RevealField({
  memberId,
  field,
  masked,
  mayReveal,
}: {
  memberId: string;
  field: SensitiveField;
  masked: string | null;
  mayReveal: boolean;
}) {
  const { t } = useTranslation();
  const reveal = useRevealMember(memberId);
  const [clear, setClear] = useState<string | null>(null);
  if (masked === null) return <>—</>;
  return (
    <Space size={8} wrap>
      <Typography.Text data-testid={`member-${field}`} copyable={clear ? { text: clear } : false}>
        {clear ?? masked}
      </Typography.Text>
      {mayReveal && clear === null && (
        <Button
          size="small"
          icon={<EyeOutlined />}
          data-testid={`reveal-${field}`}
          loading={reveal.isPending}
          onClick={() => reveal.mutate(field, { onSuccess: (res) => setClear(res.value ?? '—') })}
        >
          {t('members.reveal')}
        </Button>
      )}
      {reveal.isError && (
        <Typography.Text type="danger">{memberErrorMessage(t, reveal.error)}</Typography.Text>
      )}
      {clear !== null && (
        <Typography.Text type="secondary" className="tx-reveal-note">
          {t('members.revealAudited')}
        </Typography.Text>
      )}
    </Space>
  );
}

import { Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { TransferStateTag } from './TransferStateTag.tsx';
import { useMemberTransfers } from './use-transfers.ts';

/** The member's transfer history, shown in the member drawer. */
export function MemberTransfers({ memberId }: { memberId: string }) {
  const { t } = useTranslation();
  const history = useMemberTransfers(memberId);
  const items = history.data ?? [];
  if (items.length === 0) return null;
  return (
    <div className="tx-member-transfers" data-testid="member-transfers">
      <Typography.Title level={5}>{t('transfers.history')}</Typography.Title>
      <Timeline
        items={items.map((tr) => ({
          key: tr.id,
          children: (
            <>
              <div>
                {tr.fromBranchName} → {tr.toBranchName} <TransferStateTag state={tr.state} />
              </div>
              <Typography.Text type="secondary">
                {tr.reason}
                {tr.decisionNote ? ` · ${tr.decisionNote}` : ''}
              </Typography.Text>
            </>
          ),
        }))}
      />
    </div>
  );
}

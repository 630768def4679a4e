import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TransferState } from '@tongxin/contract';

const COLORS: Record<TransferState, string> = {
  requested: 'processing',
  accepted: 'success',
  rejected: 'error',
  cancelled: 'default',
};

export function TransferStateTag({ state }: { state: TransferState }) {
  const { t } = useTranslation();
  return <Tag color={COLORS[state]}>{t(`transfers.state.${state}`)}</Tag>;
}

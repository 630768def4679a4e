import { Spin } from 'antd';
import { useTranslation } from 'react-i18next';

export function FullPageSpin() {
  const { t } = useTranslation();
  return (
    <div className="tx-full-spin" role="status" aria-live="polite">
      <Spin size="large" description={t('common.loading')} />
    </div>
  );
}

import { useTranslation } from 'react-i18next';

/** The heart mark and the name 同心 ("one heart"), which stays Chinese in every language. */
export function Brand({ inverted = true }: { inverted?: boolean }) {
  const { t } = useTranslation();
  return (
    <span className={inverted ? 'tx-brand tx-brand-inverted' : 'tx-brand'} title={t('app.tagline')}>
      <img src="/favicon.svg" alt="" width={24} height={24} />
      <span className="tx-brand-name">同心</span>
    </span>
  );
}

import { Button } from 'antd';
import { TranslationOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Locale } from '@tongxin/contract';
import { currentLocale } from '../i18n/index.ts';
import { useLocaleSwitch } from './use-locale-switch.ts';

const SHORT: Record<Locale, string> = { 'zh-CN': '中', en: 'EN' };

/** With two languages a single toggle is quickest: it names the language it switches to. */
export function LanguageSwitch({
  compact = false,
  className,
}: {
  compact?: boolean;
  className?: string;
}) {
  const { t } = useTranslation();
  const switchLocale = useLocaleSwitch();
  const other: Locale = currentLocale() === 'zh-CN' ? 'en' : 'zh-CN';
  return (
    <Button
      data-testid="lang-switch"
      className={className}
      icon={<TranslationOutlined />}
      title={t('shell.switchLanguage')}
      aria-label={`${t('shell.switchLanguage')}: ${t(`languages.${other}`)}`}
      lang={other}
      onClick={() => void switchLocale(other)}
    >
      {compact ? SHORT[other] : t(`languages.${other}`)}
    </Button>
  );
}

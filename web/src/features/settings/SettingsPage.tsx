import { Card, Form, Radio, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { LOCALES } from '@tongxin/contract';
import { currentLocale, isLocale } from '../../i18n/index.ts';
import { useLocaleSwitch } from '../../app/use-locale-switch.ts';

export function SettingsPage() {
  const { t } = useTranslation();
  const switchLocale = useLocaleSwitch();
  return (
    <Card title={t('settings.title')}>
      <Form layout="vertical">
        <Form.Item label={t('settings.language')} extra={t('settings.languageHint')}>
          <Radio.Group
            data-testid="settings-language"
            optionType="button"
            buttonStyle="solid"
            value={currentLocale()}
            onChange={(event) => {
              const value: unknown = event.target.value;
              if (isLocale(value)) void switchLocale(value);
            }}
            options={LOCALES.map((locale) => ({
              value: locale,
              // Each language names itself, so someone lost in the other one can find theirs.
              label: <span lang={locale}>{t(`languages.${locale}`)}</span>,
            }))}
          />
        </Form.Item>
      </Form>
      <Typography.Text type="secondary">{t('app.tagline')}</Typography.Text>
    </Card>
  );
}

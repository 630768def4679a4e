import { useCallback } from 'react';
import { App } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Locale, Me } from '@tongxin/contract';
import { updatePreferences } from '../api/identity.ts';
import { applyLocale } from '../i18n/index.ts';
import { errorMessage } from '../i18n/error-message.ts';
import { ME_KEY } from '../features/auth/use-me.ts';

/** Switches the language at once and, when someone is signed in, remembers it on the account. */
export function useLocaleSwitch(): (locale: Locale) => Promise<void> {
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const { t } = useTranslation();
  return useCallback(
    async (locale: Locale) => {
      await applyLocale(locale);
      const me = queryClient.getQueryData<Me | null>(ME_KEY);
      if (!me || me.locale === locale) return;
      try {
        queryClient.setQueryData(ME_KEY, await updatePreferences({ locale }));
      } catch (error) {
        void message.warning(t('shell.languageSaveFailed', { message: errorMessage(t, error) }));
      }
    },
    [queryClient, message, t],
  );
}

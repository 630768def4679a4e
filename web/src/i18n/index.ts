import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { LOCALES, type Locale } from '@tongxin/contract';
import { zhCN, type Messages } from './zh-CN.ts';
import { en } from './en.ts';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: Messages };
  }
}

export const DEFAULT_LOCALE: Locale = 'zh-CN';

// Before sign-in there is no account to remember the choice; after sign-in the server's
// copy wins and is mirrored here so the sign-in page opens in the same language next time.
const STORAGE_KEY = 'tongxin.locale';

export const isLocale = (value: unknown): value is Locale =>
  typeof value === 'string' && (LOCALES as readonly string[]).includes(value);

export function storedLocale(): Locale {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return isLocale(value) ? value : DEFAULT_LOCALE;
  } catch {
    return DEFAULT_LOCALE;
  }
}

function rememberLocale(locale: Locale): void {
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // Private browsing may refuse storage; the choice then lasts for this page only.
  }
}

export const currentLocale = (): Locale =>
  isLocale(i18n.resolvedLanguage) ? i18n.resolvedLanguage : DEFAULT_LOCALE;

/** Switches the interface language locally; saving it to the account is the caller's job. */
export async function applyLocale(locale: Locale): Promise<void> {
  rememberLocale(locale);
  if (currentLocale() !== locale) await i18n.changeLanguage(locale);
}

i18n.on('languageChanged', (lng) => {
  document.documentElement.lang = isLocale(lng) ? lng : DEFAULT_LOCALE;
});

export async function initI18n(): Promise<void> {
  await i18n.use(initReactI18next).init({
    resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
    lng: storedLocale(),
    fallbackLng: DEFAULT_LOCALE,
    supportedLngs: [...LOCALES],
    // React escapes everything it renders; escaping here too would show &amp; and friends.
    interpolation: { escapeValue: false },
  });
}

export { i18n };

import type { ReactNode } from 'react';
import { App as AntApp, ConfigProvider } from 'antd';
import antdEnUS from 'antd/locale/en_US';
import antdZhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { currentLocale } from '../i18n/index.ts';
import { theme } from './theme.ts';

export function AppProviders({
  queryClient,
  nonce,
  children,
}: {
  queryClient: QueryClient;
  nonce: string | undefined;
  children: ReactNode;
}) {
  // Subscribes to language changes so antd's own texts (pagination, empty states) follow.
  useTranslation();
  const english = currentLocale() === 'en';
  const antdLocale = english ? antdEnUS : antdZhCN;
  // antd's date pickers and calendars name months and weekdays through dayjs's global locale.
  dayjs.locale(english ? 'en' : 'zh-cn');
  return (
    <QueryClientProvider client={queryClient}>
      <ConfigProvider locale={antdLocale} theme={theme} csp={nonce ? { nonce } : undefined}>
        {/* AntApp gives message/modal hooks that inherit this provider, nonce included. */}
        <AntApp>{children}</AntApp>
      </ConfigProvider>
    </QueryClientProvider>
  );
}

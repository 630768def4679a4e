import type { TFunction } from 'i18next';
import { isApiError } from '../api/client.ts';
import { zhCN } from './zh-CN.ts';

type KnownCode = Exclude<keyof typeof zhCN.errors, 'unknown'>;

const isKnownCode = (code: string): code is KnownCode => code !== 'unknown' && code in zhCN.errors;

/** The user-facing sentence for any thrown value, by the server's stable error code. */
export function errorMessage(t: TFunction, error: unknown): string {
  if (isApiError(error)) {
    if (isKnownCode(error.code)) return t(`errors.${error.code}`);
    return t('errors.unknown', { message: error.message });
  }
  return t('errors.unknown', { message: error instanceof Error ? error.message : String(error) });
}

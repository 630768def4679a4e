import type { TFunction } from 'i18next';
import { isApiError } from '../../api/client.ts';
import { errorMessage as commonMessage } from '../../i18n/error-message.ts';
import { zhCN } from '../../i18n/zh-CN.ts';

type ExchangeErrorCode = keyof typeof zhCN.exchange.errors;
const isExchangeCode = (code: string): code is ExchangeErrorCode => code in zhCN.exchange.errors;

/** Exchange refusals (not a member, read-only space, too long) first, then the common ones. */
export function errorMessage(t: TFunction, error: unknown): string {
  if (isApiError(error) && isExchangeCode(error.code)) return t(`exchange.errors.${error.code}`);
  return commonMessage(t, error);
}

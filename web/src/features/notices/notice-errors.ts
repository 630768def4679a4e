import type { TFunction } from 'i18next';
import { isApiError } from '../../api/client.ts';
import { errorMessage } from '../../i18n/error-message.ts';
import { zhCN } from '../../i18n/zh-CN.ts';

type NoticeErrorCode = keyof typeof zhCN.notices.errors;
const isNoticeCode = (code: string): code is NoticeErrorCode => code in zhCN.notices.errors;

/** Notice refusals (no recipients, too-soon reminder...) first, then the common ones. */
export function noticeErrorMessage(t: TFunction, error: unknown): string {
  if (isApiError(error) && isNoticeCode(error.code)) {
    const details = error.details as { retryAfterSeconds?: unknown } | undefined;
    const seconds = typeof details?.retryAfterSeconds === 'number' ? details.retryAfterSeconds : 60;
    return t(`notices.errors.${error.code}`, { minutes: Math.max(1, Math.ceil(seconds / 60)) });
  }
  return errorMessage(t, error);
}

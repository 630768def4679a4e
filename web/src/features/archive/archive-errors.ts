import type { TFunction } from 'i18next';
import { isApiError } from '../../api/client.ts';
import { errorMessage } from '../../i18n/error-message.ts';
import { zhCN } from '../../i18n/zh-CN.ts';

type ArchiveErrorCode = keyof typeof zhCN.archive.errors;
const isArchiveCode = (code: string): code is ArchiveErrorCode => code in zhCN.archive.errors;

/** Archive refusals (unchanged topic, no checkpoint yet...) first, then the common ones. */
export function archiveErrorMessage(t: TFunction, error: unknown): string {
  if (isApiError(error) && isArchiveCode(error.code)) return t(`archive.errors.${error.code}`);
  return errorMessage(t, error);
}

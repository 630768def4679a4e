import type { TFunction } from 'i18next';
import { isApiError } from '../../api/client.ts';
import { errorMessage } from '../../i18n/error-message.ts';
import { zhCN } from '../../i18n/zh-CN.ts';

type FileErrorKey = keyof typeof zhCN.files.errors;
const isFileCode = (code: string): code is FileErrorKey => code in zhCN.files.errors;

/**
 * Why an attachment failed, in the reader's language: the upload's own refusals (by the
 * server's code, or a local one given as a bare code) first, then the common ones.
 */
export function fileErrorMessage(t: TFunction, error: unknown): string {
  if (typeof error === 'string' && isFileCode(error)) return t(`files.errors.${error}`);
  if (isApiError(error) && isFileCode(error.code)) return t(`files.errors.${error.code}`);
  return errorMessage(t, error);
}

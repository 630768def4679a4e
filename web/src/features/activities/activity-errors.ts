import type { TFunction } from 'i18next';
import { isApiError } from '../../api/client.ts';
import { zhCN } from '../../i18n/zh-CN.ts';
import { fileErrorMessage } from '../files/index.ts';

type ActivityErrorCode = keyof typeof zhCN.activities.errors;
const isActivityCode = (code: string): code is ActivityErrorCode => code in zhCN.activities.errors;

/** Activity refusals (quorum, sign-in window, locked record...) first, then files, then the rest. */
export function activityErrorMessage(t: TFunction, error: unknown): string {
  if (isApiError(error) && isActivityCode(error.code)) {
    return t(`activities.errors.${error.code}`);
  }
  return fileErrorMessage(t, error);
}

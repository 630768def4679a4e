import type { TFunction } from 'i18next';
import { isApiError } from '../../api/client.ts';
import { zhCN } from '../../i18n/zh-CN.ts';
import { fileErrorMessage } from '../files/index.ts';

type ActivityErrorCode = keyof typeof zhCN.activities.errors;
const isActivityCode = (code: string): code is ActivityErrorCode => code in zhCN.activities.errors;

/** Activity refusals (quorum, sign-in window, locked record...) first, then files, then the rest. */
export function activityErrorMessage(t: TFunction, error: unknown): string {
  if (isApiError(error) && isActivityCode(error.code)) {
    const text = t(`activities.errors.${error.code}`);
    // The quorum refusal names the counts it was judged on, so the officer sees what is short.
    const details = error.details as { expected?: unknown; present?: unknown } | undefined;
    if (
      error.code === 'quorum_not_met' &&
      typeof details?.expected === 'number' &&
      typeof details.present === 'number'
    ) {
      return `${text}${t('activities.quorumCounts', { present: details.present, expected: details.expected })}`;
    }
    return text;
  }
  return fileErrorMessage(t, error);
}

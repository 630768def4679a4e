import type { TFunction } from 'i18next';
import { isApiError } from '../../api/client.ts';
import { errorMessage } from '../../i18n/error-message.ts';
import { zhCN } from '../../i18n/zh-CN.ts';

type TalkErrorCode = keyof typeof zhCN.talks.errors;
const isTalkCode = (code: string): code is TalkErrorCode => code in zhCN.talks.errors;

/** Talk refusals (private, out of scope, wrong state...) first, then the common ones. */
export function talkErrorMessage(t: TFunction, error: unknown): string {
  if (isApiError(error) && isTalkCode(error.code)) return t(`talks.errors.${error.code}`);
  return errorMessage(t, error);
}

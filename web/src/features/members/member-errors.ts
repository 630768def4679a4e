import type { TFunction } from 'i18next';
import { isApiError } from '../../api/client.ts';
import { errorMessage } from '../../i18n/error-message.ts';
import { zhCN } from '../../i18n/zh-CN.ts';

type MemberErrorCode = keyof typeof zhCN.members.errors;
const isMemberCode = (code: string): code is MemberErrorCode => code in zhCN.members.errors;

/** Member-specific refusals (ID card checks, dates, transfers) first, then the common ones. */
export function memberErrorMessage(t: TFunction, error: unknown): string {
  if (isApiError(error) && isMemberCode(error.code)) return t(`members.errors.${error.code}`);
  return errorMessage(t, error);
}

/** The form field a refusal names, e.g. "idCard" from details.field. */
export function refusedField(error: unknown): string | null {
  if (!isApiError(error)) return null;
  const details = error.details as { field?: unknown } | undefined;
  return typeof details?.field === 'string' ? details.field.replace(/^body\./, '') : null;
}

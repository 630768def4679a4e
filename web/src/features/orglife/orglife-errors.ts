import type { TFunction } from 'i18next';
import { isApiError } from '../../api/client.ts';
import { errorMessage } from '../../i18n/error-message.ts';
import { zhCN } from '../../i18n/zh-CN.ts';

type OrgLifeErrorCode = keyof typeof zhCN.orglife.errors;
const isOrgLifeCode = (code: string): code is OrgLifeErrorCode => code in zhCN.orglife.errors;

/** The module's refusals (reported, wrong step...) first, then the common ones. */
export function orgLifeErrorMessage(t: TFunction, error: unknown): string {
  if (isApiError(error) && isOrgLifeCode(error.code)) return t(`orglife.errors.${error.code}`);
  return errorMessage(t, error);
}

/** data-* attributes pass through to antd's buttons but are not part of their props' type. */
export const testId = (id: string): { 'data-testid': string } => ({ 'data-testid': id });

import type { TFunction } from 'i18next';
import { isApiError } from '../../api/client.ts';
import { errorMessage } from '../../i18n/error-message.ts';
import { zhCN } from '../../i18n/zh-CN.ts';

type EvaluationErrorCode = keyof typeof zhCN.evaluation.errors;
const isEvaluationCode = (code: string): code is EvaluationErrorCode =>
  code in zhCN.evaluation.errors;

/** Evaluation refusals (the one-third rule with its numbers...) first, then the common ones. */
export function evaluationErrorMessage(t: TFunction, error: unknown): string {
  if (isApiError(error) && isEvaluationCode(error.code)) {
    const d = (error.details ?? {}) as Record<string, unknown>;
    const num = (key: string) => (typeof d[key] === 'number' ? d[key] : 0);
    return t(`evaluation.errors.${error.code}`, {
      excellent: num('excellent'),
      allowed: num('allowed'),
      evaluated: num('evaluated'),
    });
  }
  return errorMessage(t, error);
}

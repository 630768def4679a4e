import type { TFunction } from 'i18next';
import { ADMIN_ROLES, DEFAULT_PASSWORD_POLICY, type AdminRole } from '@tongxin/contract';
import { isApiError } from '../../api/client.ts';
import { errorMessage } from '../../i18n/error-message.ts';
import { zhCN } from '../../i18n/zh-CN.ts';

export interface FieldError {
  name: (string | number)[];
  errors: string[];
}

export type SetupFailure =
  | { kind: 'token_invalid' }
  | { kind: 'already_done' }
  | { kind: 'fields'; fields: FieldError[]; summary: string };

const isRole = (value: unknown): value is AdminRole =>
  typeof value === 'string' && (ADMIN_ROLES as readonly string[]).includes(value);

const detailsOf = (details: unknown): Record<string, unknown> =>
  typeof details === 'object' && details !== null ? (details as Record<string, unknown>) : {};

const FIELD_PATH = /administrators\.(system|security|audit)\.(username|displayName|password)/;

function problemText(t: TFunction, problems: unknown): string {
  if (!Array.isArray(problems)) return '';
  return problems
    .filter(
      (p): p is keyof typeof zhCN.passwordRules => typeof p === 'string' && p in zhCN.passwordRules,
    )
    .map((p) =>
      t(`passwordRules.${p}`, {
        // Setup always checks against the default policy: nothing else exists yet.
        min:
          p === 'too_short'
            ? DEFAULT_PASSWORD_POLICY.minLength
            : DEFAULT_PASSWORD_POLICY.minClasses,
      }),
    )
    .join(t('common.listSeparator'));
}

/** Puts the server's refusal next to the field it concerns, where the form can show it. */
export function explainSetupFailure(t: TFunction, error: unknown): SetupFailure {
  if (isApiError(error, 'setup_token_invalid')) return { kind: 'token_invalid' };
  if (isApiError(error, 'setup_done')) return { kind: 'already_done' };
  const summary = errorMessage(t, error);
  if (!isApiError(error)) return { kind: 'fields', fields: [], summary };
  const details = detailsOf(error.details);

  if (error.code === 'weak_password') {
    const problems = Array.isArray(details.problems) ? details.problems : [];
    if (problems.includes('shared_password')) {
      const fields = ADMIN_ROLES.map((role) => ({
        name: [role, 'password'],
        errors: [t('setup.passwordSame')],
      }));
      return { kind: 'fields', fields, summary: t('setup.passwordSame') };
    }
    if (isRole(details.account)) {
      const reason = problemText(t, problems);
      const text = reason
        ? t('setup.passwordWeakBecause', { reasons: reason })
        : t('errors.weak_password');
      return {
        kind: 'fields',
        fields: [{ name: [details.account, 'password'], errors: [text] }],
        summary,
      };
    }
    return { kind: 'fields', fields: [], summary };
  }

  const field = typeof details.field === 'string' ? details.field : '';
  const match = FIELD_PATH.exec(field);
  if (match && isRole(match[1]) && match[2]) {
    const text =
      error.code === 'conflict'
        ? t(details.sameAs ? 'setup.usernameSame' : 'setup.usernameTaken')
        : summary;
    return { kind: 'fields', fields: [{ name: [match[1], match[2]], errors: [text] }], summary };
  }
  if (field.includes('organisation.name')) {
    return { kind: 'fields', fields: [{ name: ['orgName'], errors: [summary] }], summary };
  }
  return { kind: 'fields', fields: [], summary };
}

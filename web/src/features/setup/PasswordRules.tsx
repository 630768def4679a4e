import { CheckCircleFilled, CloseCircleFilled, MinusCircleOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import {
  DEFAULT_PASSWORD_POLICY,
  passwordProblems,
  type PasswordPolicy,
  type PasswordProblem,
} from '@tongxin/contract';

const RULES: readonly PasswordProblem[] = [
  'too_short',
  'too_few_classes',
  'too_common',
  'contains_username',
];

/** Live checklist of the password policy, from the same function the server applies. */
export function PasswordRules({
  password,
  username,
  id,
  policy = DEFAULT_PASSWORD_POLICY,
}: {
  password: string;
  username: string;
  id: string;
  /** The policy in force; setup runs before any is stored, so it uses the default. */
  policy?: PasswordPolicy;
}) {
  const { t } = useTranslation();
  const empty = password.length === 0;
  const problems = new Set(passwordProblems(password, username || undefined, policy));
  return (
    <ul className="tx-password-rules" id={id} aria-label={t('setup.passwordRulesTitle')}>
      {RULES.map((rule) => {
        const state = empty ? 'pending' : problems.has(rule) ? 'failed' : 'passed';
        return (
          <li key={rule} className={`tx-rule-${state}`} data-rule={rule} data-state={state}>
            {state === 'pending' ? (
              <MinusCircleOutlined />
            ) : state === 'failed' ? (
              <CloseCircleFilled />
            ) : (
              <CheckCircleFilled />
            )}
            <span>
              {t(`passwordRules.${rule}`, {
                min: rule === 'too_short' ? policy.minLength : policy.minClasses,
              })}
            </span>
          </li>
        );
      })}
    </ul>
  );
}

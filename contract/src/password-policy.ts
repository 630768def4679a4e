/**
 * The default 等保 2.0 password profile. The security administrator will be able to
 * tighten it; this is the floor the first accounts are held to. Shared so the web app
 * can explain a refusal before the round trip.
 */
export interface PasswordPolicy {
  minLength: number;
  minClasses: number;
}

export const DEFAULT_PASSWORD_POLICY: PasswordPolicy = { minLength: 8, minClasses: 3 };

export type PasswordProblem = 'too_short' | 'too_few_classes' | 'too_common' | 'contains_username';

// The most used passwords in Chinese and international leaks that still pass the class rule.
const COMMON = new Set(
  [
    'password1!',
    'p@ssw0rd',
    'p@ssword1',
    'passw0rd!',
    'password@123',
    'admin@123',
    'admin123!',
    'qwer1234!',
    'qwe123!@#',
    '1qaz@wsx',
    '1qaz!qaz',
    'abc@1234',
    'abcd@1234',
    'aa123456!',
    'woaini1314!',
    'zxcvbnm1!',
    'a1234567!',
    'welcome1!',
    'changeme1!',
    'root@123',
    'test@123',
    'p@ssw0rd123',
    'admin@1234',
    'qaz123wsx!',
    'asdf1234!',
  ].map((p) => p.toLowerCase()),
);

export function passwordProblems(
  password: string,
  username: string | undefined,
  policy: PasswordPolicy = DEFAULT_PASSWORD_POLICY,
): PasswordProblem[] {
  const problems: PasswordProblem[] = [];
  if ([...password].length < policy.minLength) problems.push('too_short');
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password));
  if (classes.length < policy.minClasses) problems.push('too_few_classes');
  if (COMMON.has(password.toLowerCase())) problems.push('too_common');
  if (username && username.length >= 3 && password.toLowerCase().includes(username.toLowerCase())) {
    problems.push('contains_username');
  }
  return problems;
}

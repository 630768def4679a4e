import { Type, type Static } from 'typebox';

/**
 * The security policy the 安全管理员 sets (GET/PUT /security/policy). The default is the
 * 等保 2.0 level 3 profile. Shared so the web app can explain a refusal before the round
 * trip, using the same function the server applies.
 */
export const SecurityPolicy = Type.Object(
  {
    minLength: Type.Integer({ minimum: 8, maximum: 64, description: 'Minimum characters' }),
    minClasses: Type.Integer({
      minimum: 2,
      maximum: 4,
      description: 'Character classes required (lower, upper, digit, symbol)',
    }),
    expiryDays: Type.Integer({
      minimum: 0,
      maximum: 365,
      description: 'Days until a password must be changed; 0 turns expiry off',
    }),
    historyCount: Type.Integer({
      minimum: 0,
      maximum: 24,
      description: 'How many earlier passwords cannot be reused',
    }),
    lockoutThreshold: Type.Integer({
      minimum: 3,
      maximum: 20,
      description: 'Wrong passwords in a row that lock the account',
    }),
    lockoutMinutes: Type.Integer({ minimum: 1, maximum: 1440, description: 'Lock duration' }),
    totpRequiredForOfficers: Type.Boolean({
      description: 'Officers (党务工作者) must use a second factor too; administrators always must',
    }),
  },
  { additionalProperties: false },
);
export type SecurityPolicy = Static<typeof SecurityPolicy>;

export const DEFAULT_SECURITY_POLICY: SecurityPolicy = {
  minLength: 8,
  minClasses: 3,
  expiryDays: 90,
  historyCount: 5,
  lockoutThreshold: 5,
  lockoutMinutes: 15,
  totpRequiredForOfficers: false,
};

/** What any signed-in user is told about the rules their next password must meet. */
export const PasswordRulesInfo = Type.Object({
  minLength: Type.Integer(),
  minClasses: Type.Integer(),
  historyCount: Type.Integer(),
  expiryDays: Type.Integer(),
});
export type PasswordRulesInfo = Static<typeof PasswordRulesInfo>;

/** The part of the policy a single password is checked against. */
export type PasswordPolicy = Pick<SecurityPolicy, 'minLength' | 'minClasses'>;

export const DEFAULT_PASSWORD_POLICY: PasswordPolicy = {
  minLength: DEFAULT_SECURITY_POLICY.minLength,
  minClasses: DEFAULT_SECURITY_POLICY.minClasses,
};

export type PasswordProblem = 'too_short' | 'too_few_classes' | 'too_common' | 'contains_username';

// The most used passwords in Chinese and international leaks. Matched case-insensitively,
// and also with one trailing symbol removed, so "woaini1314!" is refused like "woaini1314".
const COMMON = new Set(
  [
    '123456',
    '12345678',
    '123456789',
    '1234567890',
    '111111',
    '11111111',
    '000000',
    '00000000',
    '88888888',
    '66666666',
    '666666',
    '888888',
    '123123',
    '123123123',
    '112233',
    '121212',
    '147258369',
    '159357',
    '147258',
    '123321',
    '654321',
    '7758521',
    '5201314',
    '1314520',
    '520520',
    'woaini',
    'woaini1314',
    'woaini520',
    'woaini123',
    'iloveyou',
    'iloveyou1',
    'qq123456',
    'qq5201314',
    'qwerty',
    'qwerty123',
    'qwertyuiop',
    'qwe123',
    'qweasd',
    'qweasdzxc',
    'qwe123qwe',
    'qwer1234',
    'qwe123!@#',
    'asdf1234',
    'asdfghjkl',
    'asd123',
    'asd123456',
    'zxcvbnm',
    'zxcvbnm1',
    'zxc123',
    'zxc123456',
    '1qaz2wsx',
    '1qaz@wsx',
    '1qaz!qaz',
    '1q2w3e4r',
    '1q2w3e4r5t',
    '1q2w3e',
    'q1w2e3r4',
    'qaz123',
    'qaz123wsx',
    'a123456',
    'a12345678',
    'a123456789',
    'a1234567',
    'aa123456',
    'aa112233',
    'abc123',
    'abc123456',
    'abc12345',
    'abcd1234',
    'abc@1234',
    'abcd@1234',
    'abc123!@#',
    'a1b2c3d4',
    'password',
    'password1',
    'password123',
    'password@123',
    'passw0rd',
    'p@ssw0rd',
    'p@ssword',
    'p@ssword1',
    'p@ssw0rd123',
    'p@55w0rd',
    'admin',
    'admin123',
    'admin@123',
    'admin1234',
    'admin@1234',
    'admin888',
    'administrator',
    'root',
    'root123',
    'root@123',
    'test123',
    'test@123',
    'welcome',
    'welcome1',
    'welcome123',
    'changeme',
    'changeme1',
    'letmein',
    'monkey',
    'dragon',
    'football',
    'baseball',
    'sunshine',
    'princess',
    'superman',
    'shadow',
    'master',
    'trustno1',
    'whatever',
    'starwars',
    'computer',
    'michael',
    'zhang123',
    'wang123456',
    'li123456',
    'liu123456',
    'chen123456',
    'zhangwei123',
    'wangwei123',
    'huawei123',
    'huawei@123',
    'xiaomi123',
    'baidu123',
    'taobao123',
    'wangyi123',
    'tencent123',
    'dangyuan123',
    'gongchandang',
    'zhongguo',
    'zhongguo123',
    'china123',
    'beijing',
    'beijing123',
    'shanghai123',
    'aini1314',
    'aaa111',
    'aaaaaa',
    'a1a1a1a1',
    'abcabc123',
    '1234qwer',
    '1234abcd',
    'Aa123456',
    'Aa123456789',
    'Aa12345678',
    'Aa112233',
    'Abc123456',
    'Abcd1234',
    'Qq123456',
    'Admin123',
    'Admin@123',
    'Tongxin123',
    'tongxin@123',
    'Tongxin@2026',
    'Pass1234',
    'pass@1234',
    'Zz123456',
    'asdf@1234',
    'qwer@1234',
    'Qwer1234',
    'qwe@123',
    'Qwe123456',
    'Asd123456',
    'Zxc123456',
  ].map((p) => p.toLowerCase()),
);

export function isCommonPassword(password: string): boolean {
  const lower = password.toLowerCase();
  return COMMON.has(lower) || COMMON.has(lower.replace(/[^a-z0-9]$/, ''));
}

export function passwordProblems(
  password: string,
  username: string | undefined,
  policy: PasswordPolicy = DEFAULT_PASSWORD_POLICY,
): PasswordProblem[] {
  const problems: PasswordProblem[] = [];
  if ([...password].length < policy.minLength) problems.push('too_short');
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password));
  if (classes.length < policy.minClasses) problems.push('too_few_classes');
  if (isCommonPassword(password)) problems.push('too_common');
  if (username && username.length >= 3 && password.toLowerCase().includes(username.toLowerCase())) {
    problems.push('contains_username');
  }
  return problems;
}

import { Type, type Static } from 'typebox';
import { Uuid } from './common.ts';

/** 三员分立: one column on the account, so no account can ever hold two of them. */
export const ADMIN_ROLES = ['system', 'security', 'audit'] as const;
export const AdminRole = Type.Enum(ADMIN_ROLES);
export type AdminRole = (typeof ADMIN_ROLES)[number];

export const LOCALES = ['zh-CN', 'en'] as const;
export const Locale = Type.Enum(LOCALES);
export type Locale = (typeof LOCALES)[number];

export const ACCOUNT_GATES = [
  'password_change_required',
  'password_expired',
  'totp_required',
] as const;
export type AccountGate = (typeof ACCOUNT_GATES)[number];

/** A mainland mobile number as stored: 11 digits starting with 1. */
export const Phone = Type.String({ pattern: '^1[3-9][0-9]{9}$', description: '11-digit mobile' });

export const Username = Type.String({
  minLength: 3,
  maxLength: 32,
  pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]*$',
  description: 'Latin letters, digits, dot, dash and underscore; starts with a letter or digit',
});

export const Password = Type.String({ minLength: 1, maxLength: 256, format: 'password' });

export const DisplayName = Type.String({ minLength: 1, maxLength: 64 });

export const SignInRequest = Type.Object(
  {
    username: Type.String({
      minLength: 1,
      maxLength: 64,
      description: 'Username, or the mobile number recorded on the account',
    }),
    password: Password,
  },
  { additionalProperties: false },
);
export type SignInRequest = Static<typeof SignInRequest>;

export const Me = Type.Object({
  id: Uuid,
  username: Type.String(),
  displayName: Type.String(),
  adminRole: Type.Union([AdminRole, Type.Null()]),
  memberId: Type.Union([Uuid, Type.Null()]),
  locale: Locale,
  mustChangePassword: Type.Boolean(),
  phone: Type.Union([Type.String(), Type.Null()]),
  totpEnabled: Type.Boolean(),
  /**
   * What the account must do before anything else works: change its password (set by an
   * administrator, or expired), or enrol a second factor. null when nothing is owed.
   */
  gate: Type.Union([Type.Enum(ACCOUNT_GATES), Type.Null()]),
});
export type Me = Static<typeof Me>;

export const PreferencesUpdate = Type.Object(
  { locale: Type.Optional(Locale) },
  { additionalProperties: false, minProperties: 1 },
);
export type PreferencesUpdate = Static<typeof PreferencesUpdate>;

/** The sign-in answer: the account, or a request for the second factor. */
export const SignInResult = Type.Union([
  Me,
  Type.Object({ needsSecondFactor: Type.Literal(true) }),
]);
export type SignInResult = Static<typeof SignInResult>;

export const SecondFactorRequest = Type.Object(
  {
    code: Type.String({
      minLength: 6,
      maxLength: 20,
      description: 'A 6-digit authenticator code, or one of the recovery codes',
    }),
  },
  { additionalProperties: false },
);
export type SecondFactorRequest = Static<typeof SecondFactorRequest>;

export const PasswordChange = Type.Object(
  { currentPassword: Password, newPassword: Password },
  { additionalProperties: false },
);
export type PasswordChange = Static<typeof PasswordChange>;

export const SessionInfo = Type.Object({
  id: Uuid,
  createdAt: Type.String({ format: 'date-time' }),
  lastSeenAt: Type.String({ format: 'date-time' }),
  sourceIp: Type.Union([Type.String(), Type.Null()]),
  userAgent: Type.Union([Type.String(), Type.Null()]),
  current: Type.Boolean(),
});
export type SessionInfo = Static<typeof SessionInfo>;
export const SessionList = Type.Array(SessionInfo);
export type SessionList = Static<typeof SessionList>;

export const Ended = Type.Object({ ended: Type.Integer({ minimum: 0 }) });
export type Ended = Static<typeof Ended>;

export const TotpEnrolment = Type.Object({
  /** Base32 secret for typing into an authenticator by hand. */
  secret: Type.String(),
  otpauthUrl: Type.String(),
  /** The same URL as an SVG QR code, as a data: URL for an <img>. */
  qrDataUrl: Type.String(),
});
export type TotpEnrolment = Static<typeof TotpEnrolment>;

export const TotpConfirm = Type.Object(
  { code: Type.String({ pattern: '^[0-9]{6}$' }) },
  { additionalProperties: false },
);
export type TotpConfirm = Static<typeof TotpConfirm>;

export const RecoveryCodes = Type.Object({ recoveryCodes: Type.Array(Type.String()) });
export type RecoveryCodes = Static<typeof RecoveryCodes>;

/** An account as the 系统管理员 sees it in the accounts list. */
export const AccountSummary = Type.Object({
  id: Uuid,
  username: Type.String(),
  displayName: Type.String(),
  adminRole: Type.Union([AdminRole, Type.Null()]),
  memberId: Type.Union([Uuid, Type.Null()]),
  phone: Type.Union([Type.String(), Type.Null()]),
  disabled: Type.Boolean(),
  lockedUntil: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  failedSignIns: Type.Integer(),
  mustChangePassword: Type.Boolean(),
  totpEnabled: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
});
export type AccountSummary = Static<typeof AccountSummary>;
export const AccountList = Type.Array(AccountSummary);
export type AccountList = Static<typeof AccountList>;

export const AccountUpdate = Type.Object(
  { phone: Type.Union([Type.String({ maxLength: 20 }), Type.Null()]) },
  { additionalProperties: false },
);
export type AccountUpdate = Static<typeof AccountUpdate>;

export const OneTimePassword = Type.Object({
  /** Shown once to the administrator; the account must change it at its next sign-in. */
  password: Type.String(),
});
export type OneTimePassword = Static<typeof OneTimePassword>;

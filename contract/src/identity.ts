import { Type, type Static } from 'typebox';
import { Uuid } from './common.ts';

/** 三员分立: one column on the account, so no account can ever hold two of them. */
export const ADMIN_ROLES = ['system', 'security', 'audit'] as const;
export const AdminRole = Type.Enum(ADMIN_ROLES);
export type AdminRole = (typeof ADMIN_ROLES)[number];

export const LOCALES = ['zh-CN', 'en'] as const;
export const Locale = Type.Enum(LOCALES);
export type Locale = (typeof LOCALES)[number];

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
    username: Type.String({ minLength: 1, maxLength: 64 }),
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
});
export type Me = Static<typeof Me>;

export const PreferencesUpdate = Type.Object(
  { locale: Type.Optional(Locale) },
  { additionalProperties: false, minProperties: 1 },
);
export type PreferencesUpdate = Static<typeof PreferencesUpdate>;

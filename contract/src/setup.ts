import { Type, type Static } from 'typebox';
import { DisplayName, Password, Username } from './identity.ts';
import { OrgName } from './orgs.ts';

export const SetupStatus = Type.Object({
  needed: Type.Boolean({ description: 'True until the first administrators exist' }),
});
export type SetupStatus = Static<typeof SetupStatus>;

export const SetupToken = Type.String({
  minLength: 16,
  maxLength: 128,
  pattern: '^[A-Za-z0-9_-]+$',
});

export const SetupTokenCheck = Type.Object({ token: SetupToken }, { additionalProperties: false });

export const AdminAccountInput = Type.Object(
  { username: Username, displayName: DisplayName, password: Password },
  { additionalProperties: false },
);
export type AdminAccountInput = Static<typeof AdminAccountInput>;

export const SetupPlan = Type.Object(
  {
    organisation: Type.Object(
      { name: OrgName },
      { additionalProperties: false, description: 'The root 基层党委' },
    ),
    administrators: Type.Object(
      {
        system: AdminAccountInput,
        security: AdminAccountInput,
        audit: AdminAccountInput,
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
export type SetupPlan = Static<typeof SetupPlan>;

export const SetupRequest = Type.Object(
  { token: SetupToken, plan: SetupPlan },
  { additionalProperties: false },
);
export type SetupRequest = Static<typeof SetupRequest>;

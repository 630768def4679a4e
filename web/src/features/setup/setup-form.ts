import { ADMIN_ROLES, type AdminRole, type SetupPlan } from '@tongxin/contract';

export interface AccountValues {
  username: string;
  displayName: string;
  password: string;
  password2: string;
}

export type SetupFormValues = { orgName: string } & Record<AdminRole, AccountValues>;

export const USERNAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

export const otherRoles = (role: AdminRole): AdminRole[] => ADMIN_ROLES.filter((r) => r !== role);

export function toPlan(values: SetupFormValues): SetupPlan {
  const account = (role: AdminRole) => ({
    username: values[role].username.trim(),
    displayName: values[role].displayName.trim(),
    password: values[role].password,
  });
  return {
    organisation: { name: values.orgName.trim() },
    administrators: {
      system: account('system'),
      security: account('security'),
      audit: account('audit'),
    },
  };
}

import type {
  AccountClearance,
  AccountClearanceList,
  CreateLabelRequest,
  SecurityLabel,
  SecurityLabelList,
  UpdateLabelRequest,
  AccountList,
  AccountSummary,
  Ended,
  Me,
  OneTimePassword,
  PasswordChange,
  PasswordRulesInfo,
  PermissionMatrix,
  PermissionsView,
  RecoveryCodes,
  SecurityPolicy,
  SessionList,
  SignInResult,
  TotpEnrolment,
} from '@tongxin/contract';
import { api, apiRequest } from './client.ts';

export const submitSecondFactor = (code: string) => api.post<Me>('/auth/second-factor', { code });

export const changePassword = (body: PasswordChange) => api.post<Me>('/me/password', body);
export const getPasswordRules = () => api.get<PasswordRulesInfo>('/me/password-rules');

export const listSessions = () => api.get<SessionList>('/me/sessions');
export const endSession = (id: string) => api.post<{ ok: true }>(`/me/sessions/${id}/end`);
export const endOtherSessions = () => api.post<Ended>('/me/sessions/end-others');

export const startTotp = () => api.post<TotpEnrolment>('/me/totp');
export const confirmTotp = (code: string) => api.post<RecoveryCodes>('/me/totp/confirm', { code });

export const getSecurityPolicy = () => api.get<SecurityPolicy>('/security/policy');
export const putSecurityPolicy = (policy: SecurityPolicy) =>
  apiRequest<SecurityPolicy>('PUT', '/security/policy', { body: policy });

export const getPermissions = () => api.get<PermissionsView>('/security/permissions');
export const putPermissions = (matrix: PermissionMatrix) =>
  apiRequest<PermissionsView>('PUT', '/security/permissions', { body: matrix });

export const listAccounts = () => api.get<AccountList>('/accounts');
export type AccountAction = 'unlock' | 'disable' | 'enable' | 'reset-totp';
export const accountAction = (id: string, action: AccountAction) =>
  api.post<AccountSummary>(`/accounts/${id}/${action}`);
export const setAccountPhone = (id: string, phone: string | null) =>
  api.patch<AccountSummary>(`/accounts/${id}`, { phone });
export const resetAccountPassword = (id: string) =>
  api.post<OneTimePassword>(`/accounts/${id}/reset-password`);

export const isSignedIn = (result: SignInResult): result is Me => !('needsSecondFactor' in result);

export const listLabels = () => api.get<SecurityLabelList>('/security/labels');
export const createLabel = (body: CreateLabelRequest) =>
  api.post<SecurityLabel>('/security/labels', body);
export const updateLabel = (id: string, body: UpdateLabelRequest) =>
  api.patch<SecurityLabel>(`/security/labels/${id}`, body);
export const deleteLabel = (id: string) =>
  apiRequest<{ ok: true }>('DELETE', `/security/labels/${id}`);
export const listClearances = () => api.get<AccountClearanceList>('/security/clearances');
export const setClearance = (userId: string, level: number) =>
  apiRequest<AccountClearance>('PUT', `/security/clearances/${userId}`, { body: { level } });

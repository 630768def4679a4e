import type { SetupPlan, SetupStatus } from '@tongxin/contract';
import { api } from './client.ts';

export const getSetupStatus = () => api.get<SetupStatus>('/setup/status');

export const verifySetupToken = (token: string) =>
  api.post<{ valid: boolean }>('/setup/verify', { token });

export const completeSetup = (token: string, plan: SetupPlan) =>
  api.post<{ ok: true }>('/setup', { token, plan });

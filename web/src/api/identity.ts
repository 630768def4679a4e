import type { Locale, Me, SignInRequest, SignInResult } from '@tongxin/contract';
import { api } from './client.ts';

export const signIn = (body: SignInRequest) => api.post<SignInResult>('/auth/sign-in', body);

export const signOut = () => api.post<{ ok: true }>('/auth/sign-out');

export const getMe = () => api.get<Me>('/me');

export const updatePreferences = (preferences: { locale: Locale }) =>
  api.patch<Me>('/me/preferences', preferences);

import { SIGN_IN_STEP_SECONDS } from '@tongxin/contract';
import type { CryptoProvider } from '../../platform/crypto/provider.ts';

/**
 * The rotating QR sign-in code: a keyed hash (HMAC-SM3 under the master key kept in DATA_DIR,
 * see platform/crypto) of the activity id and the current time step. Nothing is stored: the
 * server recomputes it, so a code photographed and sent on works only for its own step and
 * the next one (a slow scan), and only for that activity.
 */
const PURPOSE = 'activity-sign-in';
const CODE_LENGTH = 12;

export const stepOf = (at: Date): number => Math.floor(at.getTime() / 1000 / SIGN_IN_STEP_SECONDS);

export function signInCodeAt(crypto: CryptoProvider, activityId: string, at: Date): string {
  return codeForStep(crypto, activityId, stepOf(at));
}

function codeForStep(crypto: CryptoProvider, activityId: string, step: number): string {
  return crypto.blindIndex(PURPOSE, `${activityId}:${step}`).slice(0, CODE_LENGTH);
}

/** When the code of the step containing `at` stops being shown (the next step begins). */
export const stepEndsAt = (at: Date): Date =>
  new Date((stepOf(at) + 1) * SIGN_IN_STEP_SECONDS * 1000);

/** The code is this step's or the previous one's. Compared in constant time per candidate. */
export function codeIsCurrent(
  crypto: CryptoProvider,
  activityId: string,
  code: string,
  now: Date,
): boolean {
  const step = stepOf(now);
  return [step, step - 1].some((s) => sameText(codeForStep(crypto, activityId, s), code));
}

function sameText(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i += 1) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

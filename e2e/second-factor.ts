import type { Page } from 'playwright-core';
import { Secret, TOTP } from 'otpauth';

/** The code an authenticator app would show now for a base32 key. */
export const codeFor = (secret: string, timestamp = Date.now()): string =>
  TOTP.generate({ secret: Secret.fromBase32(secret), timestamp });

/**
 * Administrators are sent to 账号安全 to set up an authenticator right after their first
 * sign-in. Does what a person would: reads the key shown, types the app's code, saves the
 * recovery codes. Returns the key, for answering later sign-ins.
 */
export async function enrolAuthenticator(page: Page): Promise<string> {
  await page.getByTestId('account-gate').waitFor();
  await page.getByTestId('totp-start').click();
  const secret = (await page.getByTestId('totp-secret').innerText()).trim();
  await page.getByTestId('totp-code').fill(codeFor(secret));
  await page.getByTestId('totp-confirm').click();
  await page.getByTestId('recovery-codes').waitFor();
  await page.getByTestId('recovery-saved').click();
  await page.getByTestId('totp-on').waitFor();
  return secret;
}

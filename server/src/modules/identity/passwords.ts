import { hash, verify } from '@node-rs/argon2';

// OWASP's argon2id profile: 19 MiB, 2 passes, 1 lane. Algorithm 2 is Argon2id (the
// package's const enum cannot be imported under verbatimModuleSyntax).
const OPTIONS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export const hashPassword = (password: string): Promise<string> => hash(password, OPTIONS);

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | null = null;
/**
 * Spends the same time as a real check when the account does not exist, so response
 * timing does not tell an attacker which usernames are real.
 */
export async function burnVerification(password: string): Promise<void> {
  dummyHash ??= hashPassword('tongxin-timing-equaliser-not-a-password');
  await verifyPassword(await dummyHash, password);
}

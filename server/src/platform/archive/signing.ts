import fs from 'node:fs';
import path from 'node:path';
import smCrypto from 'sm-crypto';
import { checkpointStatement, keyFingerprint } from '@tongxin/contract';
import { sm3 } from './merkle.ts';

const { sm2 } = smCrypto;

/*
 * The archive's SM2 signing key (GB/T 32918 via sm-crypto: Node's own "SM2" signing is plain
 * ECDSA over the SM2 curve, without the Z value, so it is not used). The key lives in a file
 * created with mode 0600 at first start, like the master key (platform/crypto/keys.ts). Nodes
 * sharing one PostgreSQL must share the file (ARCHIVE_SIGNING_KEY_FILE), or each would sign
 * with its own key and verification would reject the others' checkpoints.
 */

export interface SigningKey {
  privateKey: string;
  publicKey: string;
}

export class SigningKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SigningKeyError';
  }
}

const KEY_LINE = /^([0-9a-f]{64}) (04[0-9a-f]{128})$/;

/** Reads the key file, creating it (exclusively, 0600) when it does not exist yet. */
export function readOrCreateSigningKey(file: string): SigningKey {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  try {
    const pair = sm2.generateKeyPairHex();
    fs.writeFileSync(
      file,
      `# Tongxin archive signing key (SM2): private public. Back it up; keep it secret.\n${pair.privateKey.padStart(64, '0')} ${pair.publicKey}\n`,
      { mode: 0o600, flag: 'wx' },
    );
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const mode = fs.statSync(file).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw new SigningKeyError(
      `${file} is readable by others (mode ${mode.toString(8)}); run chmod 600 on it`,
    );
  }
  const line = fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l !== '' && !l.startsWith('#'));
  const match = line ? KEY_LINE.exec(line) : null;
  if (!match) throw new SigningKeyError(`${file}: expected "<private hex> <public hex>"`);
  return { privateKey: match[1] as string, publicKey: match[2] as string };
}

/** SM2 signature (r ‖ s hex) with SM3 and the default user id, over UTF-8 text or bytes. */
export const signText = (key: SigningKey, message: string | Uint8Array): string =>
  sm2.doSignature(typeof message === 'string' ? message : Array.from(message), key.privateKey, {
    hash: true,
    publicKey: key.publicKey,
  });

export function verifyText(
  publicKey: string,
  message: string | Uint8Array,
  signature: string,
): boolean {
  if (!/^[0-9a-f]{128}$/.test(signature) || !/^04[0-9a-f]{128}$/.test(publicKey)) return false;
  try {
    return sm2.doVerifySignature(
      typeof message === 'string' ? message : Array.from(message),
      signature,
      publicKey,
      { hash: true },
    );
  } catch {
    return false;
  }
}

export const fingerprintOf = (publicKey: string): string => keyFingerprint(sm3, publicKey);

export interface SignedCheckpoint {
  treeSize: number;
  rootHash: string;
  time: string;
  signature: string;
  publicKey: string;
}

export const signCheckpoint = (
  key: SigningKey,
  c: { treeSize: number; rootHash: string; time: string },
): SignedCheckpoint => ({
  ...c,
  signature: signText(key, checkpointStatement(c)),
  publicKey: key.publicKey,
});

export const checkpointSignatureValid = (c: SignedCheckpoint): boolean =>
  verifyText(c.publicKey, checkpointStatement(c), c.signature);

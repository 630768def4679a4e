import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Config } from '../../config.ts';
import { createCryptoProvider, KEY_ID, type CryptoProvider, type MasterKey } from './provider.ts';

/**
 * Where the master keys come from, in order: TONGXIN_MASTER_KEY, the file named by
 * TONGXIN_MASTER_KEY_FILE, or (embedded database only) DATA_DIR/keys/master.key, created with
 * mode 0600 at first start. On PostgreSQL several nodes share the data, so they must share the
 * key: generating one per node would leave each unable to read the others' writes, so start
 * is refused instead.
 *
 * Key ring text: one `id:base64` entry per line (or separated by commas in the variable), 32
 * bytes each. The last entry encrypts new values; all entries decrypt; the first keys the
 * blind index. Lines starting with # are comments.
 */

export class KeyConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeyConfigError';
  }
}

export const GENERATED_KEY_FILE = path.join('keys', 'master.key');

export function parseKeyRing(text: string, source: string): MasterKey[] {
  const entries = text
    .split('\n')
    .filter((line) => !line.trim().startsWith('#'))
    .flatMap((line) => line.split(','))
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  if (entries.length === 0) throw new KeyConfigError(`${source} holds no key`);
  return entries.map((entry, i) => {
    const sep = entry.indexOf(':');
    const id = sep > 0 ? entry.slice(0, sep) : '';
    const material = Buffer.from(entry.slice(sep + 1), 'base64');
    // Never echo the entry itself: it is the secret.
    if (!KEY_ID.test(id) || material.length !== 32) {
      throw new KeyConfigError(
        `${source}: entry ${i + 1} must be "<id>:<base64 of 32 bytes>" with an id of a-z, 0-9 and -`,
      );
    }
    return { id, material };
  });
}

export const newKeyEntry = (id: string): string => `${id}:${randomBytes(32).toString('base64')}`;

/** Creates the key file on first start (0600, exclusive create) and reads it afterwards. */
export function readOrCreateKeyFile(file: string): string {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  try {
    fs.writeFileSync(
      file,
      `# Tongxin master key. Back it up with the database: without it, encrypted personal data cannot be read.\n${newKeyEntry('k1')}\n`,
      { mode: 0o600, flag: 'wx' },
    );
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const mode = fs.statSync(file).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw new KeyConfigError(
      `${file} is readable by others (mode ${mode.toString(8)}); run chmod 600 on it`,
    );
  }
  return fs.readFileSync(file, 'utf8');
}

export function loadMasterKeys(config: Config): MasterKey[] {
  if (config.masterKey) return parseKeyRing(config.masterKey, 'TONGXIN_MASTER_KEY');
  if (config.masterKeyFile) {
    let text: string;
    try {
      text = fs.readFileSync(config.masterKeyFile, 'utf8');
    } catch {
      throw new KeyConfigError(`TONGXIN_MASTER_KEY_FILE: cannot read ${config.masterKeyFile}`);
    }
    return parseKeyRing(text, 'TONGXIN_MASTER_KEY_FILE');
  }
  if (config.databaseUrl) {
    throw new KeyConfigError(
      'On PostgreSQL (DATABASE_URL) every node must use the same master key: set ' +
        'TONGXIN_MASTER_KEY_FILE (or TONGXIN_MASTER_KEY) on every node. Create a key with ' +
        '`npx tongxin new-key` (see docs/security-crypto.md).',
    );
  }
  const file = path.join(config.dataDir, GENERATED_KEY_FILE);
  return parseKeyRing(readOrCreateKeyFile(file), file);
}

export function openCryptoProvider(config: Config): CryptoProvider {
  return createCryptoProvider(loadMasterKeys(config), config.cryptoAlgorithm);
}

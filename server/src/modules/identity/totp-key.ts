import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Seals TOTP secrets with AES-256-GCM under a key kept in DATA_DIR/totp.key (mode 0600,
 * created at first use), so a database dump alone does not yield working authenticators.
 * A stop-gap until platform/crypto lands: it should move behind the shared CryptoProvider.
 */
const keys = new Map<string, Promise<Buffer>>();

async function loadOrCreateKey(dataDir: string): Promise<Buffer> {
  const file = path.join(dataDir, 'totp.key');
  try {
    const key = await readFile(file);
    if (key.length === 32) return key;
    throw new Error(`${file} is not a 32-byte key`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  try {
    // wx: if another node or request created it first, use theirs.
    await writeFile(file, randomBytes(32), { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return readFile(file);
}

function keyFor(dataDir: string): Promise<Buffer> {
  let key = keys.get(dataDir);
  if (!key) {
    key = loadOrCreateKey(dataDir);
    key.catch(() => keys.delete(dataDir));
    keys.set(dataDir, key);
  }
  return key;
}

const VERSION = 'v1';

export async function sealSecret(dataDir: string, plain: string): Promise<string> {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', await keyFor(dataDir), iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return [VERSION, iv, cipher.getAuthTag(), body]
    .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
    .join('.');
}

export async function openSecret(dataDir: string, sealed: string): Promise<string> {
  const [version, iv, tag, body] = sealed.split('.');
  if (version !== VERSION || !iv || !tag || !body) throw new Error('unknown sealed secret format');
  const decipher = createDecipheriv(
    'aes-256-gcm',
    await keyFor(dataDir),
    Buffer.from(iv, 'base64url'),
  );
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  try {
    return Buffer.concat([
      decipher.update(Buffer.from(body, 'base64url')),
      decipher.final(),
    ]).toString('utf8');
  } catch {
    // The usual cause: nodes sharing one database but not one key file.
    throw new Error(
      `A TOTP secret does not open with ${path.join(dataDir, 'totp.key')}: every node must use the same key file (docs/operations.md)`,
    );
  }
}

import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  hkdfSync,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';

/**
 * Field encryption for personal data (ID card numbers, phones). One interface, two
 * algorithms: SM4-CTR with HMAC-SM3 (encrypt-then-MAC, the 国密 default) and AES-256-GCM.
 *
 * Ciphertext format (text, so it fits any column):
 *   tx1.<alg>.<keyId>.<base64url(iv ‖ ciphertext ‖ tag)>
 * The header names the algorithm and the key, so keys can rotate: new values use the current
 * key, old values still decrypt with the key they name. The header and the associated data
 * (table, column, row id) are authenticated, so a value moved to another row or column, or
 * relabelled with another key or algorithm, is refused.
 */

export const ALGORITHMS = ['sm4', 'aes'] as const;
export type Algorithm = (typeof ALGORITHMS)[number];

/** Binds a ciphertext to where it is stored. */
export interface AssociatedData {
  table: string;
  column: string;
  rowId: string;
}

export interface CryptoProvider {
  /** The algorithm new values are encrypted with. */
  readonly algorithm: Algorithm;
  encrypt(plain: string, ad: AssociatedData): string;
  /** Throws CiphertextError when the value was altered, moved or its key is unknown. */
  decrypt(ciphertext: string, ad: AssociatedData): string;
  /**
   * A keyed hash (HMAC-SM3) for exact-match lookup and uniqueness without decrypting.
   * `purpose` separates indexes, so equal values in two columns do not share a digest.
   */
  blindIndex(purpose: string, value: string): string;
}

export class CiphertextError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CiphertextError';
  }
}

export interface MasterKey {
  id: string;
  /** 32 bytes of key material; subkeys are derived from it. */
  material: Buffer;
}

export const KEY_ID = /^[a-z0-9-]{1,16}$/;
const VERSION = 'tx1';

interface DerivedKeys {
  sm4: Buffer;
  mac: Buffer;
  aes: Buffer;
}

/** Separate subkeys per use, so one key never serves two algorithms (HKDF-SM3). */
function derive(material: Buffer, info: string, length: number): Buffer {
  return Buffer.from(hkdfSync('sm3', material, 'tongxin-field-encryption', info, length));
}

function deriveAll(key: MasterKey): DerivedKeys {
  return {
    sm4: derive(key.material, 'sm4-ctr', 16),
    mac: derive(key.material, 'hmac-sm3', 32),
    aes: derive(key.material, 'aes-256-gcm', 32),
  };
}

/** Length-prefixed, so "a|bc" and "ab|c" never authenticate the same bytes. */
function adBytes(header: string, ad: AssociatedData): Buffer {
  const parts = [header, ad.table, ad.column, ad.rowId].map((p) => Buffer.from(p, 'utf8'));
  return Buffer.concat(
    parts.flatMap((p) => {
      const len = Buffer.alloc(4);
      len.writeUInt32BE(p.length);
      return [len, p];
    }),
  );
}

const SM4_IV = 16;
const SM3_TAG = 32;
const GCM_IV = 12;
const GCM_TAG = 16;

function sealSm4(keys: DerivedKeys, plain: Buffer, aad: Buffer): Buffer {
  const iv = randomBytes(SM4_IV);
  const cipher = createCipheriv('sm4-ctr', keys.sm4, iv);
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  const tag = createHmac('sm3', keys.mac).update(aad).update(iv).update(body).digest();
  return Buffer.concat([iv, body, tag]);
}

function openSm4(keys: DerivedKeys, sealed: Buffer, aad: Buffer): Buffer {
  if (sealed.length < SM4_IV + SM3_TAG) throw new CiphertextError('ciphertext too short');
  const iv = sealed.subarray(0, SM4_IV);
  const body = sealed.subarray(SM4_IV, sealed.length - SM3_TAG);
  const tag = sealed.subarray(sealed.length - SM3_TAG);
  const expected = createHmac('sm3', keys.mac).update(aad).update(iv).update(body).digest();
  // MAC first: nothing is decrypted unless it is authentic.
  if (!timingSafeEqual(tag, expected)) throw new CiphertextError('ciphertext failed its check');
  const decipher = createDecipheriv('sm4-ctr', keys.sm4, iv);
  return Buffer.concat([decipher.update(body), decipher.final()]);
}

function sealAes(keys: DerivedKeys, plain: Buffer, aad: Buffer): Buffer {
  const iv = randomBytes(GCM_IV);
  const cipher = createCipheriv('aes-256-gcm', keys.aes, iv, { authTagLength: GCM_TAG });
  cipher.setAAD(aad);
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]);
}

function openAes(keys: DerivedKeys, sealed: Buffer, aad: Buffer): Buffer {
  if (sealed.length < GCM_IV + GCM_TAG) throw new CiphertextError('ciphertext too short');
  const iv = sealed.subarray(0, GCM_IV);
  const body = sealed.subarray(GCM_IV, sealed.length - GCM_TAG);
  const decipher = createDecipheriv('aes-256-gcm', keys.aes, iv, { authTagLength: GCM_TAG });
  decipher.setAAD(aad);
  decipher.setAuthTag(sealed.subarray(sealed.length - GCM_TAG));
  try {
    return Buffer.concat([decipher.update(body), decipher.final()]);
  } catch {
    throw new CiphertextError('ciphertext failed its check');
  }
}

/**
 * A provider over a key ring: the last key encrypts, every key decrypts what it encrypted.
 * The first key also keys the blind index, which must not change while values are indexed.
 */
export function createCryptoProvider(
  keys: readonly MasterKey[],
  algorithm: Algorithm,
): CryptoProvider {
  const [first] = keys;
  const current = keys[keys.length - 1];
  if (!first || !current) throw new Error('the key ring is empty');
  const byId = new Map<string, DerivedKeys>();
  for (const k of keys) {
    if (!KEY_ID.test(k.id)) throw new Error(`invalid key id "${k.id}"`);
    if (k.material.length !== 32) throw new Error(`key ${k.id} must be 32 bytes`);
    if (byId.has(k.id)) throw new Error(`key id ${k.id} appears twice`);
    byId.set(k.id, deriveAll(k));
  }
  const indexKey = derive(first.material, 'blind-index-hmac-sm3', 32);

  return {
    algorithm,
    encrypt(plain, ad) {
      const header = `${VERSION}.${algorithm}.${current.id}`;
      const derived = byId.get(current.id) as DerivedKeys;
      const aad = adBytes(header, ad);
      const data = Buffer.from(plain, 'utf8');
      const sealed =
        algorithm === 'sm4' ? sealSm4(derived, data, aad) : sealAes(derived, data, aad);
      return `${header}.${sealed.toString('base64url')}`;
    },
    decrypt(ciphertext, ad) {
      const parts = ciphertext.split('.');
      if (parts.length !== 4 || parts[0] !== VERSION) {
        throw new CiphertextError('not a Tongxin ciphertext');
      }
      const [, alg, keyId, payload] = parts as [string, string, string, string];
      const derived = byId.get(keyId);
      if (!derived) throw new CiphertextError(`unknown key ${keyId}`);
      const aad = adBytes(`${VERSION}.${alg}.${keyId}`, ad);
      const sealed = Buffer.from(payload, 'base64url');
      if (alg === 'sm4') return openSm4(derived, sealed, aad).toString('utf8');
      if (alg === 'aes') return openAes(derived, sealed, aad).toString('utf8');
      throw new CiphertextError(`unknown algorithm ${alg}`);
    },
    blindIndex(purpose, value) {
      return createHmac('sm3', indexKey).update(`${purpose}\u0000${value}`, 'utf8').digest('hex');
    },
  };
}

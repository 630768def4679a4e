import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { testConfig } from '../../test/engines.ts';
import {
  ALGORITHMS,
  CiphertextError,
  createCryptoProvider,
  type AssociatedData,
} from './provider.ts';
import { GENERATED_KEY_FILE, KeyConfigError, loadMasterKeys, parseKeyRing } from './keys.ts';
import { runCli } from '../../test/server-process.ts';

const key = (id: string) => ({ id, material: randomBytes(32) });
const AD: AssociatedData = { table: 'members', column: 'id_card', rowId: 'row-1' };

/** Flips one bit of the decoded payload and re-encodes it. */
function tamper(ciphertext: string, at: number): string {
  const parts = ciphertext.split('.');
  const payload = Buffer.from(parts[3] ?? '', 'base64url');
  payload[at % payload.length] = (payload[at % payload.length] ?? 0) ^ 0x01;
  parts[3] = payload.toString('base64url');
  return parts.join('.');
}

describe('the algorithms themselves (known-answer vectors)', () => {
  it('SM3 of "abc" is the GB/T 32905 example', () => {
    expect(createHash('sm3').update('abc').digest('hex')).toBe(
      '66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0',
    );
  });

  it('SM4 encrypts the GB/T 32907 example block', () => {
    // CTR over a zero block yields E(counter): with the example as key and counter, the
    // standard's ciphertext.
    const k = Buffer.from('0123456789abcdeffedcba9876543210', 'hex');
    const block = createCipheriv('sm4-ctr', k, k).update(Buffer.alloc(16));
    expect(block.toString('hex')).toBe('681edf34d206965e86b3e94f536e4246');
  });
});

describe.each(ALGORITHMS)('field encryption with %s', (algorithm) => {
  const provider = createCryptoProvider([key('k1')], algorithm);

  it('round-trips, with a fresh ciphertext each time', () => {
    const a = provider.encrypt('110105194912310025', AD);
    const b = provider.encrypt('110105194912310025', AD);
    expect(a).not.toBe(b);
    expect(a.startsWith(`tx1.${algorithm}.k1.`)).toBe(true);
    expect(a).not.toContain('110105');
    expect(provider.decrypt(a, AD)).toBe('110105194912310025');
    expect(provider.decrypt(provider.encrypt('', AD), AD)).toBe('');
    expect(provider.decrypt(provider.encrypt('手机 13800001234', AD), AD)).toBe('手机 13800001234');
  });

  it('refuses a ciphertext with any byte flipped', () => {
    const c = provider.encrypt('13800001234', AD);
    const length = Buffer.from(c.split('.')[3] ?? '', 'base64url').length;
    for (let i = 0; i < length; i++) {
      expect(() => provider.decrypt(tamper(c, i), AD)).toThrow(CiphertextError);
    }
  });

  it('refuses a ciphertext moved to another row, column or table', () => {
    const c = provider.encrypt('13800001234', AD);
    expect(() => provider.decrypt(c, { ...AD, rowId: 'row-2' })).toThrow(CiphertextError);
    expect(() => provider.decrypt(c, { ...AD, column: 'phone' })).toThrow(CiphertextError);
    expect(() => provider.decrypt(c, { ...AD, table: 'users' })).toThrow(CiphertextError);
  });

  it('refuses a relabelled header, an unknown key and garbage', () => {
    const c = provider.encrypt('13800001234', AD);
    const other = algorithm === 'sm4' ? 'aes' : 'sm4';
    expect(() => provider.decrypt(c.replace(`.${algorithm}.`, `.${other}.`), AD)).toThrow(
      CiphertextError,
    );
    expect(() => provider.decrypt(c.replace('.k1.', '.k9.'), AD)).toThrow(CiphertextError);
    expect(() => provider.decrypt('13800001234', AD)).toThrow(CiphertextError);
    expect(() => provider.decrypt('tx1.sm4.k1.AAAA', AD)).toThrow(CiphertextError);
  });

  it('rotates keys: old values still decrypt, new ones use the newest key', () => {
    const k1 = key('k1');
    const before = createCryptoProvider([k1], algorithm);
    const old = before.encrypt('13800001234', AD);
    const after = createCryptoProvider([k1, key('k2')], algorithm);
    expect(after.decrypt(old, AD)).toBe('13800001234');
    expect(after.encrypt('x', AD).startsWith(`tx1.${algorithm}.k2.`)).toBe(true);
    // The blind index stays put across rotation: it is keyed by the first key.
    expect(after.blindIndex('id_card', 'v')).toBe(before.blindIndex('id_card', 'v'));
  });
});

describe('blind index', () => {
  const provider = createCryptoProvider([key('k1')], 'sm4');
  it('is deterministic per purpose and value, and keyed', () => {
    expect(provider.blindIndex('id_card', 'A')).toBe(provider.blindIndex('id_card', 'A'));
    expect(provider.blindIndex('id_card', 'A')).not.toBe(provider.blindIndex('phone', 'A'));
    expect(provider.blindIndex('id_card', 'A')).not.toBe(provider.blindIndex('id_card', 'B'));
    const other = createCryptoProvider([key('k1')], 'sm4');
    expect(other.blindIndex('id_card', 'A')).not.toBe(provider.blindIndex('id_card', 'A'));
    expect(provider.blindIndex('id_card', 'A')).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('master keys', () => {
  it('are created under DATA_DIR with mode 0600 at first start and reused after', () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tongxin-keys-'));
    try {
      const config = testConfig({ DATA_DIR: dataDir, TONGXIN_MASTER_KEY: '' });
      const first = loadMasterKeys(config);
      const file = path.join(dataDir, GENERATED_KEY_FILE);
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      expect(first).toHaveLength(1);
      const again = loadMasterKeys(config);
      expect(again[0]?.material.equals(first[0]?.material ?? Buffer.alloc(0))).toBe(true);
      fs.chmodSync(file, 0o644);
      expect(() => loadMasterKeys(config)).toThrow(/readable by others/);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('are refused on PostgreSQL unless configured, so nodes cannot disagree', () => {
    const config = testConfig({
      TONGXIN_MASTER_KEY: '',
      DATABASE_URL: 'postgres://db.example/tongxin',
    });
    expect(() => loadMasterKeys(config)).toThrow(KeyConfigError);
    expect(() => loadMasterKeys(config)).toThrow(/TONGXIN_MASTER_KEY_FILE/);
  });

  it('come from a shared file on PostgreSQL', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tongxin-keys-'));
    try {
      const file = path.join(dir, 'ring');
      const k = randomBytes(32).toString('base64');
      fs.writeFileSync(file, `# comment\nold:${k}\nnew:${randomBytes(32).toString('base64')}\n`);
      const keys = loadMasterKeys(
        testConfig({
          TONGXIN_MASTER_KEY: '',
          TONGXIN_MASTER_KEY_FILE: file,
          DATABASE_URL: 'postgres://db.example/tongxin',
        }),
      );
      expect(keys.map((x) => x.id)).toEqual(['old', 'new']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuse malformed entries without echoing them', () => {
    expect(() => parseKeyRing('k1:c2hvcnQ=', 'X')).toThrow(/entry 1/);
    try {
      parseKeyRing('BAD KEY secretvalue', 'X');
    } catch (err) {
      expect((err as Error).message).not.toContain('secretvalue');
    }
    expect(() => parseKeyRing('# only a comment\n', 'X')).toThrow(/no key/);
  });
});

describe('the tongxin command and keys', () => {
  it('prints a fresh key entry for the shared key file', async () => {
    const { code, stdout } = await runCli(['new-key', '--id', 'k2'], {});
    expect(code).toBe(0);
    const [key] = parseKeyRing(stdout, 'stdout');
    expect(key?.id).toBe('k2');
  });

  it('refuses to serve PostgreSQL without a shared key, before touching the database', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tongxin-keys-'));
    try {
      const { code, stderr } = await runCli(['serve'], {
        DATA_DIR: dataDir,
        // Nothing listens here: the refusal must come before any connection attempt.
        DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none',
        // The test helper gives PostgreSQL servers a shared key; this one is to have none.
        TONGXIN_MASTER_KEY: '',
      });
      expect(code).toBe(1);
      expect(stderr).toContain('TONGXIN_MASTER_KEY_FILE');
      expect(fs.existsSync(path.join(dataDir, GENERATED_KEY_FILE))).toBe(false);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InvalidStorageKeyError, LocalDiskStorage } from './storage.ts';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tongxin-storage-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

async function* chunks(...parts: string[]): AsyncIterable<Uint8Array> {
  for (const part of parts) yield Buffer.from(part);
}

const read = async (stream: NodeJS.ReadableStream | null) => {
  if (!stream) return null;
  const out: Buffer[] = [];
  for await (const chunk of stream) out.push(chunk as Buffer);
  return Buffer.concat(out).toString();
};

describe('local disk storage', () => {
  const storage = new LocalDiskStorage(root);

  it('stores under keys it makes, sharded, readable back, with private modes', async () => {
    const a = await storage.put(chunks('支部', '会议'));
    const b = await storage.put(chunks('x'));
    expect(a.key).toMatch(/^[0-9a-f]{2}\/[0-9a-f]{2}\/[0-9a-f]{32}$/);
    expect(a.key.slice(0, 2)).toBe(a.key.slice(6, 8));
    expect(a.key).not.toBe(b.key);
    expect(a.size).toBe(Buffer.byteLength('支部会议'));
    expect(await read(await storage.get(a.key))).toBe('支部会议');
    expect(await storage.exists(a.key)).toBe(true);
    const file = path.join(root, ...a.key.split('/'));
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    // Nothing is left in the staging directory once a put returns.
    expect(fs.readdirSync(path.join(root, 'tmp'))).toEqual([]);
  });

  it('leaves nothing behind when the source fails half way', async () => {
    const before = fs.readdirSync(root, { recursive: true }).length;
    async function* failing(): AsyncIterable<Uint8Array> {
      yield Buffer.from('half');
      throw new Error('client went away');
    }
    await expect(storage.put(failing())).rejects.toThrow('client went away');
    expect(fs.readdirSync(path.join(root, 'tmp'))).toEqual([]);
    expect(fs.readdirSync(root, { recursive: true }).length).toBe(before);
  });

  it('deletes idempotently and answers null for what is not there', async () => {
    const { key } = await storage.put(chunks('gone soon'));
    await storage.delete(key);
    await storage.delete(key);
    expect(await storage.exists(key)).toBe(false);
    expect(await storage.get(key)).toBeNull();
  });

  it('refuses anything that is not one of its keys, so no path can be walked', async () => {
    for (const key of [
      '../../etc/passwd',
      '/etc/passwd',
      'ab/cd/../../../x',
      'AB/CD/' + 'A'.repeat(32),
      '',
    ]) {
      await expect(storage.get(key)).rejects.toBeInstanceOf(InvalidStorageKeyError);
      await expect(storage.exists(key)).rejects.toBeInstanceOf(InvalidStorageKeyError);
      await expect(storage.delete(key)).rejects.toBeInstanceOf(InvalidStorageKeyError);
    }
  });
});

import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';

/**
 * Where uploaded bytes live. Keys are made here, never by a caller and never from anything a
 * user sent, so no file name or id can reach the file system. Modules keep the key in their
 * own rows; a put is durable before its key is returned.
 */
export interface Storage {
  /** Stores the bytes under a new key; the key comes back only once the bytes are on disk. */
  put(source: AsyncIterable<Uint8Array>): Promise<StoredObject>;
  /** The bytes of a key, or null when there is no such object. */
  get(key: string): Promise<Readable | null>;
  /** Removes an object; removing one that is already gone is not an error. */
  delete(key: string): Promise<void>;
  exists(key: string): Promise<boolean>;
}

export interface StoredObject {
  key: string;
  size: number;
}

/** 2 + 2 hex characters of shard directories, then the 128-bit random name. */
const KEY = /^[0-9a-f]{2}\/[0-9a-f]{2}\/[0-9a-f]{32}$/;

export class InvalidStorageKeyError extends Error {
  constructor() {
    super('Not a storage key');
    this.name = 'InvalidStorageKeyError';
  }
}

/**
 * Files under one directory, sharded 256 × 256 ways, so 16 million objects make about 256
 * files per directory. Writes go to a temporary file that is flushed and renamed into place, so
 * a crash leaves either the whole object or nothing under its key (and, at worst, a stray
 * tmp/*.part file that nothing reads and that is safe to delete).
 */
export class LocalDiskStorage implements Storage {
  constructor(private readonly root: string) {}

  private pathOf(key: string): string {
    // Keys come from our own rows, but a damaged row still must not walk out of the root.
    if (!KEY.test(key)) throw new InvalidStorageKeyError();
    return path.join(this.root, ...key.split('/'));
  }

  async put(source: AsyncIterable<Uint8Array>): Promise<StoredObject> {
    const name = randomBytes(16).toString('hex');
    const key = `${name.slice(0, 2)}/${name.slice(2, 4)}/${name}`;
    const tmpDir = path.join(this.root, 'tmp');
    await fsp.mkdir(tmpDir, { recursive: true, mode: 0o700 });
    const tmp = path.join(tmpDir, `${name}.part`);
    const handle = await fsp.open(tmp, 'wx', 0o600);
    let size = 0;
    try {
      try {
        for await (const chunk of source) {
          await handle.write(chunk);
          size += chunk.byteLength;
        }
        await handle.sync();
      } finally {
        await handle.close();
      }
      const final = this.pathOf(key);
      const dir = path.dirname(final);
      await fsp.mkdir(dir, { recursive: true, mode: 0o700 });
      await fsp.rename(tmp, final);
      await syncDirectory(dir);
    } catch (err) {
      await fsp.rm(tmp, { force: true });
      throw err;
    }
    return { key, size };
  }

  async get(key: string): Promise<Readable | null> {
    const file = this.pathOf(key);
    try {
      // Opening first turns a missing object into null rather than a stream error later.
      const handle = await fsp.open(file, 'r');
      return handle.createReadStream();
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    await fsp.rm(this.pathOf(key), { force: true });
  }

  async exists(key: string): Promise<boolean> {
    try {
      return (await fsp.stat(this.pathOf(key))).isFile();
    } catch (err) {
      if (isNotFound(err)) return false;
      throw err;
    }
  }
}

function isNotFound(err: unknown): boolean {
  return err instanceof Error && 'code' in err && err.code === 'ENOENT';
}

/** A rename is durable only once its directory is flushed too. */
async function syncDirectory(dir: string): Promise<void> {
  const fd = await fsp.open(dir, fs.constants.O_RDONLY);
  try {
    await fd.sync();
  } finally {
    await fd.close();
  }
}

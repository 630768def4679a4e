import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { DataDirLockedError, acquireDataDirLock } from './data-dir-lock.ts';

describe('data directory lock', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tongxin-lock-'));
  const lockFile = path.join(dir, 'tongxin.lock');
  afterEach(() => fs.rmSync(lockFile, { force: true }));

  it('takes a free lock and releases it', () => {
    const release = acquireDataDirLock(lockFile);
    expect(fs.readFileSync(lockFile, 'utf8')).toBe(String(process.pid));
    expect(fs.statSync(lockFile).mode & 0o777).toBe(0o600);
    release();
    expect(fs.existsSync(lockFile)).toBe(false);
  });

  it('refuses a lock held by a live process', () => {
    // The parent of this test process is alive for as long as we run.
    fs.writeFileSync(lockFile, String(process.ppid));
    expect(() => acquireDataDirLock(lockFile)).toThrow(DataDirLockedError);
    expect(fs.readFileSync(lockFile, 'utf8')).toBe(String(process.ppid));
  });

  it('takes over a lock left by a process that died', () => {
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
    fs.writeFileSync(lockFile, dead.stdout.toString());
    const release = acquireDataDirLock(lockFile);
    expect(fs.readFileSync(lockFile, 'utf8')).toBe(String(process.pid));
    expect(fs.readdirSync(dir)).toEqual(['tongxin.lock']);
    release();
  });
});

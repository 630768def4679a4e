import fs from 'node:fs';

export class DataDirLockedError extends Error {
  constructor(
    public readonly lockFile: string,
    public readonly pid: number,
  ) {
    super(`Another Tongxin process (pid ${pid}) is using this data directory (${lockFile})`);
    this.name = 'DataDirLockedError';
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readPid(file: string): number {
  try {
    return Number(fs.readFileSync(file, 'utf8'));
  } catch {
    return 0;
  }
}

const holdsLiveProcess = (pid: number): boolean =>
  Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid);

/**
 * Takes an exclusive pid lock file; a lock left by a dead process (kill -9) is taken over.
 * The takeover renames the stale file away first, so two processes starting together
 * after a crash cannot both delete it and both believe they hold the lock.
 */
export function acquireDataDirLock(lockFile: string): () => void {
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      fs.writeFileSync(lockFile, String(process.pid), { flag: 'wx', mode: 0o600 });
      return () => {
        if (readPid(lockFile) === process.pid) fs.rmSync(lockFile, { force: true });
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const seen = readPid(lockFile);
    if (holdsLiveProcess(seen)) throw new DataDirLockedError(lockFile, seen);
    const aside = `${lockFile}.${process.pid}.stale`;
    try {
      fs.renameSync(lockFile, aside);
    } catch (err) {
      // Someone else moved it first: try again from the top.
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw err;
    }
    const moved = readPid(aside);
    if (holdsLiveProcess(moved)) {
      // We raced a process that had just taken the lock: give it back.
      try {
        fs.linkSync(aside, lockFile);
      } finally {
        fs.rmSync(aside, { force: true });
      }
      throw new DataDirLockedError(lockFile, moved);
    }
    fs.rmSync(aside, { force: true });
  }
  throw new Error(`Could not take the data directory lock ${lockFile}`);
}

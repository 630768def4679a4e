import fs from 'node:fs/promises';
import path from 'node:path';

/**
 * PGlite writes through Emscripten's NODEFS, whose fsync is a no-op: a commit reaches the
 * OS page cache (safe from a process crash) but not the disk (lost on power failure).
 * This flushes the WAL segments written since the last flush, batching concurrent
 * commits into one fsync round ("group commit"), so an acknowledged commit is on disk.
 */
export class WalSync {
  private running: Promise<void> | null = null;
  private queued: Promise<void> | null = null;
  private lastFlushStartedAt = 0;
  /** Segment names at the last directory sync: a rename (recycled segment) changes them. */
  private syncedNames = '';
  flushes = 0;

  constructor(private readonly walDir: string) {}

  /** Resolves once every WAL byte written before the call is on stable storage. */
  flush(): Promise<void> {
    // A flush already running may have listed the files before our commit wrote them,
    // so callers arriving during it share the next one.
    if (this.running) {
      this.queued ??= this.running.then(() => {
        this.queued = null;
        return this.start();
      });
      return this.queued;
    }
    return this.start();
  }

  private start(): Promise<void> {
    const run = this.syncChanged().finally(() => {
      if (this.running === run) this.running = null;
    });
    this.running = run;
    return run;
  }

  private async syncChanged(): Promise<void> {
    const since = this.lastFlushStartedAt;
    this.lastFlushStartedAt = Date.now();
    this.flushes++;
    const segments = (await fs.readdir(this.walDir)).filter((n) => /^[0-9A-F]{24}$/.test(n));
    const namesNow = segments.sort().join(',');
    let newSegment = namesNow !== this.syncedNames;
    await Promise.all(
      segments.map(async (name) => {
        const file = path.join(this.walDir, name);
        const stat = await fs.stat(file);
        // mtime has coarse granularity on some file systems: keep a 2 s margin.
        if (stat.mtimeMs < since - 2000) return;
        if (stat.birthtimeMs >= since - 2000) newSegment = true;
        const handle = await fs.open(file, 'r');
        try {
          await handle.datasync();
        } finally {
          await handle.close();
        }
      }),
    );
    if (newSegment || since === 0) {
      const dir = await fs.open(this.walDir, 'r');
      try {
        await dir.sync();
      } finally {
        await dir.close();
      }
      this.syncedNames = namesNow;
    }
  }
}

// Figures the exchange benchmark prints: latency percentiles and a child process's CPU and memory.
import fs from 'node:fs';

/** The p-th percentile (0..100) of an ascending array, nearest-rank; NaN when empty. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? Number.NaN;
}

/** Linux reports CPU time in clock ticks; 100 per second on every platform Node runs on here. */
const TICKS_PER_SECOND = 100;

function cpuTicks(pid: number): number {
  let stat: string;
  try {
    stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    // A database backend that ended during the window: its time is lost, not fatal.
    return 0;
  }
  // Field 2 (comm) may contain spaces; everything after its closing parenthesis is plain.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of the full line, 12 and 13 after comm and state.
  return Number(fields[11]) + Number(fields[12]);
}

function rssKb(pid: number): number {
  let status: string;
  try {
    status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return 0;
  }
  const match = /^VmRSS:\s+(\d+) kB/m.exec(status);
  return match ? Number(match[1]) : 0;
}

export interface ProcessFigures {
  /** CPU time used during the window, as a percentage of one core. */
  cpuPercent: number;
  /** Highest resident set size seen during the window, in MiB. */
  peakRssMiB: number;
}

/** Samples a process's CPU and RSS over a window (Linux /proc). */
export class ProcessSampler {
  private startTicks = 0;
  private startAt = 0;
  private peakKb = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly pid: number) {}

  start(): void {
    this.startTicks = cpuTicks(this.pid);
    this.startAt = performance.now();
    this.peakKb = rssKb(this.pid);
    this.timer = setInterval(() => {
      this.peakKb = Math.max(this.peakKb, rssKb(this.pid));
    }, 100);
  }

  stop(): ProcessFigures {
    if (this.timer) clearInterval(this.timer);
    this.peakKb = Math.max(this.peakKb, rssKb(this.pid));
    const seconds = (performance.now() - this.startAt) / 1000;
    const cpuSeconds = (cpuTicks(this.pid) - this.startTicks) / TICKS_PER_SECOND;
    return {
      cpuPercent: seconds > 0 ? (100 * cpuSeconds) / seconds : 0,
      peakRssMiB: this.peakKb / 1024,
    };
  }
}

/**
 * Summed CPU of several processes (the database backends serving the node), % of one core.
 * Backends opened during the window are counted from their start (they began inside it).
 */
export class CpuSampler {
  private startTicks = new Map<number, number>();
  private startAt = 0;

  constructor(private readonly pids: () => Promise<number[]>) {}

  async start(): Promise<void> {
    this.startAt = performance.now();
    for (const pid of await this.pids()) this.startTicks.set(pid, cpuTicks(pid));
  }

  async stop(): Promise<number> {
    const seconds = (performance.now() - this.startAt) / 1000;
    let ticks = 0;
    for (const pid of new Set([...this.startTicks.keys(), ...(await this.pids())]))
      ticks += Math.max(0, cpuTicks(pid) - (this.startTicks.get(pid) ?? 0));
    return seconds > 0 ? (100 * ticks) / TICKS_PER_SECOND / seconds : 0;
  }
}

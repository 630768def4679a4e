/** Talk times in the branch's own zone, whatever the device says. */
export const formatTalkTime = (iso: string): string =>
  new Date(iso).toLocaleString('zh-CN', {
    timeZone: 'Asia/Shanghai',
    hour12: false,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  });

/** The current year in Asia/Shanghai (the coverage year). */
export const shanghaiYear = (now: Date = new Date()): number =>
  Number(now.toLocaleString('en-US', { timeZone: 'Asia/Shanghai', year: 'numeric' }));

export const STATUS_COLOURS = {
  scheduled: 'blue',
  recorded: 'orange',
  confirmed: 'green',
  cancelled: 'default',
} as const;

const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** A `datetime-local` value for this moment on the Shanghai clock, to the hour. */
export const toShanghaiInput = (d: Date): string =>
  `${new Date(d.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 13)}:00`;

/** A `datetime-local` value read as Shanghai time (whatever the device's zone), as an instant. */
export const fromShanghaiInput = (value: string): string =>
  new Date(`${value.slice(0, 16)}:00+08:00`).toISOString();

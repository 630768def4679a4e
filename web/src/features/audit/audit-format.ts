/** Audit times are shown in China Standard Time whatever the browser's zone, like the export. */
const SHANGHAI = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** 2026-11-25 22:49:17 for 2026-11-25T14:49:17.123456Z */
export function shanghaiTime(utc: string): string {
  const parts = Object.fromEntries(
    SHANGHAI.formatToParts(new Date(utc)).map((p) => [p.type, p.value]),
  ) as Record<string, string>;
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}

/** Filters as typed: surrounding spaces are dropped, and blank fields are no filter at all. */
export function withoutBlanks<T extends object>(values: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(values)
      .map(([k, v]) => [k, typeof v === 'string' ? v.trim() : v] as const)
      .filter(([, v]) => v !== undefined && v !== null && v !== ''),
  ) as Partial<T>;
}

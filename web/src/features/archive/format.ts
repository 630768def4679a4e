const FORMAT = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

/** Archive times in Beijing time, whatever the device's zone. */
export const beijingTime = (iso: string): string => FORMAT.format(new Date(iso));

/** Today in Beijing as YYYY-MM-DD. */
export const beijingToday = (): string =>
  new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

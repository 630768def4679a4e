/** Calendar dates (YYYY-MM-DD) as party records use them: no time of day, no time zone. */

const parse = (iso: string): Date => {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d));
};

const format = (date: Date): string => date.toISOString().slice(0, 10);

export function addDays(iso: string, days: number): string {
  const date = parse(iso);
  date.setUTCDate(date.getUTCDate() + days);
  return format(date);
}

/** Adds calendar months; the 31st of a shorter month rolls over, as Date does. */
export function addMonths(iso: string, months: number): string {
  const date = parse(iso);
  date.setUTCMonth(date.getUTCMonth() + months);
  return format(date);
}

export const addYears = (iso: string, years: number): string => addMonths(iso, years * 12);

/** Today on the server's own calendar (the date an operator sees on the wall). */
export function localToday(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

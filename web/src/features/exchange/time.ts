/**
 * Message times as people in China read them: in Asia/Shanghai whatever the device's zone
 * (a member travelling abroad still talks about the branch's "today"), 24-hour clock,
 * and only as much of the date as is needed.
 */

export const TIME_ZONE = 'Asia/Shanghai';

type Locale = 'zh-CN' | 'en';

const partsCache = new Map<string, Intl.DateTimeFormat>();
function format(locale: Locale, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let found = partsCache.get(key);
  if (!found) {
    found = new Intl.DateTimeFormat(locale, { timeZone: TIME_ZONE, hourCycle: 'h23', ...options });
    partsCache.set(key, found);
  }
  return found;
}

/** The calendar day in Shanghai, `YYYY-MM-DD`: what date separators group by. */
export function dayKey(at: string | Date): string {
  const parts = format('en', { year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(
    typeof at === 'string' ? new Date(at) : at,
  );
  const get = (type: Intl.DateTimeFormatPartTypes) =>
    parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** Whole days from day `a` to day `b` (both `YYYY-MM-DD`). */
function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/** A message's time: 14:05 today, 昨天 14:05, 11月3日 14:05 this year, else the full date. */
export function messageTime(at: string, locale: Locale, now: Date = new Date()): string {
  const date = new Date(at);
  const clock = format(locale, { hour: '2-digit', minute: '2-digit' }).format(date);
  const day = dayKey(date);
  const today = dayKey(now);
  const ago = daysBetween(day, today);
  if (ago === 0) return clock;
  if (ago === 1) return locale === 'zh-CN' ? `昨天 ${clock}` : `Yesterday ${clock}`;
  const sameYear = day.slice(0, 4) === today.slice(0, 4);
  const dateText = format(
    locale,
    sameYear
      ? { month: 'short', day: 'numeric' }
      : { year: 'numeric', month: 'short', day: 'numeric' },
  ).format(date);
  return `${dateText} ${clock}`;
}

/** The full time for a tooltip: 2026年11月25日 星期三 14:05:09. */
export function fullTime(at: string, locale: Locale): string {
  return format(locale, {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).format(new Date(at));
}

/** A date separator's text: 今天, 昨天, 11月23日 星期一, or with the year when not this year. */
export function dayLabel(day: string, locale: Locale, now: Date = new Date()): string {
  const today = dayKey(now);
  const ago = daysBetween(day, today);
  if (ago === 0) return locale === 'zh-CN' ? '今天' : 'Today';
  if (ago === 1) return locale === 'zh-CN' ? '昨天' : 'Yesterday';
  // Noon UTC of that day is the same calendar day in Shanghai (UTC+8).
  const noon = new Date(`${day}T12:00:00Z`);
  const sameYear = day.slice(0, 4) === today.slice(0, 4);
  return format(
    locale,
    sameYear
      ? { month: 'long', day: 'numeric', weekday: 'short' }
      : { year: 'numeric', month: 'long', day: 'numeric', weekday: 'short' },
  ).format(noon);
}

export type StreamRow<M> =
  { kind: 'day'; key: string; day: string } | { kind: 'message'; key: string; message: M };

/**
 * Interleaves date separators with messages (oldest first): one before the first message of
 * every Shanghai calendar day.
 */
export function withDaySeparators<M extends { id: string | number; createdAt: string }>(
  messages: readonly M[],
): StreamRow<M>[] {
  const rows: StreamRow<M>[] = [];
  let current: string | null = null;
  for (const message of messages) {
    const day = dayKey(message.createdAt);
    if (day !== current) {
      rows.push({ kind: 'day', key: `day-${day}`, day });
      current = day;
    }
    rows.push({ kind: 'message', key: String(message.id), message });
  }
  return rows;
}

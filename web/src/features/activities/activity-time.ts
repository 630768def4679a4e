/**
 * Activities are planned and shown in China Standard Time whatever the browser's zone: a
 * secretary travelling abroad still plans the 14:00 meeting at home. CST has no daylight
 * saving, so the offset is fixed.
 */
export const ZONE = 'Asia/Shanghai';
const OFFSET = '+08:00';

const parts = (iso: string): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const p of new Intl.DateTimeFormat('en-CA', {
    timeZone: ZONE,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(new Date(iso))) {
    out[p.type] = p.value;
  }
  return out;
};

/** 'YYYY-MM-DD' of the instant in Shanghai: the calendar cell it belongs to. */
export function shanghaiDate(iso: string): string {
  const p = parts(iso);
  return `${p.year}-${p.month}-${p.day}`;
}

/** 'YYYY-MM-DD HH:mm' wall clock in Shanghai, for form fields. */
export function shanghaiWallClock(iso: string): string {
  const p = parts(iso);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

/** 'HH:mm' in Shanghai. */
export function shanghaiTime(iso: string): string {
  const p = parts(iso);
  return `${p.hour}:${p.minute}`;
}

/** The instant of a Shanghai wall clock 'YYYY-MM-DD HH:mm' (or with 'T'). */
export function fromShanghaiWallClock(wall: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})/.exec(wall);
  if (!match) throw new Error(`not a wall clock time: ${wall}`);
  return new Date(`${match[1]}T${match[2]}:00${OFFSET}`).toISOString();
}

/** The month 'YYYY-MM' an instant falls in, in Shanghai. */
export const shanghaiMonth = (iso: string): string => shanghaiDate(iso).slice(0, 7);

/** The start and (exclusive) end instants of a Shanghai calendar day range, inclusive days. */
export function shanghaiDayRange(fromDay: string, toDay: string): { from: string; to: string } {
  const from = new Date(`${fromDay}T00:00:00${OFFSET}`);
  const to = new Date(`${toDay}T00:00:00${OFFSET}`);
  to.setUTCDate(to.getUTCDate() + 1);
  return { from: from.toISOString(), to: to.toISOString() };
}

/**
 * A default start for a new activity: the next half hour. The QR window opens 30 minutes
 * before the start, so an activity planned on the spot can be signed into at once.
 */
export function nextHalfHour(now: Date): Date {
  const step = 30 * 60_000;
  return new Date(Math.floor(now.getTime() / step) * step + step);
}

/** 'YYYY-MM-DD HH:mm – HH:mm' (the end's date too when it differs). */
export function formatSpan(startsAt: string, endsAt: string): string {
  const start = shanghaiWallClock(startsAt);
  const end = shanghaiWallClock(endsAt);
  return start.slice(0, 10) === end.slice(0, 10)
    ? `${start} – ${end.slice(11)}`
    : `${start} – ${end}`;
}

export const formatStamp = (iso: string): string => shanghaiWallClock(iso);

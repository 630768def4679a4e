export type ElectionState = 'due' | 'soon' | 'later' | 'unknown';

/** Today as YYYY-MM-DD in the viewer's zone, comparable with calendar dates as strings. */
export function todayIso(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

// Preparing a 换届 (nominations, approval by the higher committee) takes months, so warn early.
const WARNING_MONTHS = 6;

export function electionState(nextElectionOn: string | null, today: string): ElectionState {
  if (!nextElectionOn) return 'unknown';
  if (nextElectionOn <= today) return 'due';
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  const warnFrom = new Date(y, m - 1 + WARNING_MONTHS, d);
  return nextElectionOn <= todayIso(warnFrom) ? 'soon' : 'later';
}

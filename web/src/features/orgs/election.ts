import { electionStatus, type ElectionStatus } from '@tongxin/contract';

export type { ElectionStatus };

/** Today as YYYY-MM-DD in the viewer's zone, comparable with calendar dates as strings. */
export function todayIso(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** The rule (overdue, or due within 90 days) lives in the contract, shared with the server. */
export const electionState = electionStatus;

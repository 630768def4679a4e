import type { ActivityRecord } from '@tongxin/contract';

export const STEP_KEYS = [
  'draft',
  'published',
  'attendance',
  'minutes',
  'makeup',
  'finalised',
] as const;
export type StepKey = (typeof STEP_KEYS)[number];

/** Absentees (absent, not on approved leave) who have no 补学 recorded yet. */
export function absenteesWithoutMakeup(record: ActivityRecord): ActivityRecord['attendees'] {
  const done = new Set(record.makeups.map((m) => m.memberId));
  return record.attendees.filter(
    (a) => (a.status === 'absent' || a.status === 'leave') && !done.has(a.memberId),
  );
}

/**
 * Where the activity stands on its way from draft to the finalised record: the index of the
 * first step still open (STEP_KEYS.length when finalised). Attendance counts as done once
 * nobody is left unmarked or the activity is over; make-up study once every absentee has one.
 */
export function currentStep(record: ActivityRecord, now: Date): number {
  if (record.status === 'draft') return 0;
  if (record.status === 'finalised') return STEP_KEYS.length;
  const unmarked = record.attendees.some((a) => a.status === 'expected');
  if (unmarked && new Date(record.endsAt) > now) return 2;
  if (record.minutes.updatedAt === null) return 3;
  if (absenteesWithoutMakeup(record).length > 0) return 4;
  return 5;
}

import { describe, expect, it } from 'vitest';
import type { ActivityRecord, Attendee } from '@tongxin/contract';
import { absenteesWithoutMakeup, currentStep } from './activity-steps.ts';

const attendee = (memberId: string, status: Attendee['status']): Attendee => ({
  memberId,
  name: memberId,
  orgName: '机关第一党支部',
  voting: true,
  status,
  signedInAt: null,
  signInMethod: null,
  note: null,
});

const record = (overrides: Partial<ActivityRecord>): ActivityRecord =>
  ({
    status: 'published',
    endsAt: '2026-12-05T08:00:00.000Z',
    attendees: [attendee('a', 'present'), attendee('b', 'expected')],
    makeups: [],
    minutes: {
      agenda: [],
      speeches: [],
      resolutions: [],
      summary: '',
      updatedAt: null,
      updatedByName: null,
    },
    ...overrides,
  }) as ActivityRecord;

const before = new Date('2026-12-05T07:00:00.000Z');
const after = new Date('2026-12-05T09:00:00.000Z');

describe('the activity steps', () => {
  it('waits for attendance while someone is unmarked and the activity is not over', () => {
    expect(currentStep(record({ status: 'draft' }), before)).toBe(0);
    expect(currentStep(record({}), before)).toBe(2);
    // Once it is over the unmarked ones no longer hold the record up.
    expect(currentStep(record({}), after)).toBe(3);
  });

  it('asks for 补学 from each absentee after the minutes, then is ready to finalise', () => {
    const minutes = { ...record({}).minutes, updatedAt: '2026-12-05T08:10:00.000Z' };
    const absent = record({
      attendees: [attendee('a', 'present'), attendee('b', 'absent')],
      minutes,
    });
    expect(currentStep(absent, after)).toBe(4);
    expect(absenteesWithoutMakeup(absent).map((a) => a.memberId)).toEqual(['b']);
    const madeUp = {
      ...absent,
      makeups: [
        {
          id: 'm',
          memberId: 'b',
          name: 'b',
          date: '2026-12-06',
          method: 'self_study' as const,
          content: '自学会议精神',
          confirmedByName: '书记',
          recordedAt: '2026-12-06T02:00:00.000Z',
        },
      ],
    };
    expect(currentStep(madeUp, after)).toBe(5);
    expect(currentStep({ ...madeUp, status: 'finalised' }, after)).toBe(6);
  });
});

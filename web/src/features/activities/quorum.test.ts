import { describe, expect, it } from 'vitest';
import type { AttendanceCounts } from '@tongxin/contract';
import { quorumOf } from './quorum.ts';

const counts = (over: Partial<AttendanceCounts>): AttendanceCounts => ({
  expected: 10,
  present: 0,
  absent: 0,
  leave: 0,
  votingExpected: 8,
  votingPresent: 0,
  ...over,
});

describe('the quorum shown before minutes are saved', () => {
  it('counts only full members at a branch general meeting and needs more than half', () => {
    // Half exactly is not enough; probationary members present do not help.
    expect(
      quorumOf({
        type: 'branch_general_meeting',
        counts: counts({ present: 6, votingPresent: 4 }),
      }),
    ).toEqual({ present: 4, base: 8, met: false });
    expect(
      quorumOf({ type: 'branch_general_meeting', counts: counts({ present: 5, votingPresent: 5 }) })
        ?.met,
    ).toBe(true);
  });

  it('counts everyone expected at a committee meeting and has no rule for a lecture', () => {
    expect(
      quorumOf({ type: 'committee_meeting', counts: counts({ expected: 5, present: 3 }) }),
    ).toEqual({ present: 3, base: 5, met: true });
    expect(quorumOf({ type: 'party_lecture', counts: counts({}) })).toBeNull();
  });
});

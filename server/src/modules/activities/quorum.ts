import type { ActivityType, AttendanceCounts, MinutesInput, Resolution } from '@tongxin/contract';
import { AppError } from '../../platform/http/errors.ts';

/** Attendance of the people a vote is about, as the quorum rules count them. */
export interface VoteBase {
  counts: AttendanceCounts;
  /** Committee members expected and present (支委会). */
  committeeExpected: number;
  committeePresent: number;
}

/**
 * Those entitled to vote on a resolution: the full members expected (支部党员大会: probationary
 * members do not vote), the committee members (支委会), otherwise those present.
 */
export function entitledVoters(type: ActivityType, base: VoteBase): number {
  if (type === 'branch_general_meeting') return base.counts.votingExpected;
  if (type === 'committee_meeting') return base.committeeExpected;
  return base.counts.present;
}

/** Who may actually have voted: present and entitled. */
function presentVoters(type: ActivityType, base: VoteBase): number {
  if (type === 'branch_general_meeting') return base.counts.votingPresent;
  if (type === 'committee_meeting') return base.committeePresent;
  return base.counts.present;
}

/**
 * The presence rule of the type, or null when it is met (or the type has none):
 * 支部党员大会 more than half of the voting members present; 支委会 more than half of the
 * committee members present.
 */
export function quorumProblem(type: ActivityType, base: VoteBase): string | null {
  if (type === 'branch_general_meeting') {
    const { votingExpected: of, votingPresent: here } = base.counts;
    if (here * 2 <= of) {
      return `A branch general meeting may vote only with more than half of its ${of} voting (full) members present; ${here} are present`;
    }
  }
  if (type === 'committee_meeting') {
    const of = base.committeeExpected;
    const here = base.committeePresent;
    if (here * 2 <= of) {
      return `A committee meeting may decide only with more than half of its ${of} committee members present; ${here} are present`;
    }
  }
  return null;
}

/**
 * Checks resolutions before they are recorded: the quorum of the type, and no more votes than
 * voters present. Throws a 422 with a stable code.
 */
export function assertResolutionsValid(
  type: ActivityType,
  base: VoteBase,
  resolutions: MinutesInput['resolutions'],
): void {
  if (resolutions.length === 0) return;
  const problem = quorumProblem(type, base);
  if (problem) {
    throw new AppError(422, 'quorum_not_met', problem, {
      field: 'resolutions',
      expected: type === 'committee_meeting' ? base.committeeExpected : base.counts.votingExpected,
      present: type === 'committee_meeting' ? base.committeePresent : base.counts.votingPresent,
    });
  }
  const voters = presentVoters(type, base);
  resolutions.forEach((r, index) => {
    if (r.votesFor + r.votesAgainst + r.votesAbstain > voters) {
      throw new AppError(
        422,
        'invalid_votes',
        `Resolution "${r.title}" counts more votes than the ${voters} voters present`,
        { field: `resolutions/${index}`, voters },
      );
    }
  });
}

/** A resolution passes with more than half of those entitled to vote voting for it. */
export function shapeResolutions(
  type: ActivityType,
  base: VoteBase,
  resolutions: MinutesInput['resolutions'],
): Resolution[] {
  const entitled = entitledVoters(type, base);
  return resolutions.map((r) => ({ ...r, entitled, passed: r.votesFor * 2 > entitled }));
}

import type { ActivityRecord } from '@tongxin/contract';

export interface Quorum {
  present: number;
  base: number;
  /** More than half of the base present. */
  met: boolean;
}

/**
 * The presence rule for votes, as the screens explain it before the server enforces it:
 * 支部党员大会 counts full members (probationary members do not vote), 支委会 committee members
 * (everyone expected at it). Other types have no quorum: null.
 */
export function quorumOf(record: Pick<ActivityRecord, 'type' | 'counts'>): Quorum | null {
  const { counts } = record;
  if (record.type === 'branch_general_meeting') {
    return {
      present: counts.votingPresent,
      base: counts.votingExpected,
      met: counts.votingPresent * 2 > counts.votingExpected,
    };
  }
  if (record.type === 'committee_meeting') {
    return {
      present: counts.present,
      base: counts.expected,
      met: counts.present * 2 > counts.expected,
    };
  }
  return null;
}

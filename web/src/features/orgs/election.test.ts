import { describe, expect, it } from 'vitest';
import { electionState, todayIso } from './election.ts';

describe('election reminder', () => {
  it('formats the local date as YYYY-MM-DD', () => {
    expect(todayIso(new Date(2026, 0, 5))).toBe('2026-01-05');
  });

  it('is due on or after the date, soon within six months, later otherwise', () => {
    expect(electionState(null, '2026-11-24')).toBe('unknown');
    expect(electionState('2026-11-24', '2026-11-24')).toBe('due');
    expect(electionState('2027-05-01', '2026-11-24')).toBe('soon');
    expect(electionState('2027-06-01', '2026-11-24')).toBe('later');
  });
});

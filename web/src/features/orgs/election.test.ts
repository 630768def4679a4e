import { describe, expect, it } from 'vitest';
import { electionState, todayIso } from './election.ts';

describe('election reminder', () => {
  it('formats the local date as YYYY-MM-DD', () => {
    expect(todayIso(new Date(2026, 0, 5))).toBe('2026-01-05');
  });

  it('is overdue after the date, due soon within 90 days, ok otherwise', () => {
    expect(electionState(null, '2026-11-24')).toBe('unknown');
    expect(electionState('2026-11-23', '2026-11-24')).toBe('overdue');
    expect(electionState('2026-11-24', '2026-11-24')).toBe('due_soon');
    expect(electionState('2027-02-01', '2026-11-24')).toBe('due_soon');
    expect(electionState('2027-05-01', '2026-11-24')).toBe('ok');
  });
});

import { describe, expect, it } from 'vitest';
import {
  formatSpan,
  fromShanghaiWallClock,
  nextHalfHour,
  shanghaiDate,
  shanghaiDayRange,
  shanghaiWallClock,
} from './activity-time.ts';

describe('activity times in Asia/Shanghai', () => {
  it('puts a late-evening UTC instant on the next Shanghai day', () => {
    expect(shanghaiDate('2026-12-04T17:30:00.000Z')).toBe('2026-12-05');
    expect(shanghaiWallClock('2026-12-04T17:30:00.000Z')).toBe('2026-12-05 01:30');
  });

  it('reads a wall clock as Shanghai time and round-trips it', () => {
    const iso = fromShanghaiWallClock('2026-12-05 14:00');
    expect(iso).toBe('2026-12-05T06:00:00.000Z');
    expect(shanghaiWallClock(iso)).toBe('2026-12-05 14:00');
    expect(() => fromShanghaiWallClock('tomorrow')).toThrow();
  });

  it('covers whole Shanghai days with an exclusive end', () => {
    expect(shanghaiDayRange('2026-12-01', '2026-12-31')).toEqual({
      from: '2026-11-30T16:00:00.000Z',
      to: '2026-12-31T16:00:00.000Z',
    });
  });

  it('starts a new activity at the next half hour, never now', () => {
    expect(nextHalfHour(new Date('2026-12-04T06:00:00.000Z')).toISOString()).toBe(
      '2026-12-04T06:30:00.000Z',
    );
    expect(nextHalfHour(new Date('2026-12-04T06:12:45.000Z')).toISOString()).toBe(
      '2026-12-04T06:30:00.000Z',
    );
  });

  it('shows the end date only when the activity runs past midnight', () => {
    expect(formatSpan('2026-12-05T06:00:00.000Z', '2026-12-05T08:00:00.000Z')).toBe(
      '2026-12-05 14:00 – 16:00',
    );
    expect(formatSpan('2026-12-05T06:00:00.000Z', '2026-12-06T01:00:00.000Z')).toBe(
      '2026-12-05 14:00 – 2026-12-06 09:00',
    );
  });
});

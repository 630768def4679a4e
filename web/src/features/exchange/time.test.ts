import { describe, expect, it } from 'vitest';
import { dayKey, dayLabel, messageTime, withDaySeparators } from './time.ts';

// 2026-11-25 10:00 in Shanghai.
const NOW = new Date('2026-11-25T02:00:00Z');

describe('message times in Asia/Shanghai', () => {
  it('groups by the Shanghai calendar day, not UTC or the device zone', () => {
    // 23:30 UTC on the 24th is 07:30 on the 25th in Shanghai.
    expect(dayKey('2026-11-24T23:30:00Z')).toBe('2026-11-25');
    expect(dayKey('2026-11-24T15:59:59Z')).toBe('2026-11-24');
    expect(dayKey('2026-11-24T16:00:00Z')).toBe('2026-11-25');
  });

  it('shows only as much of the date as needed, on a 24-hour clock', () => {
    expect(messageTime('2026-11-25T01:05:00Z', 'zh-CN', NOW)).toBe('09:05');
    expect(messageTime('2026-11-24T12:30:00Z', 'zh-CN', NOW)).toBe('昨天 20:30');
    expect(messageTime('2026-11-24T12:30:00Z', 'en', NOW)).toBe('Yesterday 20:30');
    expect(messageTime('2026-03-02T06:00:00Z', 'zh-CN', NOW)).toBe('3月2日 14:00');
    expect(messageTime('2025-03-02T06:00:00Z', 'zh-CN', NOW)).toBe('2025年3月2日 14:00');
    expect(messageTime('2026-03-02T06:00:00Z', 'en', NOW)).toBe('Mar 2 14:00');
  });

  it('labels separators 今天, 昨天, then the date with its weekday', () => {
    expect(dayLabel('2026-11-25', 'zh-CN', NOW)).toBe('今天');
    expect(dayLabel('2026-11-24', 'zh-CN', NOW)).toBe('昨天');
    expect(dayLabel('2026-11-23', 'zh-CN', NOW)).toBe('11月23日周一');
    expect(dayLabel('2025-11-23', 'zh-CN', NOW)).toBe('2025年11月23日周日');
    expect(dayLabel('2026-11-23', 'en', NOW)).toBe('Mon, November 23');
  });

  it('puts one separator before the first message of each day', () => {
    const messages = [
      { id: 'a', createdAt: '2026-11-23T01:00:00Z' },
      { id: 'b', createdAt: '2026-11-23T15:00:00Z' }, // 23:00 the 23rd in Shanghai
      { id: 'c', createdAt: '2026-11-23T16:30:00Z' }, // 00:30 the 24th
      { id: 'd', createdAt: '2026-11-25T01:00:00Z' },
    ];
    expect(
      withDaySeparators(messages).map((r) => (r.kind === 'day' ? r.day : r.message.id)),
    ).toEqual(['2026-11-23', 'a', 'b', '2026-11-24', 'c', '2026-11-25', 'd']);
    expect(withDaySeparators([])).toEqual([]);
  });
});

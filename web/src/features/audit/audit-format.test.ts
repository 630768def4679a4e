import { describe, expect, it } from 'vitest';
import { shanghaiTime, withoutBlanks } from './audit-format.ts';

describe('audit formatting', () => {
  it('shows UTC times in China Standard Time', () => {
    expect(shanghaiTime('2026-11-25T16:30:05.123456Z')).toBe('2026-11-26 00:30:05');
  });
  it('drops blank filters', () => {
    expect(withoutBlanks({ actor: ' ', action: 'auth.', ip: undefined })).toEqual({
      action: 'auth.',
    });
  });
});

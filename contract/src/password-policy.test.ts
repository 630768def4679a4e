import { describe, expect, it } from 'vitest';
import { isCommonPassword, passwordProblems } from './password-policy.ts';

describe('default password policy', () => {
  it('accepts a long password with three character classes', () => {
    expect(passwordProblems('Tongxin-2026', 'zhangsan')).toEqual([]);
  });
  it('refuses short, single-class, common and username-bearing passwords', () => {
    expect(passwordProblems('Ab1!', undefined)).toContain('too_short');
    expect(passwordProblems('abcdefghij', undefined)).toContain('too_few_classes');
    expect(passwordProblems('P@ssw0rd', undefined)).toContain('too_common');
    expect(passwordProblems('Zhangsan#2026', 'zhangsan')).toContain('contains_username');
  });
  it('counts characters, not UTF-16 units', () => {
    expect(passwordProblems('同心同德A1!', undefined)).toContain('too_short');
  });
});

describe('policy values and the common list', () => {
  it('applies a stricter policy when given one', () => {
    expect(passwordProblems('Tongxin-2026', undefined, { minLength: 14, minClasses: 3 })).toEqual([
      'too_short',
    ]);
    expect(passwordProblems('Tongxin-2026', undefined, { minLength: 8, minClasses: 4 })).toEqual(
      [],
    );
    expect(passwordProblems('Tongxin2026', undefined, { minLength: 8, minClasses: 4 })).toEqual([
      'too_few_classes',
    ]);
  });
  it('refuses the well-known weak passwords, with or without a trailing symbol', () => {
    for (const weak of [
      'woaini1314',
      'qq123456',
      'a123456',
      'Woaini1314!',
      'Aa123456',
      'Admin@123',
    ])
      expect(isCommonPassword(weak)).toBe(true);
    expect(isCommonPassword('Tongxin-Shequ-7')).toBe(false);
  });
});

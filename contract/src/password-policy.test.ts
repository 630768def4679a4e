import { describe, expect, it } from 'vitest';
import { passwordProblems } from './password-policy.ts';

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

import { describe, expect, it } from 'vitest';
import { idCardCheckChar, idCardProblem, maskIdCard, maskPhone } from './id-card.ts';

describe('ID card numbers (GB 11643)', () => {
  it('accepts the standard example and checks it against the person', () => {
    // The example printed in GB 11643-1999: born 1949-12-31, female (sequence 002).
    expect(idCardProblem('11010519491231002X')).toBeNull();
    expect(
      idCardProblem('11010519491231002x', { birthDate: '1949-12-31', gender: 'female' }),
    ).toBeNull();
    expect(idCardProblem('11010519491231002X', { birthDate: '1950-01-01' })).toBe(
      'birth_date_mismatch',
    );
    expect(idCardProblem('11010519491231002X', { gender: 'male' })).toBe('gender_mismatch');
  });

  it('refuses a wrong check character, a bad shape and an impossible date', () => {
    expect(idCardProblem('110105194912310021')).toBe('checksum');
    expect(idCardProblem('1101051949123100')).toBe('format');
    expect(idCardProblem('01010519491231002X')).toBe('format');
    const feb30 = '11010519490230002';
    expect(idCardProblem(feb30 + idCardCheckChar(feb30))).toBe('birth_date');
  });

  it('masks to the first three and last four', () => {
    expect(maskIdCard('110105194912311234')).toBe('110***********1234');
    expect(maskPhone('13812345678')).toBe('138****5678');
  });
});

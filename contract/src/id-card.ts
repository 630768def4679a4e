/**
 * 公民身份号码 (GB 11643-1999): six digits of region, eight of birth date, three of sequence
 * (odd for men, even for women) and a check character over the first seventeen (ISO 7064
 * MOD 11-2). Pure, so the web app explains a refusal before the round trip.
 */

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK = '10X98765432';

export type IdCardProblem =
  'format' | 'checksum' | 'birth_date' | 'birth_date_mismatch' | 'gender_mismatch';

export const normaliseIdCard = (value: string): string => value.trim().toUpperCase();

export function idCardCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (WEIGHTS[i] ?? 0);
  return CHECK[sum % 11] ?? '';
}

/** The birth date (YYYY-MM-DD) an ID card number encodes, or null if it is no real date. */
export function idCardBirthDate(id: string): string | null {
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  if (date.getTime() > Date.now()) return null;
  return `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
}

export const idCardGender = (id: string): 'male' | 'female' =>
  Number(id[16]) % 2 === 1 ? 'male' : 'female';

/** What is wrong with an ID card number, checked against the member's birth date and gender. */
export function idCardProblem(
  raw: string,
  person: { birthDate?: string | null; gender?: 'male' | 'female' | null } = {},
): IdCardProblem | null {
  const id = normaliseIdCard(raw);
  if (!/^[1-9][0-9]{16}[0-9X]$/.test(id)) return 'format';
  if (idCardCheckChar(id.slice(0, 17)) !== id[17]) return 'checksum';
  const birth = idCardBirthDate(id);
  if (!birth) return 'birth_date';
  if (person.birthDate && person.birthDate !== birth) return 'birth_date_mismatch';
  if (person.gender && person.gender !== idCardGender(id)) return 'gender_mismatch';
  return null;
}

/** Mainland mobile numbers, or landlines with their area code. */
export const PHONE_REGEX = /^(1[3-9][0-9]{9}|0[0-9]{2,3}-?[0-9]{7,8})$/;
export const PHONE_PATTERN = PHONE_REGEX.source;
export const normalisePhone = (value: string): string => value.trim().replace(/[\s]/g, '');

/** 110***********1234: region prefix and last four only. */
export const maskIdCard = (id: string): string =>
  `${id.slice(0, 3)}${'*'.repeat(Math.max(0, id.length - 7))}${id.slice(-4)}`;

/** 138****5678 */
export const maskPhone = (phone: string): string =>
  phone.length <= 7
    ? '*'.repeat(phone.length)
    : `${phone.slice(0, 3)}${'*'.repeat(phone.length - 7)}${phone.slice(-4)}`;

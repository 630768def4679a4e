/**
 * A mainland mobile number in the one form we store and match: 11 digits starting with 1.
 * People type spaces, dashes and the +86 prefix; none of that should stop them signing in.
 */
export function normalisePhone(input: string): string | null {
  const digits = input.replace(/[\s()-]/g, '').replace(/^(\+86|0086)/, '');
  return /^1[3-9][0-9]{9}$/.test(digits) ? digits : null;
}

import { randomInt } from 'node:crypto';
import { passwordProblems } from '@tongxin/contract';

// Look-alike characters (0/O, 1/l/I) are left out: people type these from a printed file.
const CLASSES = [
  'abcdefghijkmnopqrstuvwxyz',
  'ABCDEFGHJKLMNPQRSTUVWXYZ',
  '23456789',
  '!#%+-=?@^_*',
] as const;
const ALL = CLASSES.join('');

const draw = (alphabet: string): string => alphabet.charAt(randomInt(alphabet.length));

/**
 * A fresh random password for a demo account: 16 characters, all four classes, checked
 * against the same policy the server enforces. Drawn from node:crypto on every run.
 */
export function generatePassword(username: string, length = 16): string {
  for (;;) {
    const chars = [...CLASSES.map(draw)];
    while (chars.length < length) chars.push(draw(ALL));
    // Fisher–Yates, so the guaranteed characters are not always at the front.
    for (let i = chars.length - 1; i > 0; i--) {
      const j = randomInt(i + 1);
      [chars[i], chars[j]] = [chars[j] as string, chars[i] as string];
    }
    const password = chars.join('');
    if (passwordProblems(password, username).length === 0) return password;
  }
}

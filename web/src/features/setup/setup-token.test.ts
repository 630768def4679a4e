import { describe, expect, it } from 'vitest';
import { tokenFromFragment } from './setup-token.ts';

describe('setup token in the URL fragment', () => {
  it('reads #token=…', () => {
    expect(tokenFromFragment('#token=M1VPKiseIKPl9fTpMorxVQ_-')).toBe('M1VPKiseIKPl9fTpMorxVQ_-');
  });

  it('ignores a missing or malformed token', () => {
    expect(tokenFromFragment('')).toBeNull();
    expect(tokenFromFragment('#token=short')).toBeNull();
    expect(tokenFromFragment('#token=has spaces and more text')).toBeNull();
  });
});

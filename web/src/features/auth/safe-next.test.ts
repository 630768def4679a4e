import { describe, expect, it } from 'vitest';
import { safeNext } from './safe-next.ts';

describe('return path after sign-in', () => {
  it('keeps paths inside the app', () => {
    expect(safeNext('/orgs/1?x=2')).toBe('/orgs/1?x=2');
  });

  it('refuses anything that could leave the app or loop back', () => {
    for (const next of [
      null,
      '',
      'https://evil.example',
      '//evil.example',
      '/\\evil',
      '/sign-in',
    ]) {
      expect(safeNext(next)).toBe('/');
    }
  });
});

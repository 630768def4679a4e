import { describe, expect, it } from 'vitest';
import { isAppLink } from './notifications.ts';

describe('notification links', () => {
  it('are paths inside the web app', () => {
    for (const link of [
      '/',
      '/notices/1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed',
      '/a?b=c#d',
      '/通知',
    ]) {
      expect(isAppLink(link), link).toBe(true);
    }
  });

  it('never leave the site or smuggle a scheme', () => {
    for (const link of [
      '',
      'notices/1',
      'https://evil.example/',
      '//evil.example',
      '/\\evil.example',
      'javascript:alert(1)',
      '/a b',
      '/a\nb',
      '/a\u0000',
      `/${'x'.repeat(500)}`,
    ]) {
      expect(isAppLink(link), JSON.stringify(link)).toBe(false);
    }
  });
});

/** Only paths inside this app: `//evil.example` or `/\evil` would leave it after sign-in. */
export function safeNext(raw: string | null): string {
  if (!raw || !raw.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\')) return '/';
  if (raw.startsWith('/sign-in') || raw.startsWith('/setup')) return '/';
  return raw;
}

import type { OrgKind, Post } from '@tongxin/contract';

export const isBranch = (kind: OrgKind): boolean => kind === 'branch' || kind === 'joint_branch';

/** Posts that exist on each kind of organisation. */
export function postAllowed(kind: OrgKind, post: Post): boolean {
  if (kind === 'group') return post === 'group_leader';
  return post !== 'group_leader';
}

/** Committee terms: 3 years (5 for village and community branches, set per organisation). */
export function nextElection(termStartedOn: string, years = 3): string {
  const [y, m, d] = termStartedOn.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y + years, m - 1, d));
  return date.toISOString().slice(0, 10);
}

/** Today on the server's calendar (YYYY-MM-DD): when a post ends because its organisation did. */
export function todayOnServer(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

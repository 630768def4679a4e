import type { ServiceContext } from '../../platform/context.ts';
import type { FileRow } from './service.ts';

/** Decides whether an account may read what a file is attached to (a message, a notice...). */
export type FileOwnerAccess = (
  ctx: ServiceContext,
  accountId: string,
  ownerId: string,
) => Promise<boolean>;

const ownerAccess = new Map<string, FileOwnerAccess>();

/**
 * The module that claims files of a kind says who may read them: files attached to a message
 * are readable by whoever may read the message. Registering a kind again replaces its check
 * (each app built in a test process registers anew).
 */
export function registerFileOwnerAccess(kind: string, check: FileOwnerAccess): void {
  ownerAccess.set(kind, check);
}

/**
 * The uploader may always read their own file; anyone else only once it is claimed, and then
 * as its owner kind decides. A kind nobody registered is readable by nobody else.
 */
export async function mayReadFile(
  ctx: ServiceContext,
  accountId: string,
  file: Pick<FileRow, 'uploadedBy' | 'ownerKind' | 'ownerId'>,
): Promise<boolean> {
  if (file.uploadedBy === accountId) return true;
  if (file.ownerKind === null || file.ownerId === null) return false;
  const check = ownerAccess.get(file.ownerKind);
  return check ? check(ctx, accountId, file.ownerId) : false;
}

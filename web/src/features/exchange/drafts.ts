/**
 * Unsent composer text per topic, kept in localStorage so a reload, a crash or switching topics
 * loses nothing. A draft belongs to one account on one device: the key carries the account id
 * so two people sharing a browser never see each other's half-written messages.
 */

const PREFIX = 'tongxin.exchange.draft.';
/** Drafts older than this are dropped on the next sweep: nobody resumes a month-old sentence. */
export const DRAFT_MAX_AGE_MS = 30 * 24 * 60 * 60 * 1000;
/** The server refuses longer messages anyway; storing more would only fill the quota. */
const MAX_TEXT = 20_000;

export interface Draft {
  text: string;
  /** The message being answered, so the reply chip survives a reload too. */
  replyToId: string | null;
  savedAt: number;
}

/** Where a draft lives: a topic of a space, or the "new topic" form of a space. */
export interface DraftPlace {
  accountId: string;
  spaceId: string;
  topicId: string | null;
}

/** The minimal Storage surface, so tests pass a Map-backed fake and private mode fails soft. */
export type DraftStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem' | 'key' | 'length'>;

export const draftKey = ({ accountId, spaceId, topicId }: DraftPlace): string =>
  `${PREFIX}${accountId}:${spaceId}:${topicId ?? 'new'}`;

function defaultStorage(): DraftStorage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

const isDraft = (value: unknown): value is Draft =>
  typeof value === 'object' &&
  value !== null &&
  'text' in value &&
  typeof value.text === 'string' &&
  'savedAt' in value &&
  typeof value.savedAt === 'number' &&
  'replyToId' in value &&
  (value.replyToId === null || typeof value.replyToId === 'string');

export function loadDraft(
  place: DraftPlace,
  now = Date.now(),
  storage: DraftStorage | null = defaultStorage(),
): Draft | null {
  if (!storage) return null;
  let raw: string | null;
  try {
    raw = storage.getItem(draftKey(place));
  } catch {
    return null;
  }
  if (raw === null) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    parsed = null;
  }
  if (!isDraft(parsed) || now - parsed.savedAt > DRAFT_MAX_AGE_MS) {
    storage.removeItem(draftKey(place));
    return null;
  }
  return parsed;
}

/** Saves, or forgets when there is nothing worth keeping (empty text and no reply). */
export function saveDraft(
  place: DraftPlace,
  draft: { text: string; replyToId: string | null },
  now = Date.now(),
  storage: DraftStorage | null = defaultStorage(),
): void {
  if (!storage) return;
  if (draft.text.trim() === '' && draft.replyToId === null) {
    clearDraft(place, storage);
    return;
  }
  const value: Draft = {
    text: draft.text.slice(0, MAX_TEXT),
    replyToId: draft.replyToId,
    savedAt: now,
  };
  try {
    storage.setItem(draftKey(place), JSON.stringify(value));
  } catch {
    // Quota full or storage refused: the draft then lives as long as the page does.
  }
}

export function clearDraft(
  place: DraftPlace,
  storage: DraftStorage | null = defaultStorage(),
): void {
  try {
    storage?.removeItem(draftKey(place));
  } catch {
    // Nothing to do: a draft that cannot be removed could not have been stored either.
  }
}

/** Drops expired or unreadable drafts of every account; run once when the exchange opens. */
export function sweepDrafts(
  now = Date.now(),
  storage: DraftStorage | null = defaultStorage(),
): number {
  if (!storage) return 0;
  const stale: string[] = [];
  for (let i = 0; i < storage.length; i += 1) {
    const key = storage.key(i);
    if (key === null || !key.startsWith(PREFIX)) continue;
    let parsed: unknown = null;
    try {
      parsed = JSON.parse(storage.getItem(key) ?? 'null');
    } catch {
      parsed = null;
    }
    if (!isDraft(parsed) || now - parsed.savedAt > DRAFT_MAX_AGE_MS) stale.push(key);
  }
  for (const key of stale) storage.removeItem(key);
  return stale.length;
}

/**
 * Who is typing where, from the transient `typing` frames others' clients send. A notice lasts
 * a few seconds unless renewed (senders repeat it every TYPING_EVERY_MS while typing); a
 * message from the typist ends it at once.
 */

/** How long one notice keeps someone shown as typing. */
export const TYPING_TTL_MS = 6000;

export interface Typist {
  accountId: string;
  /** The sender's name when the frame carries it; else looked up among the space's members. */
  name: string | null;
}

interface Entry extends Typist {
  spaceId: string;
  topicId: string;
  until: number;
}

const EMPTY: readonly Typist[] = [];

export class TypingState {
  private entries = new Map<string, Entry>();
  private snapshots = new Map<string, readonly Typist[]>();

  /** Records a notice; returns whether what anyone sees changed. */
  note(spaceId: string, topicId: string, typist: Typist, now: number): boolean {
    const key = `${spaceId}:${topicId}:${typist.accountId}`;
    const known = this.entries.has(key);
    this.entries.set(key, { ...typist, spaceId, topicId, until: now + TYPING_TTL_MS });
    if (!known) this.snapshots.delete(`${spaceId}:${topicId}`);
    return !known;
  }

  /** The typist's message arrived: they are done. */
  stop(spaceId: string, topicId: string, accountId: string): boolean {
    const removed = this.entries.delete(`${spaceId}:${topicId}:${accountId}`);
    if (removed) this.snapshots.delete(`${spaceId}:${topicId}`);
    return removed;
  }

  /** Drops expired notices; returns whether anything went. */
  prune(now: number): boolean {
    let changed = false;
    for (const [key, entry] of this.entries) {
      if (entry.until <= now) {
        this.entries.delete(key);
        this.snapshots.delete(`${entry.spaceId}:${entry.topicId}`);
        changed = true;
      }
    }
    return changed;
  }

  /** The same array until something changes, as useSyncExternalStore needs. */
  typing(spaceId: string, topicId: string): readonly Typist[] {
    const key = `${spaceId}:${topicId}`;
    let found = this.snapshots.get(key);
    if (!found) {
      const list = [...this.entries.values()]
        .filter((e) => e.spaceId === spaceId && e.topicId === topicId)
        .map(({ accountId, name }) => ({ accountId, name }));
      found = list.length === 0 ? EMPTY : list;
      this.snapshots.set(key, found);
    }
    return found;
  }

  get size(): number {
    return this.entries.size;
  }
}

/** Reads a typing frame's payload defensively: it comes from another client via the server. */
export function parseTypingPayload(
  payload: Record<string, unknown>,
): { spaceId: string; topicId: string; typist: Typist } | null {
  const { spaceId, topicId, accountId } = payload;
  const name = payload.displayName ?? payload.name;
  if (typeof spaceId !== 'string' || typeof topicId !== 'string' || typeof accountId !== 'string')
    return null;
  return { spaceId, topicId, typist: { accountId, name: typeof name === 'string' ? name : null } };
}

/** The app's one typing store, with a timer that runs only while someone is typing. */
function createStore() {
  const state = new TypingState();
  const listeners = new Set<() => void>();
  let timer: ReturnType<typeof setInterval> | null = null;
  const emit = () => listeners.forEach((l) => l());
  const ensureTimer = () => {
    if (timer !== null || state.size === 0) return;
    timer = setInterval(() => {
      if (state.prune(Date.now())) emit();
      if (state.size === 0 && timer !== null) {
        clearInterval(timer);
        timer = null;
      }
    }, 1000);
  };
  return {
    subscribe(listener: () => void) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    typing: (spaceId: string, topicId: string) => state.typing(spaceId, topicId),
    note(spaceId: string, topicId: string, typist: Typist) {
      if (state.note(spaceId, topicId, typist, Date.now())) emit();
      ensureTimer();
    },
    stop(spaceId: string, topicId: string, accountId: string) {
      if (state.stop(spaceId, topicId, accountId)) emit();
    },
  };
}

export const typingStore = createStore();

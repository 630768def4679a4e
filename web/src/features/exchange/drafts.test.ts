import { describe, expect, it } from 'vitest';
import {
  DRAFT_MAX_AGE_MS,
  clearDraft,
  draftKey,
  loadDraft,
  saveDraft,
  sweepDrafts,
  type DraftStorage,
} from './drafts.ts';

/** A Map-backed Storage with the same key()/length surface as localStorage. */
function memoryStorage(): DraftStorage & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return {
    map,
    get length() {
      return map.size;
    },
    key: (i: number) => [...map.keys()][i] ?? null,
    getItem: (k: string) => map.get(k) ?? null,
    setItem: (k: string, v: string) => void map.set(k, v),
    removeItem: (k: string) => void map.delete(k),
  };
}

const place = { accountId: 'a1', spaceId: 's1', topicId: 't1' };

describe('composer drafts', () => {
  it('keeps a draft per account, space and topic', () => {
    const storage = memoryStorage();
    saveDraft(place, { text: '你好', replyToId: 'm9' }, 1000, storage);
    saveDraft({ ...place, topicId: 't2' }, { text: '别的话题', replyToId: null }, 1000, storage);
    expect(loadDraft(place, 2000, storage)).toEqual({
      text: '你好',
      replyToId: 'm9',
      savedAt: 1000,
    });
    expect(loadDraft({ ...place, topicId: 't2' }, 2000, storage)?.text).toBe('别的话题');
    // Another account on the same browser never sees it.
    expect(loadDraft({ ...place, accountId: 'a2' }, 2000, storage)).toBeNull();
  });

  it('keys the new-topic form apart from topics', () => {
    expect(draftKey({ ...place, topicId: null })).toBe('tongxin.exchange.draft.a1:s1:new');
    expect(draftKey(place)).toBe('tongxin.exchange.draft.a1:s1:t1');
  });

  it('forgets an empty draft instead of storing it', () => {
    const storage = memoryStorage();
    saveDraft(place, { text: '草稿', replyToId: null }, 1000, storage);
    saveDraft(place, { text: '  \n', replyToId: null }, 1000, storage);
    expect(storage.map.size).toBe(0);
    // A reply chip alone is worth keeping.
    saveDraft(place, { text: '', replyToId: 'm1' }, 1000, storage);
    expect(loadDraft(place, 1000, storage)?.replyToId).toBe('m1');
    clearDraft(place, storage);
    expect(loadDraft(place, 1000, storage)).toBeNull();
  });

  it('drops expired and corrupt drafts', () => {
    const storage = memoryStorage();
    saveDraft(place, { text: '旧的', replyToId: null }, 0, storage);
    expect(loadDraft(place, DRAFT_MAX_AGE_MS, storage)?.text).toBe('旧的');
    expect(loadDraft(place, DRAFT_MAX_AGE_MS + 1, storage)).toBeNull();
    expect(storage.map.size).toBe(0);
    storage.setItem(draftKey(place), '{not json');
    expect(loadDraft(place, 0, storage)).toBeNull();
    storage.setItem(draftKey(place), JSON.stringify({ text: 1, savedAt: 0, replyToId: null }));
    expect(loadDraft(place, 0, storage)).toBeNull();
  });

  it('sweeps only stale drafts and leaves other keys alone', () => {
    const storage = memoryStorage();
    storage.setItem('tongxin.locale', 'en');
    saveDraft(place, { text: '旧', replyToId: null }, 0, storage);
    saveDraft(
      { ...place, topicId: 't2' },
      { text: '新', replyToId: null },
      DRAFT_MAX_AGE_MS,
      storage,
    );
    storage.setItem('tongxin.exchange.draft.a1:s1:t3', 'garbage');
    expect(sweepDrafts(DRAFT_MAX_AGE_MS + 10, storage)).toBe(2);
    expect([...storage.map.keys()].sort()).toEqual([
      'tongxin.exchange.draft.a1:s1:t2',
      'tongxin.locale',
    ]);
  });

  it('survives a storage that throws (private mode, full quota)', () => {
    const throwing: DraftStorage = {
      length: 0,
      key: () => null,
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('quota');
      },
      removeItem: () => {
        throw new Error('denied');
      },
    };
    expect(() => saveDraft(place, { text: 'x', replyToId: null }, 0, throwing)).not.toThrow();
    expect(loadDraft(place, 0, throwing)).toBeNull();
    expect(() => clearDraft(place, throwing)).not.toThrow();
    expect(loadDraft(place, 0, null)).toBeNull();
  });
});

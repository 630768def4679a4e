import { asc, eq } from 'drizzle-orm';
import { SENSITIVE_WORD_ERROR, type SensitiveWord } from '@tongxin/contract';
import type { ServiceContext } from '../../platform/context.ts';
import type { Queryable } from '../../platform/db/types.ts';
import { appendAudit, type Actor } from '../../platform/audit/audit.ts';
import { AppError, badRequest, conflict, notFound } from '../../platform/http/errors.ts';
import { exchangeSensitiveWords } from './schema.ts';

/*
 * The sensitive-word list (DOMAIN: the security administrator keeps it). Matching folds
 * width and case (NFKC, lower case) and ignores whitespace and zero-width characters, so
 * "Ｘ Ｙ" and "x\u200by" match "xy". The list is small: read per message, no cache to go stale
 * across nodes.
 */

const IGNORED = /[\s\u200b-\u200f\u2060\ufeff\u00ad]/gu;
export const foldForMatch = (text: string): string =>
  text.normalize('NFKC').toLowerCase().replace(IGNORED, '');

/** Throws 422 `sensitive_word` naming the first listed word found in any of the texts. */
export async function assertNoSensitiveWords(
  db: Queryable,
  texts: readonly string[],
): Promise<void> {
  const words = await db.select({ word: exchangeSensitiveWords.word }).from(exchangeSensitiveWords);
  if (words.length === 0) return;
  const folded = texts.map(foldForMatch);
  for (const { word } of words) {
    const w = foldForMatch(word);
    if (w && folded.some((t) => t.includes(w))) {
      throw new AppError(
        422,
        SENSITIVE_WORD_ERROR,
        `The text contains a word that may not be published here: ${word}`,
        { word },
      );
    }
  }
}

const view = (r: typeof exchangeSensitiveWords.$inferSelect): SensitiveWord => ({
  id: r.id,
  word: r.word,
  createdAt: r.createdAt.toISOString(),
});

export async function listSensitiveWords(ctx: ServiceContext): Promise<SensitiveWord[]> {
  const rows = await ctx.database.db
    .select()
    .from(exchangeSensitiveWords)
    .orderBy(asc(exchangeSensitiveWords.word));
  return rows.map(view);
}

export async function addSensitiveWord(
  ctx: ServiceContext,
  actor: Actor,
  word: string,
): Promise<SensitiveWord> {
  const clean = word.normalize('NFKC').trim();
  if (!foldForMatch(clean)) throw badRequest('The word is empty');
  return ctx.database.write(async (tx) => {
    const [row] = await tx
      .insert(exchangeSensitiveWords)
      .values({ word: clean, createdBy: actor.userId })
      .onConflictDoNothing()
      .returning();
    if (!row) throw conflict('The word is on the list already');
    await appendAudit(tx, actor, {
      action: 'exchange.sensitive_word.add',
      objectType: 'exchange_sensitive_word',
      objectId: row.id,
      details: { word: clean },
    });
    return view(row);
  });
}

export async function removeSensitiveWord(
  ctx: ServiceContext,
  actor: Actor,
  id: string,
): Promise<void> {
  await ctx.database.write(async (tx) => {
    const [row] = await tx
      .delete(exchangeSensitiveWords)
      .where(eq(exchangeSensitiveWords.id, id))
      .returning();
    if (!row) throw notFound('Word');
    await appendAudit(tx, actor, {
      action: 'exchange.sensitive_word.remove',
      objectType: 'exchange_sensitive_word',
      objectId: row.id,
      details: { word: row.word },
    });
  });
}

import { useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import type { SpaceMember } from '@tongxin/contract';
import { typingStore } from './typing.ts';

/** "张三 正在输入…" under the stream, for the others typing in this topic. */
export function TypingLine({
  spaceId,
  topicId,
  members,
}: {
  spaceId: string;
  topicId: string;
  members: readonly SpaceMember[];
}) {
  const { t } = useTranslation();
  const typists = useSyncExternalStore(typingStore.subscribe, () =>
    typingStore.typing(spaceId, topicId),
  );
  const names = typists.map(
    (who) => who.name ?? members.find((m) => m.accountId === who.accountId)?.displayName ?? '…',
  );
  return (
    <div className="tx-typing" aria-live="polite" data-testid="typing">
      {names.length === 1
        ? t('exchange.typingOne', { name: names[0] })
        : names.length > 1
          ? t('exchange.typingMany', { names: names.slice(0, 2).join('、'), count: names.length })
          : null}
    </div>
  );
}

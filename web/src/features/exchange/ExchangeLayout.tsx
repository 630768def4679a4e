import type { ReactNode } from 'react';
import { Button } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useIsMobile } from '../../app/use-is-mobile.ts';
import './exchange.css';

/** Which pane a phone shows: the deepest one the URL names. */
export type PhonePane = 'spaces' | 'topics' | 'stream';

export const phonePaneFor = (
  spaceId: string | undefined,
  topicId: string | undefined,
): PhonePane => (topicId ? 'stream' : spaceId ? 'topics' : 'spaces');

/**
 * Three panes side by side on a desktop (spaces | topics | messages); on a phone one at a
 * time, drilled into through the URL, each with a back button to the level above.
 */
export function ExchangeLayout({
  pane,
  spaces,
  topics,
  stream,
}: {
  pane: PhonePane;
  spaces: ReactNode;
  topics: ReactNode;
  stream: ReactNode;
}) {
  const isMobile = useIsMobile();
  return (
    <div className="tx-exchange" data-testid="exchange" data-layout={isMobile ? 'phone' : 'desk'}>
      {(!isMobile || pane === 'spaces') && (
        <section className="tx-exchange-pane tx-exchange-spaces" data-testid="exchange-spaces">
          {spaces}
        </section>
      )}
      {(!isMobile || pane === 'topics') && (
        <section className="tx-exchange-pane tx-exchange-topics" data-testid="exchange-topics">
          {topics}
        </section>
      )}
      {(!isMobile || pane === 'stream') && (
        <section className="tx-exchange-pane tx-exchange-stream" data-testid="exchange-stream">
          {stream}
        </section>
      )}
    </div>
  );
}

/** A pane's title bar; on a phone it carries the way back up. */
export function PaneHeader({
  title,
  onBack,
  extra,
  testId,
}: {
  title: ReactNode;
  onBack?: () => void;
  extra?: ReactNode;
  testId?: string;
}) {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  return (
    <header className="tx-exchange-pane-header">
      {isMobile && onBack && (
        <Button
          type="text"
          icon={<ArrowLeftOutlined />}
          aria-label={t('exchange.back')}
          data-testid="exchange-back"
          onClick={onBack}
        />
      )}
      <h2 className="tx-exchange-pane-title" data-testid={testId}>
        {title}
      </h2>
      {extra}
    </header>
  );
}

import { Empty } from 'antd';
import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ExchangeLayout, PaneHeader, phonePaneFor } from './ExchangeLayout.tsx';

/** 在线交流: spaces, their topics, a topic's messages. */
export function ExchangePage() {
  const { t } = useTranslation();
  const { spaceId, topicId } = useParams();
  return (
    <ExchangeLayout
      pane={phonePaneFor(spaceId, topicId)}
      spaces={<PaneHeader title={t('exchange.spaces')} />}
      topics={
        <div className="tx-exchange-empty">
          <Empty description={t('exchange.noSpaceSelected')} />
        </div>
      }
      stream={
        <div className="tx-exchange-empty">
          <Empty description={t('exchange.noTopicSelected')} />
        </div>
      }
    />
  );
}

import { useEffect } from 'react';
import { Alert, Empty, Spin } from 'antd';
import { useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Message } from '@tongxin/contract';
import { sweepDrafts } from './drafts.ts';
import { errorMessage } from './errors.ts';
import { ExchangeLayout, PaneHeader, phonePaneFor } from './ExchangeLayout.tsx';
import { setActiveTopic } from './live.ts';
import { AttachmentList } from '../files/index.ts';
import { SpacesPane } from './SpacesPane.tsx';
import { TopicsPane } from './TopicsPane.tsx';
import { TopicView } from './TopicView.tsx';
import { useSpace } from './use-exchange.ts';
import { useSendTyping } from './use-live.ts';

const renderAttachments = (message: Message) => <AttachmentList files={message.attachments} />;

/** 在线交流: spaces, their topics, a topic's messages. */
export function ExchangePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { spaceId, topicId } = useParams();
  const space = useSpace(spaceId);
  const sendTyping = useSendTyping();

  useEffect(() => {
    sweepDrafts();
  }, []);
  useEffect(() => {
    setActiveTopic(topicId ?? null);
    return () => setActiveTopic(null);
  }, [topicId]);

  const stream =
    spaceId === undefined || topicId === undefined ? (
      <div className="tx-exchange-empty">
        <Empty description={t(spaceId ? 'exchange.noTopicSelected' : 'exchange.noSpaceSelected')} />
      </div>
    ) : space.isError ? (
      <>
        <PaneHeader title="" onBack={() => void navigate(`/exchange/${spaceId}`)} />
        <Alert type="error" showIcon title={errorMessage(t, space.error)} />
      </>
    ) : !space.data ? (
      <div className="tx-exchange-empty">
        <Spin />
      </div>
    ) : (
      <TopicView
        key={topicId}
        space={space.data}
        topicId={topicId}
        onTyping={() => sendTyping(spaceId, topicId)}
        renderAttachments={renderAttachments}
      />
    );

  return (
    <ExchangeLayout
      pane={phonePaneFor(spaceId, topicId)}
      spaces={<SpacesPane spaceId={spaceId} />}
      topics={
        spaceId ? (
          <TopicsPane key={spaceId} spaceId={spaceId} topicId={topicId} />
        ) : (
          <div className="tx-exchange-empty">
            <Empty description={t('exchange.noSpaceSelected')} />
          </div>
        )
      }
      stream={stream}
    />
  );
}

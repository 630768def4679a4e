import { useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Input,
  Modal,
  Result,
  Space,
  Spin,
  Tag,
  Typography,
} from 'antd';
import { ArrowLeftOutlined, CheckOutlined, EditOutlined } from '@ant-design/icons';
import { useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { TALK_NOTE_MAX, TALK_RECORD_MAX, type Talk } from '@tongxin/contract';
import { isApiError } from '../../api/client.ts';
import { useIsMobile } from '../../app/use-is-mobile.ts';
import { STATUS_COLOURS, formatTalkTime } from './format.ts';
import { talkErrorMessage } from './talk-errors.ts';
import { useTalk, useTalkAction, useTalksLive, type TalkAction } from './use-talks.ts';
import './talks.css';

type Dialog = 'correction' | 'cancel' | null;

/** One talk: details, the record (write / rewrite), confirm or ask for a correction, cancel. */
export function TalkDetailPage() {
  const { talkId = '' } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const talk = useTalk(talkId);
  useTalksLive();

  const back = (
    <Button
      type="link"
      icon={<ArrowLeftOutlined />}
      className="tx-talk-back"
      onClick={() => void navigate('/talks')}
    >
      {t('talks.back')}
    </Button>
  );
  if (talk.isPending) return <Spin />;
  if (talk.isError || !talk.data) {
    const status = isApiError(talk.error, 'not_found')
      ? '404'
      : isApiError(talk.error, 'talk_private')
        ? '403'
        : 'error';
    return (
      <Result
        status={status}
        title={talkErrorMessage(t, talk.error)}
        extra={back}
        data-testid="talk-refused"
      />
    );
  }
  return (
    <Space direction="vertical" size="middle" className="tx-talk-stack">
      {back}
      <TalkView talk={talk.data} />
    </Space>
  );
}

function TalkView({ talk }: { talk: Talk }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const mobile = useIsMobile();
  const action = useTalkAction(talk.id);
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(talk.record ?? '');
  const [dialog, setDialog] = useState<Dialog>(null);
  const [text, setText] = useState('');

  const run = (a: TalkAction, done: string, after?: () => void) =>
    action.mutate(a, {
      onSuccess: () => {
        void message.success(done);
        after?.();
      },
      onError: (e) => void message.error(talkErrorMessage(t, e)),
    });
  const showEditor = talk.may.write && (editing || talk.record === null);

  return (
    <Card data-testid="talk-detail">
      <Space size={6} wrap className="tx-talks-bar">
        <Typography.Title level={4} className="tx-talk-title">
          {t('talks.between', { a: talk.initiator.name, b: talk.other.name })}
        </Typography.Title>
        <Tag>{t(`talks.pairKinds.${talk.pairKind}`)}</Tag>
        <Tag color={STATUS_COLOURS[talk.status]} data-testid="talk-detail-status">
          {t(`talks.statuses.${talk.status}`)}
        </Tag>
      </Space>
      {!talk.party && (
        <Alert type="info" showIcon className="tx-talks-bar" title={t('talks.overseerNotice')} />
      )}
      <Descriptions column={mobile ? 1 : 2} size="small" bordered>
        <Descriptions.Item label={t('talks.form.topic')}>
          <span data-testid="talk-detail-topic">{talk.topic}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('talks.branch')}>{talk.branchName}</Descriptions.Item>
        <Descriptions.Item label={t('talks.form.time')}>
          {formatTalkTime(talk.scheduledAt)}
        </Descriptions.Item>
        <Descriptions.Item label={t('talks.form.place')}>{talk.place}</Descriptions.Item>
        {talk.recorder && talk.recordedAt && (
          <Descriptions.Item label={t('talks.recorder')}>
            {t('talks.recordedBy', {
              name: talk.recorder.name,
              time: formatTalkTime(talk.recordedAt),
            })}
          </Descriptions.Item>
        )}
        {talk.confirmedAt && (
          <Descriptions.Item label={t('talks.confirmedAt')}>
            {formatTalkTime(talk.confirmedAt)}
          </Descriptions.Item>
        )}
        {talk.cancelledAt && (
          <Descriptions.Item label={t('talks.cancelledAt')}>
            {formatTalkTime(talk.cancelledAt)}：{talk.cancelReason}
          </Descriptions.Item>
        )}
      </Descriptions>

      {talk.correctionNote && (
        <Alert
          type="warning"
          showIcon
          className="tx-coverage-section"
          data-testid="talk-correction-note"
          title={t('talks.correctionAsked')}
          description={talk.correctionNote}
        />
      )}

      <Typography.Title level={5} className="tx-coverage-section">
        {t('talks.record')}
      </Typography.Title>
      {showEditor ? (
        <>
          <Input.TextArea
            rows={8}
            maxLength={TALK_RECORD_MAX}
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            placeholder={t('talks.recordPlaceholder')}
            data-testid="talk-record-input"
          />
          <div className="tx-talk-actions">
            <Button
              type="primary"
              disabled={draft.trim().length < 2}
              loading={action.isPending}
              data-testid="talk-record-save"
              onClick={() =>
                run({ kind: 'record', record: draft.trim() }, t('talks.recordSaved'), () =>
                  setEditing(false),
                )
              }
            >
              {t('talks.saveRecord')}
            </Button>
            {editing && <Button onClick={() => setEditing(false)}>{t('talks.cancelEdit')}</Button>}
          </div>
        </>
      ) : talk.record ? (
        <div className="tx-talk-record" data-testid="talk-record">
          {talk.record}
        </div>
      ) : (
        <Typography.Text type="secondary">{t('talks.noRecord')}</Typography.Text>
      )}

      <div className="tx-talk-actions">
        {talk.may.write && talk.record !== null && !editing && (
          <Button
            icon={<EditOutlined />}
            data-testid="talk-record-edit"
            onClick={() => {
              setDraft(talk.record ?? '');
              setEditing(true);
            }}
          >
            {t('talks.editRecord')}
          </Button>
        )}
        {talk.may.confirm && (
          <Button
            type="primary"
            icon={<CheckOutlined />}
            loading={action.isPending}
            data-testid="talk-confirm"
            onClick={() => run({ kind: 'confirm' }, t('talks.confirmed'))}
          >
            {t('talks.confirm')}
          </Button>
        )}
        {talk.may.requestCorrection && (
          <Button data-testid="talk-request-correction" onClick={() => setDialog('correction')}>
            {t('talks.requestCorrection')}
          </Button>
        )}
        {talk.may.cancel && (
          <Button danger data-testid="talk-cancel" onClick={() => setDialog('cancel')}>
            {t('talks.cancel')}
          </Button>
        )}
      </div>

      <Modal
        open={dialog !== null}
        title={dialog === 'cancel' ? t('talks.cancelTitle') : t('talks.requestCorrection')}
        okButtonProps={{ disabled: text.trim().length < 2, danger: dialog === 'cancel' }}
        confirmLoading={action.isPending}
        onCancel={() => setDialog(null)}
        onOk={() => {
          const close = () => {
            setDialog(null);
            setText('');
          };
          if (dialog === 'cancel') {
            run({ kind: 'cancel', reason: text.trim() }, t('talks.cancelled'), close);
          } else {
            run({ kind: 'correction', note: text.trim() }, t('talks.correctionSent'), close);
          }
        }}
      >
        <Input.TextArea
          rows={3}
          maxLength={dialog === 'cancel' ? 500 : TALK_NOTE_MAX}
          placeholder={dialog === 'cancel' ? t('talks.cancelReason') : t('talks.correctionNote')}
          value={text}
          onChange={(e) => setText(e.target.value)}
          data-testid="talk-dialog-text"
        />
      </Modal>
    </Card>
  );
}

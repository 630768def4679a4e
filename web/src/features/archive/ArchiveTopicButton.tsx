import { App, Button, Input, Modal } from 'antd';
import { ContainerOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { archiveErrorMessage } from './archive-errors.ts';
import { useArchiveTopic } from './use-archive.ts';

/** 归档: for the moderators of a space, in the topic header. */
export function ArchiveTopicButton({ topicId }: { topicId: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState('');
  const archive = useArchiveTopic();
  return (
    <>
      <Button
        size="small"
        icon={<ContainerOutlined />}
        data-testid="topic-archive"
        onClick={() => setOpen(true)}
      >
        {t('archive.topic.button')}
      </Button>
      <Modal
        open={open}
        title={t('archive.topic.title')}
        okText={t('archive.topic.confirm')}
        confirmLoading={archive.isPending}
        onCancel={() => setOpen(false)}
        onOk={() =>
          archive.mutate(
            { topicId, ...(note.trim() ? { note: note.trim() } : {}) },
            {
              onSuccess: (r) => {
                setOpen(false);
                setNote('');
                void message.success(t('archive.topic.done', { seq: r.seq, version: r.version }));
              },
              onError: (e) => void message.error(archiveErrorMessage(t, e)),
            },
          )
        }
      >
        <p>{t('archive.topic.explain')}</p>
        <Input.TextArea
          data-testid="topic-archive-note"
          maxLength={500}
          rows={3}
          placeholder={t('archive.topic.note')}
          value={note}
          onChange={(e) => setNote(e.target.value)}
        />
      </Modal>
    </>
  );
}

import { useEffect, useState } from 'react';
import { App, Button, Divider, Form, Input, Modal, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import type { SpaceDetail } from '@tongxin/contract';
import { useSignedInUser } from '../auth/signed-in-user.ts';
import { clearDraft, loadDraft, saveDraft } from './drafts.ts';
import { errorMessage } from './errors.ts';
import { MentionInput } from './MentionInput.tsx';
import { useCreateTag, useCreateTopic, useTags } from './use-exchange.ts';

/** 发起新话题: a title, category tags and the first message. */
export function NewTopicModal({
  space,
  onClose,
  onCreated,
}: {
  space: SpaceDetail;
  onClose: () => void;
  onCreated: (topicId: string) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useSignedInUser();
  const place = { accountId: me.id, spaceId: space.space.id, topicId: null };
  const tags = useTags();
  const createTag = useCreateTag();
  const create = useCreateTopic(space.space.id);
  const [title, setTitle] = useState('');
  const [tagIds, setTagIds] = useState<string[]>([]);
  const [body, setBody] = useState(() => loadDraft(place)?.text ?? '');
  const [newTag, setNewTag] = useState('');

  useEffect(() => {
    saveDraft(place, { text: body, replyToId: null });
    // The place is fixed for the modal's life; only the text changes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [body]);

  const submit = () =>
    create.mutate(
      { title: title.trim(), tagIds, body },
      {
        onSuccess: (detail) => {
          clearDraft(place);
          void message.success(t('exchange.topicCreated'));
          onCreated(detail.topic.id);
        },
        onError: (error) => void message.error(errorMessage(t, error)),
      },
    );

  return (
    <Modal
      open
      title={t('exchange.newTopic')}
      onCancel={onClose}
      okText={t('exchange.send')}
      okButtonProps={{
        loading: create.isPending,
        disabled: title.trim() === '' || body.trim() === '',
        'data-testid': 'topic-submit',
      }}
      onOk={submit}
      destroyOnHidden
    >
      <Form layout="vertical">
        <Form.Item label={t('exchange.topicTitle')} required>
          <Input
            value={title}
            onChange={(e) => setTitle(e.target.value)}
            maxLength={80}
            placeholder={t('exchange.topicTitlePlaceholder')}
            data-testid="topic-title"
          />
        </Form.Item>
        <Form.Item label={t('exchange.topicTags')}>
          <Select
            mode="multiple"
            value={tagIds}
            onChange={setTagIds}
            maxCount={5}
            data-testid="topic-tags"
            options={(tags.data?.items ?? []).map((tag) => ({ value: tag.id, label: tag.name }))}
            popupRender={(menu) => (
              <>
                {menu}
                {tags.data?.mayAdd && (
                  <>
                    <Divider style={{ margin: '8px 0' }} />
                    <Space.Compact style={{ padding: '0 8px 4px', width: '100%' }}>
                      <Input
                        value={newTag}
                        maxLength={20}
                        placeholder={t('exchange.addTagPlaceholder')}
                        onChange={(e) => setNewTag(e.target.value)}
                        onKeyDown={(e) => e.stopPropagation()}
                      />
                      <Button
                        loading={createTag.isPending}
                        disabled={newTag.trim() === ''}
                        onClick={() =>
                          createTag.mutate(newTag.trim(), {
                            onSuccess: (tag) => {
                              setNewTag('');
                              setTagIds((ids) => [...ids, tag.id].slice(0, 5));
                              void message.success(t('exchange.tagAdded'));
                            },
                            onError: (error) => void message.error(errorMessage(t, error)),
                          })
                        }
                      >
                        {t('exchange.addTag')}
                      </Button>
                    </Space.Compact>
                  </>
                )}
              </>
            )}
          />
        </Form.Item>
        <Form.Item label={t('exchange.topicFirstMessage')} required>
          <MentionInput
            value={body}
            onChange={setBody}
            members={space.members}
            mentionAll={space.may.moderate}
            placeholder={t('exchange.composerPlaceholder')}
            minRows={4}
            testId="topic-body"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

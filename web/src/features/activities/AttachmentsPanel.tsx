import { App, Button, Empty, Space } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Activity } from '@tongxin/contract';
import { attachFiles } from '../../api/activities.ts';
import {
  AttachmentButton,
  AttachmentDrafts,
  AttachmentList,
  useAttachmentUploads,
} from '../files/index.ts';
import { activityErrorMessage } from './activity-errors.ts';
import { useActivityMutation } from './use-activities.ts';

/** 照片与附件: the photos of the day, the sign-in sheet scan, slides; officers add more. */
export function AttachmentsPanel({ activity }: { activity: Activity }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { record, may } = activity;
  const uploads = useAttachmentUploads();
  const attach = useActivityMutation((fileIds: string[]) => attachFiles(record.id, fileIds));
  // After finalising, added files make a new version of the record (server side).
  const mayAttach = may.manage;

  return (
    <Space direction="vertical" size="middle" className="tx-activity-full">
      {record.attachments.length > 0 ? (
        <AttachmentList files={record.attachments} />
      ) : (
        <Empty description={t('activities.attachments.none')} />
      )}
      {mayAttach && (
        <div className="tx-activity-attach">
          <AttachmentDrafts uploads={uploads} />
          <Space wrap>
            <AttachmentButton uploads={uploads}>
              <Button icon={<UploadOutlined />} data-testid="activity-attach-pick">
                {t('activities.attachments.pick')}
              </Button>
            </AttachmentButton>
            <Button
              type="primary"
              disabled={uploads.uploading || uploads.fileIds.length === 0}
              loading={attach.isPending}
              data-testid="activity-attach-save"
              onClick={() =>
                attach.mutate(uploads.fileIds, {
                  onSuccess: () => {
                    uploads.reset();
                    void message.success(t('activities.attachments.saved'));
                  },
                  onError: (e) => void message.error(activityErrorMessage(t, e)),
                })
              }
            >
              {t('activities.attachments.save')}
            </Button>
          </Space>
        </div>
      )}
    </Space>
  );
}

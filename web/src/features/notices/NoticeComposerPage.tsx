import { useState } from 'react';
import {
  App,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Form,
  Input,
  Radio,
  Result,
  Select,
  Spin,
  Switch,
  Tabs,
  Typography,
} from 'antd';
import { useMutation } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { NOTICE_BODY_MAX, NOTICE_TITLE_MAX, type SendNoticeRequest } from '@tongxin/contract';
import { previewNotice } from '../../api/notices.ts';
import { useMyRolesQuery } from '../auth/use-my-roles.ts';
import { noticeErrorMessage } from './notice-errors.ts';
import { useNoticeCandidates, useNoticeTargets, useSendNotice } from './use-notices.ts';
import './notices.css';

interface ComposerForm {
  title: string;
  orgId: string;
  mode: 'org' | 'members';
  includeSubtree?: boolean;
  memberIds?: string[];
  body: string;
  requiresAck?: boolean;
  deadline?: { toISOString(): string } | null;
}

/** 发布通知: to an organisation (optionally everything below it) or chosen members in it. */
export function NoticeComposerPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<ComposerForm>();
  const targets = useNoticeTargets();
  const roles = useMyRolesQuery();
  const orgId = Form.useWatch('orgId', form);
  const mode = Form.useWatch('mode', form) ?? 'org';
  const candidates = useNoticeCandidates(mode === 'members' ? orgId : undefined);
  const send = useSendNotice();
  const preview = useMutation({ mutationFn: previewNotice });
  const [tab, setTab] = useState('edit');

  if (targets.isPending || roles.isPending) return <Spin />;
  if (!targets.data || targets.data.length === 0) {
    return <Result status="403" title={t('forbidden.title')} />;
  }
  // The lowest organisation where the caller holds a post: a branch secretary who also serves
  // the committee above usually writes to the branch. Roles come highest first.
  const postsAt = (roles.data?.roles ?? []).filter((r) => r.post !== null).map((r) => r.orgId);
  const defaultOrg =
    [...postsAt].reverse().find((id) => targets.data.some((o) => o.id === id)) ??
    targets.data[0]?.id;
  const target = targets.data.find((o) => o.id === orgId);
  const required = [{ required: true, whitespace: true, message: t('notices.composer.required') }];

  const submit = (values: ComposerForm) => {
    const body: SendNoticeRequest = {
      title: values.title.trim(),
      body: values.body,
      orgId: values.orgId,
      requiresAck: values.requiresAck ?? false,
      ...(values.mode === 'members'
        ? { memberIds: values.memberIds ?? [] }
        : { includeSubtree: values.includeSubtree ?? false }),
      ...(values.deadline ? { deadline: values.deadline.toISOString() } : {}),
    };
    send.mutate(body, {
      onSuccess: (notice) => {
        void message.success(t('notices.composer.sent', { count: notice.counts?.recipients ?? 0 }));
        void navigate(`/notices/${notice.id}`);
      },
      onError: (e) => void message.error(noticeErrorMessage(t, e)),
    });
  };

  return (
    <Card title={t('notices.composer.title')} data-testid="notice-composer">
      <Form<ComposerForm>
        form={form}
        layout="vertical"
        initialValues={{
          mode: 'org',
          orgId: defaultOrg,
          includeSubtree: false,
          requiresAck: false,
        }}
        onFinish={submit}
      >
        <Form.Item name="title" label={t('notices.composer.noticeTitle')} rules={required}>
          <Input maxLength={NOTICE_TITLE_MAX} showCount data-testid="notice-title-input" />
        </Form.Item>
        <Form.Item name="orgId" label={t('notices.composer.org')} rules={[{ required: true }]}>
          <Select
            showSearch
            optionFilterProp="label"
            placeholder={t('notices.composer.orgPlaceholder')}
            data-testid="notice-org"
            options={targets.data.map((o) => ({ value: o.id, label: o.path }))}
            onChange={() => form.setFieldValue('memberIds', [])}
          />
        </Form.Item>
        <Form.Item name="mode" label={t('notices.composer.mode')}>
          <Radio.Group
            optionType="button"
            options={[
              { value: 'org', label: t('notices.composer.modeOrg') },
              { value: 'members', label: t('notices.composer.modeMembers') },
            ]}
          />
        </Form.Item>
        {mode === 'org' && target?.hasChildren && (
          <Form.Item name="includeSubtree" valuePropName="checked">
            <Checkbox data-testid="notice-subtree">{t('notices.composer.includeSubtree')}</Checkbox>
          </Form.Item>
        )}
        {mode === 'members' && (
          <Form.Item
            name="memberIds"
            label={t('notices.composer.members')}
            rules={[
              { required: true, type: 'array', min: 1, message: t('notices.composer.required') },
            ]}
          >
            <Select
              mode="multiple"
              showSearch
              optionFilterProp="label"
              loading={candidates.isPending}
              placeholder={t('notices.composer.membersPlaceholder')}
              data-testid="notice-members"
              options={(candidates.data ?? []).map((c) => ({
                value: c.memberId,
                label: `${c.name}（${c.branchName}）`,
              }))}
            />
          </Form.Item>
        )}
        <Form.Item
          label={t('notices.composer.body')}
          required
          extra={t('notices.composer.bodyHelp')}
        >
          <Tabs
            size="small"
            activeKey={tab}
            onChange={(key) => {
              setTab(key);
              if (key === 'preview') preview.mutate(form.getFieldValue('body') ?? '');
            }}
            items={[
              {
                key: 'edit',
                label: t('notices.composer.edit'),
                forceRender: true,
                children: (
                  <Form.Item name="body" rules={required} noStyle>
                    <Input.TextArea
                      rows={8}
                      maxLength={NOTICE_BODY_MAX}
                      data-testid="notice-body-input"
                    />
                  </Form.Item>
                ),
              },
              {
                key: 'preview',
                label: t('notices.composer.preview'),
                children: (
                  <div className="tx-notice-preview" data-testid="notice-preview">
                    {preview.isPending ? (
                      <Spin />
                    ) : preview.data?.html ? (
                      // Rendered and sanitised by the server, as the notice itself will be.
                      <div
                        className="tx-notice-body"
                        dangerouslySetInnerHTML={{ __html: preview.data.html }}
                      />
                    ) : (
                      <Typography.Text type="secondary">
                        {preview.isError
                          ? noticeErrorMessage(t, preview.error)
                          : t('notices.composer.previewEmpty')}
                      </Typography.Text>
                    )}
                  </div>
                ),
              },
            ]}
          />
        </Form.Item>
        <Form.Item
          name="requiresAck"
          label={t('notices.composer.requiresAck')}
          valuePropName="checked"
        >
          <Switch data-testid="notice-requires-ack" />
        </Form.Item>
        <Form.Item name="deadline" label={t('notices.composer.deadline')}>
          <DatePicker showTime format="YYYY-MM-DD HH:mm" />
        </Form.Item>
        <Button
          type="primary"
          htmlType="submit"
          loading={send.isPending}
          data-testid="notice-send"
          block={false}
        >
          {t('notices.composer.send')}
        </Button>
      </Form>
    </Card>
  );
}

import { useState } from 'react';
import { App, Button, Card, Checkbox, Popconfirm, Result, Space, Table, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import {
  CAPABILITIES,
  POSTS,
  type Capability,
  type PermissionMatrix,
  type Post,
} from '@tongxin/contract';
import { getPermissions, putPermissions } from '../../api/account.ts';
import { errorMessage } from '../../i18n/error-message.ts';
import { useSignedInUser } from '../auth/signed-in-user.ts';

const PERMISSIONS_KEY = ['security-permissions'] as const;
// A plain object: antd passes unknown props (the test id) through to the button.
const RESET_CONFIRM = { 'data-testid': 'permissions-reset-confirm' };

/** Toggles one cell, keeping the posts in catalogue order as the server stores them. */
function toggled(matrix: PermissionMatrix, c: Capability, post: Post, on: boolean) {
  const posts = on ? [...matrix[c], post] : matrix[c].filter((p) => p !== post);
  return { ...matrix, [c]: POSTS.filter((p) => posts.includes(p)) };
}

/**
 * 权限矩阵: the 安全管理员 decides which party posts carry each capability. Scope is not
 * configurable: a post acts on the organisation it serves and everything below it.
 */
export function PermissionsPage() {
  const { t } = useTranslation();
  const me = useSignedInUser();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const allowed = me.adminRole === 'security';
  const view = useQuery({ queryKey: PERMISSIONS_KEY, queryFn: getPermissions, enabled: allowed });
  // Unsaved ticks; null shows the matrix as the server has it.
  const [draft, setDraft] = useState<PermissionMatrix | null>(null);
  const save = useMutation({
    mutationFn: putPermissions,
    onSuccess: (saved) => {
      queryClient.setQueryData(PERMISSIONS_KEY, saved);
      setDraft(null);
      void message.success(t('permissions.saved'));
    },
    onError: (error) => void message.error(errorMessage(t, error)),
  });

  if (!allowed) return <Result status="403" title={t('forbidden.title')} />;
  const matrix = draft ?? view.data?.matrix;
  return (
    <Card title={t('permissions.title')} loading={view.isPending}>
      <Typography.Paragraph type="secondary">{t('permissions.intro')}</Typography.Paragraph>
      {view.isError && (
        <Typography.Paragraph type="danger">{errorMessage(t, view.error)}</Typography.Paragraph>
      )}
      {matrix && (
        <Table<{ capability: Capability }>
          rowKey="capability"
          size="small"
          pagination={false}
          scroll={{ x: 'max-content' }}
          dataSource={CAPABILITIES.map((capability) => ({ capability }))}
          columns={[
            {
              key: 'capability',
              title: t('permissions.capability'),
              fixed: 'left',
              render: (_, { capability }) => (
                <Space orientation="vertical" size={0}>
                  <Typography.Text strong>
                    {t(`permissions.capabilities.${capability}`)}
                  </Typography.Text>
                  <Typography.Text type="secondary">
                    {t(`permissions.descriptions.${capability}`)}
                  </Typography.Text>
                </Space>
              ),
            },
            ...POSTS.map((post) => ({
              key: post,
              title: t(`posts.${post}`),
              align: 'center' as const,
              render: (_: unknown, { capability }: { capability: Capability }) => (
                <Checkbox
                  aria-label={`${t(`permissions.capabilities.${capability}`)} – ${t(`posts.${post}`)}`}
                  data-testid={`perm-${capability}-${post}`}
                  checked={matrix[capability].includes(post)}
                  disabled={save.isPending}
                  onChange={(e) => setDraft(toggled(matrix, capability, post, e.target.checked))}
                />
              ),
            })),
          ]}
        />
      )}
      <Space style={{ marginTop: 16 }}>
        <Button
          type="primary"
          loading={save.isPending}
          disabled={!matrix}
          onClick={() => matrix && save.mutate(matrix)}
          data-testid="permissions-save"
        >
          {t('permissions.save')}
        </Button>
        <Popconfirm
          title={t('permissions.confirmReset')}
          onConfirm={() => view.data && save.mutate(view.data.defaults)}
          okButtonProps={RESET_CONFIRM}
        >
          <Button disabled={!view.data || save.isPending} data-testid="permissions-reset">
            {t('permissions.reset')}
          </Button>
        </Popconfirm>
      </Space>
    </Card>
  );
}

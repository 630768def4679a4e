import { useState } from 'react';
import { App, Button, Card, Input, Modal, Result, Space, Table, Tag, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { AccountSummary } from '@tongxin/contract';
import {
  accountAction,
  listAccounts,
  resetAccountPassword,
  setAccountPhone,
  type AccountAction,
} from '../../api/account.ts';
import { errorMessage } from '../../i18n/error-message.ts';
import { useSignedInUser } from '../auth/signed-in-user.ts';

const ACCOUNTS_KEY = ['accounts'] as const;

/** 账号管理: the 系统管理员 unlocks, disables and resets accounts. */
export function AccountsPage() {
  const { t, i18n } = useTranslation();
  const me = useSignedInUser();
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const allowed = me.adminRole === 'system';
  const accounts = useQuery({ queryKey: ACCOUNTS_KEY, queryFn: listAccounts, enabled: allowed });
  const [oneTime, setOneTime] = useState<{ username: string; password: string } | null>(null);
  const [phoneFor, setPhoneFor] = useState<AccountSummary | null>(null);
  const [phone, setPhone] = useState('');
  const refresh = () => queryClient.invalidateQueries({ queryKey: ACCOUNTS_KEY });
  const fail = (error: unknown) => void message.error(errorMessage(t, error));
  const done = async () => {
    void message.success(t('accounts.done'));
    await refresh();
  };

  const action = useMutation({
    mutationFn: ({ id, verb }: { id: string; verb: AccountAction }) => accountAction(id, verb),
    onSuccess: done,
    onError: fail,
  });
  const reset = useMutation({
    mutationFn: (account: AccountSummary) =>
      resetAccountPassword(account.id).then((r) => ({ ...r, username: account.username })),
    onSuccess: async (r) => {
      setOneTime(r);
      await refresh();
    },
    onError: fail,
  });
  const savePhone = useMutation({
    mutationFn: ({ id, value }: { id: string; value: string }) =>
      setAccountPhone(id, value.trim() === '' ? null : value.trim()),
    onSuccess: async () => {
      setPhoneFor(null);
      await done();
    },
    onError: fail,
  });

  const confirmThen = (content: string, run: () => void) =>
    void modal.confirm({ content, onOk: run, okButtonProps: { danger: true } });

  if (!allowed) return <Result status="403" title={t('forbidden.title')} />;
  const time = (iso: string) =>
    new Date(iso).toLocaleString(i18n.language, { dateStyle: 'short', timeStyle: 'short' });

  return (
    <Card title={t('accounts.title')}>
      {accounts.isError && (
        <Typography.Paragraph type="danger">{errorMessage(t, accounts.error)}</Typography.Paragraph>
      )}
      <Table<AccountSummary>
        rowKey="id"
        size="small"
        loading={accounts.isPending}
        dataSource={accounts.data ?? []}
        scroll={{ x: true }}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        onRow={(row) => ({ 'data-testid': `account-row-${row.username}` }) as object}
        columns={[
          { title: t('accounts.username'), dataIndex: 'username' },
          { title: t('accounts.displayName'), dataIndex: 'displayName' },
          {
            title: t('accounts.role'),
            render: (_, a) => t(`roles.${a.adminRole ?? (a.memberId ? 'member' : 'user')}`),
          },
          { title: t('accounts.phone'), render: (_, a) => a.phone ?? '—' },
          {
            title: t('accounts.state'),
            render: (_, a) => (
              <Space size={4} wrap>
                {a.disabled ? (
                  <Tag color="default">{t('accounts.disabled')}</Tag>
                ) : (
                  <Tag color="green">{t('accounts.active')}</Tag>
                )}
                {a.lockedUntil && (
                  <Tag color="red" data-testid="account-locked">
                    {t('accounts.locked', { time: time(a.lockedUntil) })}
                  </Tag>
                )}
                {a.mustChangePassword && <Tag color="orange">{t('accounts.mustChange')}</Tag>}
                {a.totpEnabled && <Tag color="blue">{t('accounts.totp')}</Tag>}
              </Space>
            ),
          },
          {
            title: t('accounts.actions'),
            render: (_, a) => (
              <Space size={4} wrap>
                {a.lockedUntil && (
                  <Button size="small" onClick={() => action.mutate({ id: a.id, verb: 'unlock' })}>
                    {t('accounts.unlock')}
                  </Button>
                )}
                <Button
                  size="small"
                  onClick={() => {
                    setPhone(a.phone ?? '');
                    setPhoneFor(a);
                  }}
                >
                  {t('accounts.setPhone')}
                </Button>
                {a.id !== me.id && !a.adminRole && (
                  <>
                    {a.disabled ? (
                      <Button
                        size="small"
                        onClick={() => action.mutate({ id: a.id, verb: 'enable' })}
                      >
                        {t('accounts.enable')}
                      </Button>
                    ) : (
                      <Button
                        size="small"
                        danger
                        onClick={() =>
                          confirmThen(t('accounts.confirmDisable'), () =>
                            action.mutate({ id: a.id, verb: 'disable' }),
                          )
                        }
                      >
                        {t('accounts.disable')}
                      </Button>
                    )}
                    <Button
                      size="small"
                      data-testid="account-reset-password"
                      onClick={() =>
                        confirmThen(t('accounts.confirmResetPassword'), () => reset.mutate(a))
                      }
                    >
                      {t('accounts.resetPassword')}
                    </Button>
                    {a.totpEnabled && (
                      <Button
                        size="small"
                        onClick={() =>
                          confirmThen(t('accounts.confirmResetTotp'), () =>
                            action.mutate({ id: a.id, verb: 'reset-totp' }),
                          )
                        }
                      >
                        {t('accounts.resetTotp')}
                      </Button>
                    )}
                  </>
                )}
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={oneTime !== null}
        title={t('accounts.oneTimeTitle')}
        onCancel={() => setOneTime(null)}
        onOk={() => setOneTime(null)}
        cancelButtonProps={{ style: { display: 'none' } }}
      >
        <Typography.Paragraph>{t('accounts.oneTimeText')}</Typography.Paragraph>
        <Typography.Paragraph>
          {oneTime?.username}:{' '}
          <Typography.Text code copyable data-testid="one-time-password">
            {oneTime?.password}
          </Typography.Text>
        </Typography.Paragraph>
      </Modal>
      <Modal
        open={phoneFor !== null}
        title={`${t('accounts.setPhone')} · ${phoneFor?.username ?? ''}`}
        onCancel={() => setPhoneFor(null)}
        confirmLoading={savePhone.isPending}
        onOk={() => phoneFor && savePhone.mutate({ id: phoneFor.id, value: phone })}
      >
        <Input
          value={phone}
          onChange={(e) => setPhone(e.target.value)}
          placeholder={t('accounts.phonePlaceholder')}
          inputMode="tel"
          maxLength={20}
        />
      </Modal>
    </Card>
  );
}

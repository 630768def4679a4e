import { useState } from 'react';
import {
  App,
  Button,
  Card,
  Input,
  Modal,
  Popconfirm,
  Result,
  Select,
  Space,
  Table,
  Tabs,
  Typography,
  type TableColumnsType,
} from 'antd';
import { useTranslation } from 'react-i18next';
import {
  TRANSFER_STATES,
  type Transfer,
  type TransferListQuery,
  type TransferState,
} from '@tongxin/contract';
import { useIsMobile } from '../../app/use-is-mobile.ts';
import { canSeeMembers } from '../auth/roles.ts';
import { useSignedInUser } from '../auth/signed-in-user.ts';
import { memberErrorMessage } from '../members/member-errors.ts';
import { TransferStateTag } from './TransferStateTag.tsx';
import { useDecideTransfer, useTransferListQuery } from './use-transfers.ts';

type Direction = NonNullable<TransferListQuery['direction']>;
type NoteAction = { kind: 'reject' | 'cancel'; transfer: Transfer };

const when = (iso: string | null) =>
  iso ? new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }) : '—';

/** 组织关系转接: incoming requests to accept or reject, outgoing ones to follow or withdraw. */
export function TransfersPage() {
  const { t } = useTranslation();
  const me = useSignedInUser();
  const { message } = App.useApp();
  const isMobile = useIsMobile();
  const [direction, setDirection] = useState<Direction>('incoming');
  const [state, setState] = useState<TransferState | undefined>('requested');
  const [page, setPage] = useState(1);
  const [noteFor, setNoteFor] = useState<NoteAction | null>(null);
  const [note, setNote] = useState('');
  const list = useTransferListQuery({
    direction,
    ...(state ? { state } : {}),
    limit: 20,
    offset: (page - 1) * 20,
  });
  const decide = useDecideTransfer();

  if (!canSeeMembers(me)) {
    return <Result status="403" title={t('forbidden.title')} subTitle={t('members.notAllowed')} />;
  }

  const done = (key: 'transfers.accepted' | 'transfers.rejected' | 'transfers.cancelled') => ({
    onSuccess: () => void message.success(t(key)),
    onError: (error: unknown) => void message.error(memberErrorMessage(t, error)),
  });

  const columns: TableColumnsType<Transfer> = [
    { key: 'member', title: t('transfers.member'), dataIndex: 'memberName' },
    { key: 'from', title: t('transfers.from'), dataIndex: 'fromBranchName', responsive: ['md'] },
    { key: 'to', title: t('transfers.to'), dataIndex: 'toBranchName' },
    {
      key: 'state',
      title: t('transfers.stateLabel'),
      render: (_, tr) => <TransferStateTag state={tr.state} />,
    },
    {
      key: 'reason',
      title: t('transfers.reason'),
      responsive: ['lg'],
      render: (_, tr) => (
        <Space orientation="vertical" size={0}>
          <span>{tr.reason}</span>
          {tr.decisionNote && (
            <Typography.Text type="secondary">
              {t('transfers.note', { note: tr.decisionNote })}
            </Typography.Text>
          )}
        </Space>
      ),
    },
    {
      key: 'requested',
      title: t('transfers.requested'),
      responsive: ['xl'],
      render: (_, tr) => `${tr.requestedByName} · ${when(tr.requestedAt)}`,
    },
    {
      key: 'decided',
      title: t('transfers.decided'),
      responsive: ['xl'],
      render: (_, tr) => (tr.decidedByName ? `${tr.decidedByName} · ${when(tr.decidedAt)}` : '—'),
    },
    {
      key: 'actions',
      title: t('transfers.actions'),
      render: (_, tr) => (
        <Space wrap size={4}>
          {tr.may.accept && (
            <Popconfirm
              title={t('transfers.acceptConfirm', { name: tr.memberName, to: tr.toBranchName })}
              okText={t('transfers.accept')}
              cancelText={t('common.cancel')}
              onConfirm={() =>
                decide.mutate({ kind: 'accept', id: tr.id }, done('transfers.accepted'))
              }
            >
              <Button type="primary" size="small" data-testid={`transfer-accept-${tr.id}`}>
                {t('transfers.accept')}
              </Button>
            </Popconfirm>
          )}
          {tr.may.accept && (
            <Button
              size="small"
              danger
              onClick={() => setNoteFor({ kind: 'reject', transfer: tr })}
            >
              {t('transfers.reject')}
            </Button>
          )}
          {tr.may.cancel && (
            <Button size="small" onClick={() => setNoteFor({ kind: 'cancel', transfer: tr })}>
              {t('transfers.cancel')}
            </Button>
          )}
        </Space>
      ),
    },
  ];

  return (
    <Card title={t('transfers.title')}>
      <Tabs
        activeKey={direction}
        onChange={(key) => {
          setDirection(key as Direction);
          setPage(1);
        }}
        items={(['incoming', 'outgoing', 'all'] as const).map((key) => ({
          key,
          label: <span data-testid={`transfers-tab-${key}`}>{t(`transfers.${key}`)}</span>,
        }))}
        tabBarExtraContent={
          <Select<TransferState>
            className="tx-members-select"
            aria-label={t('transfers.stateLabel')}
            placeholder={t('transfers.allStates')}
            allowClear
            value={state}
            onChange={(value) => {
              setState(value);
              setPage(1);
            }}
            options={TRANSFER_STATES.map((s) => ({ value: s, label: t(`transfers.state.${s}`) }))}
          />
        }
      />
      <div data-testid="transfers-table">
        <Table<Transfer>
          rowKey="id"
          size={isMobile ? 'small' : 'middle'}
          columns={columns}
          dataSource={list.data?.items ?? []}
          loading={list.isFetching}
          locale={{
            emptyText: list.isError ? memberErrorMessage(t, list.error) : t('transfers.empty'),
          }}
          pagination={{
            current: page,
            pageSize: 20,
            total: list.data?.total ?? 0,
            simple: isMobile,
            onChange: setPage,
          }}
        />
      </div>
      <Modal
        open={noteFor !== null}
        title={
          noteFor &&
          t(noteFor.kind === 'reject' ? 'transfers.rejectTitle' : 'transfers.cancelTitle', {
            name: noteFor.transfer.memberName,
          })
        }
        okText={noteFor?.kind === 'reject' ? t('transfers.reject') : t('transfers.cancel')}
        cancelText={t('common.cancel')}
        okButtonProps={{ disabled: note.trim().length < 2, danger: noteFor?.kind === 'reject' }}
        confirmLoading={decide.isPending}
        onCancel={() => setNoteFor(null)}
        onOk={() => {
          if (!noteFor) return;
          decide.mutate(
            { kind: noteFor.kind, id: noteFor.transfer.id, reason: note.trim() },
            {
              ...done(noteFor.kind === 'reject' ? 'transfers.rejected' : 'transfers.cancelled'),
              onSettled: () => {
                setNoteFor(null);
                setNote('');
              },
            },
          );
        }}
        destroyOnHidden
      >
        <Input.TextArea
          rows={3}
          maxLength={500}
          value={note}
          placeholder={t('transfers.noteRequired')}
          onChange={(e) => setNote(e.target.value)}
        />
      </Modal>
    </Card>
  );
}

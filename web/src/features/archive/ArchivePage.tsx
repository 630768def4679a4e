import { useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Empty,
  List,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import { ContainerOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ARCHIVE_KINDS, type ArchiveEntrySummary, type ArchiveKind } from '@tongxin/contract';
import { useIsMobile } from '../../app/use-is-mobile.ts';
import { archiveErrorMessage } from './archive-errors.ts';
import { EntryDrawer } from './EntryDrawer.tsx';
import { ExportPanel } from './ExportPanel.tsx';
import { beijingTime } from './format.ts';
import {
  useArchiveList,
  useArchiveOverview,
  useMakeCheckpoint,
  useVerifyWholeArchive,
} from './use-archive.ts';
import './archive.css';

const PAGE = 20;
const ALL = '';

/** 党建档案: the archive by organisation, year and kind, with verification and export. */
export function ArchivePage() {
  const { t } = useTranslation();
  const overview = useArchiveOverview();
  if (overview.isPending) return <Card loading />;
  if (overview.isError || !overview.data.may.browse) {
    return (
      <Card title={t('archive.title')}>
        <Alert
          type="warning"
          showIcon
          title={overview.isError ? archiveErrorMessage(t, overview.error) : t('archive.noAccess')}
        />
      </Card>
    );
  }
  return <ArchiveBrowser />;
}

function ArchiveBrowser() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const mobile = useIsMobile();
  const overview = useArchiveOverview().data;
  const orgs = overview?.orgs ?? [];
  const all = overview?.may.verifyAll ?? false;
  const [orgId, setOrgId] = useState<string>(ALL);
  const [subtree, setSubtree] = useState(false);
  const [year, setYear] = useState<number | undefined>();
  const [kind, setKind] = useState<ArchiveKind | undefined>();
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<string | null>(null);
  const list = useArchiveList(
    {
      ...(orgId ? { orgId, includeSubtree: subtree } : {}),
      ...(year ? { year } : {}),
      ...(kind ? { kind } : {}),
      limit: PAGE,
      offset: (page - 1) * PAGE,
    },
    overview !== undefined,
  );
  const checkpoint = useMakeCheckpoint();
  const verifyAll = useVerifyWholeArchive();
  const cp = overview?.latestCheckpoint ?? null;
  const reset = () => setPage(1);

  const kindTag = (k: ArchiveKind) => <Tag color="red">{t(`archive.kinds.${k}`)}</Tag>;
  const versionTag = (e: ArchiveEntrySummary) =>
    e.version > 1 || e.supersededBy !== null ? (
      <Tag color={e.supersededBy !== null ? 'default' : 'gold'}>
        {e.supersededBy !== null
          ? t('archive.superseded', { version: e.version })
          : t('archive.version', { version: e.version })}
      </Tag>
    ) : null;

  return (
    <Card
      className="tx-archive"
      title={
        <Space>
          <ContainerOutlined />
          {t('archive.title')}
        </Space>
      }
    >
      <div className="tx-archive-status" data-testid="archive-status">
        <Typography.Text>
          {t('archive.treeSize', { count: overview?.treeSize ?? 0 })}
        </Typography.Text>
        <Typography.Text type="secondary">
          {cp
            ? t('archive.latestCheckpoint', {
                seq: cp.seq,
                size: cp.treeSize,
                time: beijingTime(cp.time),
              })
            : t('archive.noCheckpoint')}
        </Typography.Text>
        <Typography.Text type="secondary" className="tx-archive-fingerprint">
          {t('archive.fingerprint')}: <code>{overview?.fingerprint}</code>
        </Typography.Text>
        <Space wrap>
          <Button
            size="small"
            data-testid="archive-checkpoint"
            loading={checkpoint.isPending}
            onClick={() =>
              checkpoint.mutate(undefined, {
                onSuccess: (c) =>
                  void message.success(
                    t('archive.checkpointMade', { seq: c.seq, size: c.treeSize }),
                  ),
                onError: (e) => void message.error(archiveErrorMessage(t, e)),
              })
            }
          >
            {t('archive.makeCheckpoint')}
          </Button>
          {all && (
            <Button
              size="small"
              icon={<SafetyCertificateOutlined />}
              data-testid="archive-verify-all"
              loading={verifyAll.isPending}
              onClick={() => verifyAll.mutate()}
            >
              {t('archive.verifyAll')}
            </Button>
          )}
        </Space>
        {verifyAll.data && (
          <Alert
            data-testid="archive-verify-result"
            type={verifyAll.data.ok ? 'success' : 'error'}
            showIcon
            title={
              verifyAll.data.ok
                ? t('archive.verifyAllOk', {
                    entries: verifyAll.data.entries,
                    checkpoints: verifyAll.data.checkpoints,
                  })
                : t('archive.verifyAllBroken', {
                    what: t(`archive.what.${verifyAll.data.firstBad?.what ?? 'entry'}`),
                    seq: verifyAll.data.firstBad?.seq ?? '?',
                    reason: verifyAll.data.firstBad?.reason ?? '',
                  })
            }
          />
        )}
        {verifyAll.isError && (
          <Alert type="error" showIcon title={archiveErrorMessage(t, verifyAll.error)} />
        )}
      </div>

      <div className="tx-archive-filters">
        <Select
          data-testid="archive-org"
          className="tx-archive-org"
          value={orgId}
          onChange={(v) => {
            setOrgId(v);
            setYear(undefined);
            reset();
          }}
          showSearch={{ optionFilterProp: 'label' }}
          options={[
            { value: ALL, label: t('archive.allOrgs') },
            ...orgs.map((o) => ({ value: o.id, label: o.path })),
          ]}
        />
        {orgId !== ALL && (
          <Space>
            <Switch
              size="small"
              checked={subtree}
              onChange={(v) => {
                setSubtree(v);
                reset();
              }}
            />
            {t('archive.includeSubtree')}
          </Space>
        )}
        <Select
          data-testid="archive-year"
          className="tx-archive-small"
          allowClear
          placeholder={t('archive.anyYear')}
          value={year}
          onChange={(v?: number) => {
            setYear(v);
            reset();
          }}
          options={(list.data?.years ?? []).map((y) => ({
            value: y,
            label: t('archive.year', { year: y }),
          }))}
        />
        <Select
          data-testid="archive-kind"
          className="tx-archive-small"
          allowClear
          placeholder={t('archive.anyKind')}
          value={kind}
          onChange={(v?: ArchiveKind) => {
            setKind(v);
            reset();
          }}
          options={ARCHIVE_KINDS.map((k) => ({ value: k, label: t(`archive.kinds.${k}`) }))}
        />
      </div>

      {list.isError && <Alert type="error" showIcon title={archiveErrorMessage(t, list.error)} />}
      {mobile ? (
        <List
          data-testid="archive-list"
          loading={list.isPending}
          dataSource={list.data?.items ?? []}
          locale={{ emptyText: <Empty description={t('archive.empty')} /> }}
          pagination={{
            current: page,
            pageSize: PAGE,
            total: list.data?.total ?? 0,
            onChange: setPage,
            size: 'small',
          }}
          renderItem={(e) => (
            <List.Item
              className="tx-archive-item"
              data-testid="archive-entry"
              onClick={() => setOpen(e.id)}
            >
              <List.Item.Meta
                title={e.title}
                description={
                  <Space wrap size={4}>
                    {kindTag(e.kind)}
                    {versionTag(e)}
                    <span>{e.orgName}</span>
                    <span>{beijingTime(e.occurredAt)}</span>
                  </Space>
                }
              />
            </List.Item>
          )}
        />
      ) : (
        <Table<ArchiveEntrySummary>
          data-testid="archive-list"
          rowKey="seq"
          size="middle"
          loading={list.isPending}
          dataSource={list.data?.items ?? []}
          locale={{ emptyText: <Empty description={t('archive.empty')} /> }}
          onRow={(e) => ({ onClick: () => setOpen(e.id), className: 'tx-archive-row' })}
          pagination={{
            current: page,
            pageSize: PAGE,
            total: list.data?.total ?? 0,
            onChange: setPage,
            showSizeChanger: false,
          }}
          columns={[
            { title: t('archive.seq'), dataIndex: 'seq', width: 80 },
            {
              title: t('archive.entryTitle'),
              render: (_: unknown, e) => (
                <span data-testid="archive-entry">
                  {e.title} {versionTag(e)}
                </span>
              ),
            },
            { title: t('archive.kind'), dataIndex: 'kind', width: 130, render: kindTag },
            { title: t('archive.org'), dataIndex: 'orgName', width: 180 },
            {
              title: t('archive.occurredAt'),
              dataIndex: 'occurredAt',
              width: 170,
              render: (v: string) => beijingTime(v),
            },
          ]}
        />
      )}

      <ExportPanel orgs={orgs} defaultOrgId={orgId || orgs[0]?.id} />
      <EntryDrawer id={open} onClose={() => setOpen(null)} onOpen={setOpen} />
    </Card>
  );
}

import { useState } from 'react';
import { Alert, App, Button, Input, List, Progress, Select, Space, Switch, Typography } from 'antd';
import { DownloadOutlined, ExportOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { ArchiveExport } from '@tongxin/contract';
import { archiveExportFileUrl } from '../../api/archive.ts';
import { archiveErrorMessage } from './archive-errors.ts';
import { beijingTime, beijingToday } from './format.ts';
import { useArchiveExport, useArchiveExports, useStartExport } from './use-archive.ts';

/** Export an organisation's archive for a period as a signed package, with progress. */
export function ExportPanel({
  orgs,
  defaultOrgId,
}: {
  orgs: readonly { id: string; path: string }[];
  defaultOrgId: string | undefined;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const today = beijingToday();
  const [orgId, setOrgId] = useState<string | undefined>(defaultOrgId);
  const [subtree, setSubtree] = useState(true);
  const [from, setFrom] = useState(`${today.slice(0, 4)}-01-01`);
  const [to, setTo] = useState(today);
  const [current, setCurrent] = useState<string | null>(null);
  const start = useStartExport();
  const job = useArchiveExport(current);
  const recent = useArchiveExports(true);

  const submit = () => {
    if (!orgId) return;
    start.mutate(
      { orgId, includeSubtree: subtree, from, to },
      {
        onSuccess: (j) => setCurrent(j.id),
        onError: (e) => void message.error(archiveErrorMessage(t, e)),
      },
    );
  };

  return (
    <div className="tx-archive-export" data-testid="archive-export">
      <Typography.Title level={5}>
        <ExportOutlined /> {t('archive.export.title')}
      </Typography.Title>
      <div className="tx-archive-filters">
        <Select
          className="tx-archive-org"
          data-testid="archive-export-org"
          value={orgId}
          onChange={setOrgId}
          placeholder={t('archive.org')}
          options={orgs.map((o) => ({ value: o.id, label: o.path }))}
        />
        <Space>
          <Switch size="small" checked={subtree} onChange={setSubtree} />
          {t('archive.includeSubtree')}
        </Space>
        <Space wrap>
          <Input
            type="date"
            aria-label={t('archive.export.from')}
            data-testid="archive-export-from"
            value={from}
            onChange={(e) => setFrom(e.target.value)}
          />
          <span>—</span>
          <Input
            type="date"
            aria-label={t('archive.export.to')}
            data-testid="archive-export-to"
            value={to}
            onChange={(e) => setTo(e.target.value)}
          />
        </Space>
        <Button
          type="primary"
          data-testid="archive-export-start"
          disabled={!orgId || !from || !to}
          loading={start.isPending}
          onClick={submit}
        >
          {t('archive.export.start')}
        </Button>
      </div>
      {job.data && <ExportProgress job={job.data} />}
      {(recent.data?.items.length ?? 0) > 0 && (
        <List
          size="small"
          header={t('archive.export.recent')}
          dataSource={recent.data?.items ?? []}
          renderItem={(j) => (
            <List.Item
              actions={
                j.status === 'done'
                  ? [
                      <a key="dl" href={archiveExportFileUrl(j.id)} download>
                        <DownloadOutlined /> {t('archive.export.download')}
                      </a>,
                    ]
                  : []
              }
            >
              {j.orgName} · {j.from} — {j.to} · {t(`archive.export.status.${j.status}`)} ·{' '}
              {beijingTime(j.createdAt)}
            </List.Item>
          )}
        />
      )}
    </div>
  );
}

function ExportProgress({ job }: { job: ArchiveExport }) {
  const { t } = useTranslation();
  const percent =
    job.total > 0 ? Math.round((job.done / job.total) * 100) : job.status === 'done' ? 100 : 0;
  return (
    <div className="tx-archive-progress" data-testid="archive-export-progress">
      <Progress
        percent={percent}
        status={
          job.status === 'failed' ? 'exception' : job.status === 'done' ? 'success' : 'active'
        }
      />
      <Typography.Text type="secondary">
        {t('archive.export.progress', { done: job.done, total: job.total })}
      </Typography.Text>
      {job.status === 'done' && (
        <Button
          type="primary"
          icon={<DownloadOutlined />}
          href={archiveExportFileUrl(job.id)}
          download
          data-testid="archive-export-download"
        >
          {t('archive.export.download')}
        </Button>
      )}
      {job.status === 'failed' && (
        <Alert
          type="error"
          showIcon
          title={t('archive.export.failed', { error: job.error ?? '' })}
        />
      )}
    </div>
  );
}

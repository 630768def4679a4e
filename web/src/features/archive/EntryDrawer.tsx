import { useState } from 'react';
import { Alert, Button, Descriptions, Drawer, List, Space, Spin, Tag, Typography } from 'antd';
import { SafetyCertificateOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { archiveProof } from '../../api/archive.ts';
import { useIsMobile } from '../../app/use-is-mobile.ts';
import { archiveErrorMessage } from './archive-errors.ts';
import { beijingTime } from './format.ts';
import { useArchiveEntry, useArchiveOverview } from './use-archive.ts';
import { checkEntry, type EntryCheck } from './verify-entry.ts';

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** A content value as people read it: text keeps its lines, lists of records are listed. */
function Value({ value }: { value: unknown }) {
  const { t } = useTranslation();
  if (value === null || value === undefined || value === '') return <>—</>;
  if (typeof value === 'boolean') return <>{value ? t('archive.yes') : t('archive.no')}</>;
  if (typeof value === 'string') {
    if (/^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/.test(value)) return <>{beijingTime(value)}</>;
    return <span className="tx-archive-text">{value}</span>;
  }
  if (Array.isArray(value)) {
    if (value.every((v) => !isRecord(v))) return <>{value.map(String).join('、') || '—'}</>;
    return (
      <List
        size="small"
        dataSource={value}
        renderItem={(item) => (
          <List.Item>
            {isRecord(item) ? <Fields content={item} /> : <Value value={item} />}
          </List.Item>
        )}
      />
    );
  }
  if (isRecord(value)) return <Fields content={value} />;
  return <>{String(value)}</>;
}

function Fields({ content }: { content: Record<string, unknown> }) {
  const { t } = useTranslation();
  return (
    <Descriptions
      size="small"
      column={1}
      bordered
      items={Object.entries(content).map(([k, v]) => ({
        key: k,
        label: t(`archive.fields.${k}`, { defaultValue: k }),
        children: <Value value={v} />,
      }))}
    />
  );
}

/** One entry: what was recorded, its versions, and a check of it against the signed tree. */
export function EntryDrawer({
  id,
  onClose,
  onOpen,
}: {
  id: string | null;
  onClose: () => void;
  onOpen: (id: string) => void;
}) {
  const { t } = useTranslation();
  const mobile = useIsMobile();
  const entry = useArchiveEntry(id);
  const publishedKey = useArchiveOverview().data?.publicKey ?? '';
  const [check, setCheck] = useState<{ id: string; result: EntryCheck | Error } | null>(null);
  const [checking, setChecking] = useState(false);
  const e = entry.data;
  const shown = check && check.id === id ? check.result : null;

  const verify = async () => {
    if (!e) return;
    setChecking(true);
    try {
      setCheck({ id: e.id, result: checkEntry(e, await archiveProof(e.id), publishedKey) });
    } catch (err) {
      setCheck({ id: e.id, result: err instanceof Error ? err : new Error(String(err)) });
    } finally {
      setChecking(false);
    }
  };

  return (
    <Drawer
      open={id !== null}
      onClose={onClose}
      size={mobile ? '100%' : 640}
      title={e?.title ?? ''}
      data-testid="archive-drawer"
    >
      {entry.isPending && <Spin />}
      {entry.isError && <Alert type="error" showIcon title={archiveErrorMessage(t, entry.error)} />}
      {e && (
        <Space orientation="vertical" size="middle" className="tx-archive-drawer">
          <Descriptions
            size="small"
            column={1}
            items={[
              {
                key: 'kind',
                label: t('archive.kind'),
                children: <Tag color="red">{t(`archive.kinds.${e.kind}`)}</Tag>,
              },
              { key: 'org', label: t('archive.org'), children: e.orgName },
              { key: 'seq', label: t('archive.seq'), children: e.seq },
              {
                key: 'occurred',
                label: t('archive.occurredAt'),
                children: beijingTime(e.occurredAt),
              },
              {
                key: 'archived',
                label: t('archive.archivedAt'),
                children: `${beijingTime(e.archivedAt)} · ${e.archivedBy}`,
              },
              {
                key: 'hash',
                label: t('archive.leafHash'),
                children: (
                  <Typography.Text code className="tx-archive-hash">
                    {e.leafHash}
                  </Typography.Text>
                ),
              },
            ]}
          />
          <div>
            <Button
              type="primary"
              icon={<SafetyCertificateOutlined />}
              loading={checking}
              data-testid="archive-verify-entry"
              onClick={() => void verify()}
            >
              {t('archive.verifyEntry')}
            </Button>
            {shown && (
              <Alert
                className="tx-archive-check"
                data-testid="archive-entry-check"
                showIcon
                type={shown instanceof Error ? 'warning' : shown.ok ? 'success' : 'error'}
                title={
                  shown instanceof Error
                    ? archiveErrorMessage(t, shown)
                    : shown.ok
                      ? t('archive.entryVerified', {
                          size: shown.treeSize,
                          time: beijingTime(shown.time),
                        })
                      : t(`archive.entryFailed.${shown.reason}`)
                }
              />
            )}
          </div>
          {e.versions.length > 1 && (
            <div>
              <Typography.Title level={5}>{t('archive.versions')}</Typography.Title>
              <Space wrap>
                {e.versions.map((v) => (
                  <Button
                    key={v.seq}
                    size="small"
                    type={v.seq === e.seq ? 'primary' : 'default'}
                    data-testid="archive-version"
                    onClick={() => onOpen(v.id)}
                  >
                    {t('archive.version', { version: v.version })} · {beijingTime(v.archivedAt)}
                  </Button>
                ))}
              </Space>
            </div>
          )}
          <div>
            <Typography.Title level={5}>{t('archive.content')}</Typography.Title>
            {isRecord(e.content) ? <Fields content={e.content} /> : <Value value={e.content} />}
          </div>
        </Space>
      )}
    </Drawer>
  );
}

import { useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  Result,
  Select,
  Space,
  Table,
  Tag,
  Typography,
  type TableColumnsType,
} from 'antd';
import { DownloadOutlined, SafetyCertificateOutlined, SearchOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { AUDIT_RESULTS, type AuditExportQuery, type AuditRecord } from '@tongxin/contract';
import { isApiError } from '../../api/client.ts';
import { useIsMobile } from '../../app/use-is-mobile.ts';
import { errorMessage } from '../../i18n/error-message.ts';
import { useSignedInUser } from '../auth/signed-in-user.ts';
import { shanghaiTime, withoutBlanks } from './audit-format.ts';
import { useAuditLog, useExportAudit, useVerifyAudit } from './use-audit.ts';
import { zhCN } from '../../i18n/zh-CN.ts';
import './audit.css';

type RoleKey = keyof typeof zhCN.roles;
type ActionKey = keyof typeof zhCN.audit.actions;
const isRole = (role: string): role is RoleKey => Object.hasOwn(zhCN.roles, role);
const isAction = (key: string): key is ActionKey => Object.hasOwn(zhCN.audit.actions, key);

interface FilterForm {
  range?: [{ toISOString(): string } | null, { toISOString(): string } | null] | null;
  actor?: string;
  action?: string;
  objectType?: string;
  objectId?: string;
  result?: AuditExportQuery['result'];
  ip?: string;
}

/** The free-text filters, in the order shown; the limits match the API's. */
const TEXT_FILTERS = [
  { name: 'actor', maxLength: 100 },
  { name: 'action', maxLength: 100 },
  { name: 'objectType', maxLength: 100 },
  { name: 'objectId', maxLength: 200 },
  { name: 'ip', maxLength: 64 },
] as const;

function toQuery({ range, ...rest }: FilterForm): AuditExportQuery {
  return withoutBlanks({
    ...rest,
    from: range?.[0]?.toISOString(),
    to: range?.[1]?.toISOString(),
  });
}

function VerifyOutcome({ verify }: { verify: ReturnType<typeof useVerifyAudit> }) {
  const { t } = useTranslation();
  if (verify.isError) {
    return <Alert type="error" showIcon title={errorMessage(t, verify.error)} />;
  }
  const result = verify.data;
  if (!result) return null;
  return (
    <div data-testid="audit-verify-result" className="tx-audit-verify">
      {result.ok ? (
        <Alert
          type="success"
          showIcon
          title={t('audit.verifyOk', { count: result.checked })}
          description={
            result.firstSeq
              ? t('audit.verifyRange', { from: result.firstSeq, to: result.lastSeq })
              : undefined
          }
        />
      ) : (
        <Alert
          type="error"
          showIcon
          title={t('audit.verifyBroken', { seq: result.firstBroken?.seq ?? '?' })}
          description={t(`audit.breaks.${result.firstBroken?.reason ?? 'hash_mismatch'}`)}
        />
      )}
    </div>
  );
}

export function AuditPage() {
  const { t } = useTranslation();
  const me = useSignedInUser();
  // 三员分立: the audit log is the 审计管理员's alone (the server refuses everyone else too),
  // and nobody else's browser should even ask for it.
  if (me.adminRole !== 'audit') {
    return <Result status="403" title={t('forbidden.title')} subTitle={t('audit.notAllowed')} />;
  }
  return <AuditLogScreen />;
}

function AuditLogScreen() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const isMobile = useIsMobile();
  const [form] = Form.useForm<FilterForm>();
  const [filters, setFilters] = useState<AuditExportQuery>({});
  const log = useAuditLog(filters);
  const verify = useVerifyAudit();
  const exporter = useExportAudit();

  const roleLabel = (role: string) =>
    isRole(role) ? t(`roles.${role}`) : role === 'operator' ? t('audit.roles.operator') : role;
  const actionLabel = (action: string) => {
    const key = action.replace(/\./g, '_');
    return isAction(key) ? t(`audit.actions.${key}`) : null;
  };

  const columns: TableColumnsType<AuditRecord> = [
    {
      key: 'at',
      title: t('audit.at'),
      render: (_, e) => {
        // Date and time wrap as two units on a narrow screen, never mid-number.
        const [date, time] = shanghaiTime(e.at).split(' ');
        return (
          <span className="tx-audit-time">
            <span>{date}</span> <span>{time}</span>
          </span>
        );
      },
    },
    {
      key: 'actor',
      title: t('audit.actor'),
      render: (_, e) => <span data-testid="audit-actor">{e.actorName}</span>,
    },
    {
      key: 'role',
      title: t('audit.role'),
      render: (_, e) => roleLabel(e.actorRole),
      responsive: ['md'],
    },
    {
      key: 'action',
      title: t('audit.action'),
      render: (_, e) => {
        const label = actionLabel(e.action);
        // A phone has room for the name of a known action only; the code is in the details.
        if (label && isMobile) return label;
        return (
          <Space size={4} wrap>
            {label && <span>{label}</span>}
            <Typography.Text
              type="secondary"
              code
              className="tx-audit-action"
              data-testid="audit-action"
            >
              {e.action}
            </Typography.Text>
          </Space>
        );
      },
    },
    {
      key: 'object',
      title: t('audit.object'),
      render: (_, e) =>
        e.objectType ? `${e.objectType}${e.objectId ? ` · ${e.objectId}` : ''}` : '—',
      responsive: ['lg'],
    },
    {
      key: 'result',
      title: t('audit.result'),
      render: (_, e) => (
        <Tag color={e.result === 'success' ? 'green' : 'red'} data-testid="audit-result">
          {t(`audit.results.${e.result}`)}
        </Tag>
      ),
    },
    { key: 'ip', title: t('audit.ip'), render: (_, e) => e.sourceIp ?? '—', responsive: ['md'] },
  ];

  const items = log.data?.pages.flatMap((p) => p.items) ?? [];
  const onExport = () =>
    exporter.mutate(filters, {
      onError: (error) =>
        void message.error(
          isApiError(error, 'too_many_rows')
            ? t('audit.tooManyRows', {
                limit: (error.details as { limit?: number } | undefined)?.limit ?? '',
              })
            : errorMessage(t, error),
        ),
    });

  return (
    <Card
      title={t('audit.title')}
      extra={
        <Space wrap>
          <Button
            data-testid="audit-verify"
            icon={<SafetyCertificateOutlined />}
            loading={verify.isPending}
            onClick={() => verify.mutate()}
          >
            {t('audit.verify')}
          </Button>
          <Button
            data-testid="audit-export"
            icon={<DownloadOutlined />}
            loading={exporter.isPending}
            onClick={onExport}
          >
            {t('audit.export')}
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t('audit.intro')}</Typography.Paragraph>
      <VerifyOutcome verify={verify} />
      <Form<FilterForm>
        form={form}
        layout={isMobile ? 'vertical' : 'inline'}
        className={isMobile ? 'tx-audit-filters tx-audit-filters-grid' : 'tx-audit-filters'}
        data-testid="audit-filters"
        onFinish={(values) => setFilters(toQuery(values))}
      >
        <Form.Item name="range" label={t('audit.range')} className="tx-audit-range">
          <DatePicker.RangePicker showTime aria-label={t('audit.range')} />
        </Form.Item>
        {TEXT_FILTERS.map(({ name, maxLength }) => (
          <Form.Item key={name} name={name} label={t(`audit.${name}`)}>
            <Input
              data-testid={`audit-filter-${name}`}
              placeholder={
                name === 'actor' || name === 'action' ? t(`audit.${name}Hint`) : undefined
              }
              maxLength={maxLength}
              allowClear
            />
          </Form.Item>
        ))}
        <Form.Item name="result" label={t('audit.result')}>
          <Select
            data-testid="audit-filter-result"
            className="tx-audit-select"
            allowClear
            placeholder={t('audit.anyResult')}
            options={AUDIT_RESULTS.map((value) => ({ value, label: t(`audit.results.${value}`) }))}
          />
        </Form.Item>
        <Form.Item>
          <Space>
            <Button
              type="primary"
              htmlType="submit"
              icon={<SearchOutlined />}
              data-testid="audit-search"
            >
              {t('audit.search')}
            </Button>
            <Button
              onClick={() => {
                form.resetFields();
                setFilters({});
              }}
            >
              {t('audit.reset')}
            </Button>
          </Space>
        </Form.Item>
      </Form>
      {log.isError && <Alert type="error" showIcon title={errorMessage(t, log.error)} />}
      <div data-testid="audit-table">
        <Table<AuditRecord>
          rowKey="seq"
          size={isMobile ? 'small' : 'middle'}
          columns={columns}
          dataSource={items}
          loading={log.isFetching && !log.isFetchingNextPage}
          pagination={false}
          locale={{ emptyText: t('audit.empty') }}
          expandable={{
            expandedRowRender: (e) => (
              <div className="tx-audit-detail">
                <div>
                  {t('audit.seq')}: {e.seq} · {e.action} · UTC {e.at}
                </div>
                {e.actorId && (
                  <div>
                    {t('audit.actorId')}: {e.actorId}
                  </div>
                )}
                {e.details && <pre>{JSON.stringify(e.details, null, 2)}</pre>}
                <Typography.Text type="secondary" className="tx-audit-hash">
                  SM3 {e.hash}
                </Typography.Text>
              </div>
            ),
          }}
        />
      </div>
      {log.hasNextPage && (
        <div className="tx-audit-more">
          <Button
            data-testid="audit-more"
            loading={log.isFetchingNextPage}
            onClick={() => void log.fetchNextPage()}
          >
            {t('audit.more')}
          </Button>
        </div>
      )}
    </Card>
  );
}

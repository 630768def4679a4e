import { useState } from 'react';
import {
  Button,
  Card,
  Dropdown,
  Input,
  Select,
  Space,
  Table,
  Typography,
  type TableColumnsType,
} from 'antd';
import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { rosterExportUrl } from '../../api/members.ts';
import { RosterImport } from './RosterImport.tsx';
import { useTranslation } from 'react-i18next';
import {
  MEMBER_CONDITIONS,
  MEMBER_STATUSES,
  type Member,
  type MemberCondition,
  type MemberStatus,
  type Organisation,
} from '@tongxin/contract';
import { useIsMobile } from '../../app/use-is-mobile.ts';
import { errorMessage } from '../../i18n/error-message.ts';
import { MemberConditionTag, MemberStatusTag } from './member-tags.tsx';
import { MemberDrawer } from './MemberDrawer.tsx';
import { MemberForm } from './MemberForm.tsx';
import { useMemberListQuery } from './use-members.ts';
import './members.css';

const PAGE_SIZES = [10, 20, 50, 100];

export function MemberDirectory({ org }: { org: Organisation }) {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const [q, setQ] = useState('');
  const [status, setStatus] = useState<MemberStatus | undefined>();
  const [condition, setCondition] = useState<MemberCondition | undefined>();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [opened, setOpened] = useState<Member | null>(null);
  const [adding, setAdding] = useState(false);
  const [importing, setImporting] = useState(false);

  const list = useMemberListQuery(org.id, {
    ...(q ? { q } : {}),
    ...(status ? { status } : {}),
    ...(condition ? { condition } : {}),
    limit: pageSize,
    offset: (page - 1) * pageSize,
  });

  const columns: TableColumnsType<Member> = [
    {
      key: 'name',
      title: t('members.name'),
      render: (_, member) => (
        <Space size={4} wrap>
          <Button type="link" className="tx-member-name" onClick={() => setOpened(member)}>
            {member.name}
          </Button>
          {/* The phone layout has no condition column; an unusual condition still shows. */}
          {isMobile && member.condition !== 'normal' && (
            <MemberConditionTag condition={member.condition} />
          )}
        </Space>
      ),
    },
    {
      key: 'gender',
      title: t('members.gender'),
      render: (_, member) => t(`gender.${member.gender}`),
      responsive: ['lg'],
    },
    {
      key: 'status',
      title: t('members.status'),
      render: (_, member) => <MemberStatusTag status={member.status} />,
    },
    {
      key: 'condition',
      title: t('members.condition'),
      render: (_, member) => <MemberConditionTag condition={member.condition} />,
      responsive: ['md'],
    },
    {
      key: 'branch',
      title: t('members.branch'),
      render: (_, member) =>
        member.groupName ? `${member.branchName} / ${member.groupName}` : member.branchName,
      responsive: ['md'],
    },
    {
      key: 'phone',
      title: t('members.phone'),
      render: (_, member) => member.phoneMasked ?? '—',
      responsive: ['lg'],
    },
    {
      key: 'joined',
      title: t('members.joinedOn'),
      render: (_, member) => member.joinedOn ?? '—',
      responsive: ['lg'],
    },
    {
      key: 'unit',
      title: t('members.unit'),
      render: (_, member) => member.unit ?? '—',
      responsive: ['xl'],
    },
  ];

  return (
    <Card
      title={
        <div className="tx-members-title">
          <span>{t('members.title')}</span>
          <Typography.Text type="secondary" className="tx-members-scope">
            {t('members.scope', { org: org.name })}
          </Typography.Text>
        </div>
      }
      extra={
        <Space wrap>
          {list.data?.may.import && (
            <Button
              icon={<UploadOutlined />}
              data-testid="member-import"
              onClick={() => setImporting(true)}
            >
              {t('members.import')}
            </Button>
          )}
          {list.data && (
            <Dropdown
              menu={{
                items: [
                  {
                    key: 'masked',
                    label: (
                      <a href={rosterExportUrl(org.id, false)} download>
                        {t('members.exportMasked')}
                      </a>
                    ),
                  },
                  ...(list.data.may.exportClear
                    ? [
                        {
                          key: 'clear',
                          label: (
                            <a href={rosterExportUrl(org.id, true)} download>
                              {t('members.exportClear')}
                            </a>
                          ),
                        },
                      ]
                    : []),
                ],
              }}
            >
              <Button icon={<DownloadOutlined />} data-testid="member-export">
                {t('members.export')}
              </Button>
            </Dropdown>
          )}
          {list.data?.may.add && (
            <Button type="primary" data-testid="member-add" onClick={() => setAdding(true)}>
              {t('members.add')}
            </Button>
          )}
        </Space>
      }
    >
      <div className="tx-members-filters">
        <Input.Search
          data-testid="members-search"
          className="tx-members-search"
          placeholder={t('members.search')}
          aria-label={t('members.search')}
          allowClear
          maxLength={64}
          onSearch={(value) => {
            setQ(value.trim());
            setPage(1);
          }}
        />
        <Select<MemberStatus>
          data-testid="members-status"
          className="tx-members-select"
          placeholder={t('members.allStatuses')}
          aria-label={t('members.status')}
          allowClear
          value={status}
          onChange={(value) => {
            setStatus(value);
            setPage(1);
          }}
          options={MEMBER_STATUSES.map((value) => ({ value, label: t(`memberStatus.${value}`) }))}
        />
        <Select<MemberCondition>
          data-testid="members-condition"
          className="tx-members-select"
          placeholder={t('members.allConditions')}
          aria-label={t('members.condition')}
          allowClear
          value={condition}
          onChange={(value) => {
            setCondition(value);
            setPage(1);
          }}
          options={MEMBER_CONDITIONS.map((value) => ({
            value,
            label: t(`memberCondition.${value}`),
          }))}
        />
      </div>
      <div data-testid="members-table">
        <Table<Member>
          rowKey="id"
          size={isMobile ? 'small' : 'middle'}
          columns={columns}
          dataSource={list.data?.items ?? []}
          loading={list.isFetching}
          locale={{ emptyText: list.isError ? errorMessage(t, list.error) : t('members.empty') }}
          onRow={(member) => ({ onClick: () => setOpened(member), className: 'tx-clickable-row' })}
          pagination={{
            current: page,
            pageSize,
            total: list.data?.total ?? 0,
            showSizeChanger: !isMobile,
            pageSizeOptions: PAGE_SIZES,
            showTotal: (total) => t('common.total', { total }),
            simple: isMobile,
            onChange: (nextPage, nextSize) => {
              setPage(nextSize === pageSize ? nextPage : 1);
              setPageSize(nextSize);
            },
          }}
        />
      </div>
      <MemberDrawer member={opened} onClose={() => setOpened(null)} />
      {importing && <RosterImport org={org} open={importing} onClose={() => setImporting(false)} />}
      {adding && (
        <MemberForm
          branchId={org.id}
          member={null}
          open={adding}
          onClose={() => setAdding(false)}
        />
      )}
    </Card>
  );
}

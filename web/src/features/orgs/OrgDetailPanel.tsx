import { useState } from 'react';
import {
  Breadcrumb,
  Button,
  Card,
  Descriptions,
  Result,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { PlusOutlined, TeamOutlined } from '@ant-design/icons';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { POSTS, type OrgPost, type Organisation } from '@tongxin/contract';
import { useCurrentOrg } from '../../app/current-org.tsx';
import { errorMessage } from '../../i18n/error-message.ts';
import { canManageOrgs, canSeeMembers } from '../auth/roles.ts';
import { useSignedInUser } from '../auth/signed-in-user.ts';
import { CreateOrgModal } from './CreateOrgModal.tsx';
import { electionState, todayIso } from './election.ts';
import { OrgKindTag } from './OrgKindTag.tsx';
import { CHILD_KINDS } from '@tongxin/contract';
import { useOrgDetailQuery } from './use-orgs.ts';

export function OrgDetailPanel({ id }: { id: string }) {
  const { t } = useTranslation();
  const me = useSignedInUser();
  const navigate = useNavigate();
  const { choose } = useCurrentOrg();
  const detail = useOrgDetailQuery(id);
  const [creating, setCreating] = useState(false);
  const [today] = useState(() => todayIso());

  if (detail.isError) {
    return (
      <Card>
        <Result
          status="warning"
          title={errorMessage(t, detail.error)}
          extra={<Button onClick={() => void detail.refetch()}>{t('common.retry')}</Button>}
        />
      </Card>
    );
  }
  if (!detail.data) return <Card loading />;

  const { organisation: org, path, posts } = detail.data;
  const canCreate = canManageOrgs(me) && CHILD_KINDS[org.kind].length > 0;
  const election = electionState(org.nextElectionOn, today);
  const sortedPosts = [...posts].sort((a, b) => POSTS.indexOf(a.post) - POSTS.indexOf(b.post));

  return (
    <Card
      data-testid="org-detail"
      title={
        <Space orientation="vertical" size={4} className="tx-org-title">
          <Breadcrumb
            items={path.map((step, index) => ({
              key: step.id,
              title:
                index < path.length - 1 ? (
                  <Link to={`/orgs/${step.id}`}>{step.name}</Link>
                ) : (
                  step.name
                ),
            }))}
          />
          <Typography.Title level={4} className="tx-org-name">
            {org.name}
          </Typography.Title>
        </Space>
      }
    >
      <Space wrap className="tx-org-actions">
        {canSeeMembers(me) && (
          <Button
            icon={<TeamOutlined />}
            onClick={() => {
              choose(org.id);
              void navigate('/members');
            }}
          >
            {t('orgs.viewMembers')}
          </Button>
        )}
        {canCreate && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            data-testid="org-create"
            onClick={() => setCreating(true)}
          >
            {t('orgs.createChild')}
          </Button>
        )}
      </Space>
      <Descriptions
        bordered
        size="small"
        column={{ xs: 1, sm: 2 }}
        items={[
          { key: 'kind', label: t('orgs.kind'), children: <OrgKindTag kind={org.kind} /> },
          { key: 'members', label: t('orgs.members'), children: org.memberCount },
          {
            key: 'term',
            label: t('orgs.termStartedOn'),
            children: org.termStartedOn ?? t('common.notSet'),
          },
          {
            key: 'election',
            label: t('orgs.nextElectionOn'),
            children: (
              <Space size={4} wrap>
                {org.nextElectionOn ?? t('common.notSet')}
                {election === 'due' && <Tag color="error">{t('orgs.electionDue')}</Tag>}
                {election === 'soon' && <Tag color="warning">{t('orgs.electionSoon')}</Tag>}
              </Space>
            ),
          },
        ]}
      />
      <Typography.Title level={5} className="tx-org-posts-title">
        {t('orgs.posts')}
      </Typography.Title>
      <Table<OrgPost>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={sortedPosts}
        locale={{ emptyText: t('orgs.postsEmpty') }}
        columns={[
          { key: 'post', title: t('orgs.post'), render: (_, post) => t(`posts.${post.post}`) },
          { key: 'name', title: t('orgs.memberName'), dataIndex: 'memberName' },
          { key: 'since', title: t('orgs.postSince'), dataIndex: 'termStartedOn' },
        ]}
      />
      {canCreate && (
        <CreateOrgModal
          parent={org}
          open={creating}
          onClose={() => setCreating(false)}
          onCreated={(created: Organisation) => {
            setCreating(false);
            void navigate(`/orgs/${created.id}`);
          }}
        />
      )}
    </Card>
  );
}

import { useState } from 'react';
import {
  Alert,
  Breadcrumb,
  Button,
  Card,
  Descriptions,
  List,
  Result,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import {
  CalendarOutlined,
  DeleteOutlined,
  DragOutlined,
  EditOutlined,
  PlusOutlined,
  TeamOutlined,
  UserAddOutlined,
} from '@ant-design/icons';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { CHILD_KINDS, POSTS, type OrgPost, type Organisation } from '@tongxin/contract';
import { useCurrentOrg } from '../../app/current-org.tsx';
import { errorMessage } from '../../i18n/error-message.ts';
import { canCreateUnder, canSeeMembers } from '../auth/roles.ts';
import { useSignedInUser } from '../auth/signed-in-user.ts';
import { useMyRolesQuery } from '../auth/use-my-roles.ts';
import { CreateOrgModal } from './CreateOrgModal.tsx';
import { DissolveOrgModal } from './DissolveOrgModal.tsx';
import { ElectionTag } from './ElectionTag.tsx';
import { todayIso } from './election.ts';
import { MoveOrgModal } from './MoveOrgModal.tsx';
import { OrgHistoryTimeline } from './OrgHistoryTimeline.tsx';
import { OrgKindTag } from './OrgKindTag.tsx';
import { AssignPostModal, EndPostModal } from './PostModals.tsx';
import { RenameOrgModal } from './RenameOrgModal.tsx';
import { TermModal } from './TermModal.tsx';
import { useOrgDetailQuery } from './use-orgs.ts';

type Dialog = 'create' | 'rename' | 'move' | 'term' | 'dissolve' | 'assign' | null;

export function OrgDetailPanel({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const me = useSignedInUser();
  const navigate = useNavigate();
  const { choose } = useCurrentOrg();
  const detail = useOrgDetailQuery(id);
  const roles = useMyRolesQuery();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [ending, setEnding] = useState<OrgPost | null>(null);
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

  const { organisation: org, path, posts, canManage, dissolved, history } = detail.data;
  const live = dissolved === null;
  const canCreate = live && canCreateUnder(roles.data, org.id) && CHILD_KINDS[org.kind].length > 0;
  const isRoot = org.parentId === null;
  const sortedPosts = [...posts].sort((a, b) => POSTS.indexOf(a.post) - POSTS.indexOf(b.post));
  const close = () => setDialog(null);
  const dateOf = (iso: string) => new Date(iso).toLocaleDateString(i18n.language);

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
            {org.name} {!live && <Tag color="default">{t('orgs.dissolvedTag')}</Tag>}
          </Typography.Title>
        </Space>
      }
    >
      {dissolved && (
        <Alert
          className="tx-form-alert"
          type="info"
          showIcon
          data-testid="org-dissolved"
          title={t('orgs.dissolvedOn', { date: dateOf(dissolved.at), reason: dissolved.reason })}
        />
      )}
      <Space wrap className="tx-org-actions">
        {live && canSeeMembers(me) && (
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
            onClick={() => setDialog('create')}
          >
            {t('orgs.createChild')}
          </Button>
        )}
        {canManage && (
          <>
            <Button
              icon={<EditOutlined />}
              data-testid="org-rename-open"
              onClick={() => setDialog('rename')}
            >
              {t('orgs.rename')}
            </Button>
            {!isRoot && (
              <Button
                icon={<DragOutlined />}
                data-testid="org-move-open"
                onClick={() => setDialog('move')}
              >
                {t('orgs.move')}
              </Button>
            )}
            {org.kind !== 'group' && (
              <Button
                icon={<CalendarOutlined />}
                data-testid="org-term-open"
                onClick={() => setDialog('term')}
              >
                {t('orgs.newTerm')}
              </Button>
            )}
            <Button
              icon={<UserAddOutlined />}
              data-testid="post-assign-open"
              onClick={() => setDialog('assign')}
            >
              {t('orgs.assign')}
            </Button>
            {!isRoot && (
              <Button
                danger
                icon={<DeleteOutlined />}
                data-testid="org-dissolve-open"
                onClick={() => setDialog('dissolve')}
              >
                {t('orgs.dissolve')}
              </Button>
            )}
          </>
        )}
      </Space>
      <Descriptions
        bordered
        size="small"
        column={{ xs: 1, sm: 2 }}
        items={[
          { key: 'kind', label: t('orgs.kind'), children: <OrgKindTag kind={org.kind} /> },
          { key: 'members', label: t('orgs.members'), children: org.memberCount },
          ...(org.kind === 'group'
            ? []
            : [
                {
                  key: 'term',
                  label: t('orgs.termStartedOn'),
                  children: org.termStartedOn
                    ? `${org.termStartedOn}（${t('orgs.years', { count: detail.data.termYears })}）`
                    : t('common.notSet'),
                },
                {
                  key: 'election',
                  label: t('orgs.nextElectionOn'),
                  children: (
                    <Space size={4} wrap>
                      {org.nextElectionOn ?? t('common.notSet')}
                      {live && <ElectionTag nextElectionOn={org.nextElectionOn} today={today} />}
                    </Space>
                  ),
                },
              ]),
        ]}
      />
      <Typography.Title level={5} className="tx-org-posts-title">
        {org.kind === 'group' ? t('orgs.groupLeader') : t('orgs.posts')}
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
          ...(canManage
            ? [
                {
                  key: 'end',
                  title: '',
                  render: (_: unknown, post: OrgPost) => (
                    <Button size="small" type="link" onClick={() => setEnding(post)}>
                      {t('orgs.endPost')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      {detail.data.dissolvedChildren.length > 0 && (
        <>
          <Typography.Title level={5} className="tx-org-posts-title">
            {t('orgs.dissolvedChildren')}
          </Typography.Title>
          <List
            size="small"
            dataSource={detail.data.dissolvedChildren}
            renderItem={(child) => (
              <List.Item key={child.id}>
                <Link to={`/orgs/${child.id}`}>{child.name}</Link>
                <Typography.Text type="secondary">
                  {t('orgs.dissolvedAt', { date: dateOf(child.dissolvedAt) })}
                </Typography.Text>
              </List.Item>
            )}
          />
        </>
      )}
      <Typography.Title level={5} className="tx-org-posts-title">
        {t('orgs.history')}
      </Typography.Title>
      <OrgHistoryTimeline history={history} />
      {canCreate && (
        <CreateOrgModal
          parent={org}
          open={dialog === 'create'}
          onClose={close}
          onCreated={(created: Organisation) => {
            close();
            void navigate(`/orgs/${created.id}`);
          }}
        />
      )}
      {canManage && (
        <>
          <RenameOrgModal org={org} open={dialog === 'rename'} onClose={close} />
          <MoveOrgModal org={org} open={dialog === 'move'} onClose={close} />
          <TermModal
            org={org}
            termYears={detail.data.termYears}
            open={dialog === 'term'}
            onClose={close}
          />
          <AssignPostModal org={org} open={dialog === 'assign'} onClose={close} />
          <EndPostModal org={org} post={ending} onClose={() => setEnding(null)} />
          <DissolveOrgModal
            org={org}
            open={dialog === 'dissolve'}
            onClose={close}
            onDissolved={() => {
              close();
              void navigate(org.parentId ? `/orgs/${org.parentId}` : '/orgs');
            }}
          />
        </>
      )}
    </Card>
  );
}

import { useState } from 'react';
import { Card, Col, Descriptions, Row, Space, Statistic, Tag, Typography } from 'antd';
import { ApartmentOutlined, TeamOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ORG_KINDS } from '@tongxin/contract';
import { useCurrentOrg } from '../../app/current-org.tsx';
import { canSeeMembers, displayedRoles, roleOf } from '../auth/roles.ts';
import { useMyRolesQuery } from '../auth/use-my-roles.ts';
import { useSignedInUser } from '../auth/signed-in-user.ts';
import { useMemberListQuery } from '../members/use-members.ts';
import { countByKind } from '../orgs/org-tree.ts';
import { greetingFor } from './greeting.ts';
import './home.css';

export function HomePage() {
  const { t } = useTranslation();
  const me = useSignedInUser();
  const { orgs, current, loading } = useCurrentOrg();
  const [greeting] = useState(() => greetingFor(new Date().getHours()));
  const showMembers = canSeeMembers(me);
  // limit=1: only the total is wanted, not the records.
  const memberTotal = useMemberListQuery(showMembers ? current?.id : undefined, { limit: 1 });
  const counts = countByKind(orgs);
  const myRoles = useMyRolesQuery();
  // Administrators show their 三员 role; members their posts ("研发中心党支部 书记") or branch.
  const partyRoles = me.adminRole ? [] : displayedRoles(myRoles.data?.roles ?? []);

  return (
    <Space orientation="vertical" size="middle" className="tx-home">
      <Card>
        <Typography.Title level={3} className="tx-home-greeting">
          {t('home.greeting', { greeting: t(`home.${greeting}`), name: me.displayName })}
        </Typography.Title>
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 2 }}
          items={[
            {
              key: 'role',
              label: t('home.role'),
              children: (
                <Space size={[4, 4]} wrap data-testid="home-roles">
                  {partyRoles.length === 0 ? (
                    <Tag color="red">{t(`roles.${roleOf(me)}`)}</Tag>
                  ) : (
                    partyRoles.map((r) => (
                      <Tag key={`${r.orgId}-${r.post ?? 'member'}`} color="red">
                        {r.orgName} {r.post ? t(`posts.${r.post}`) : t('roles.member')}
                      </Tag>
                    ))
                  )}
                </Space>
              ),
            },
            {
              key: 'org',
              label: t('home.currentOrg'),
              children: current ? current.name : t('home.noOrg'),
            },
          ]}
        />
      </Card>
      <Row gutter={[16, 16]}>
        {showMembers && current && (
          <Col xs={24} md={8}>
            <Card loading={memberTotal.isPending}>
              <Statistic
                title={t('home.memberCount')}
                value={memberTotal.data?.total ?? '—'}
                prefix={<TeamOutlined />}
              />
              <Typography.Text type="secondary">
                {current.name} · {t('home.memberCountHint')}
              </Typography.Text>
            </Card>
          </Col>
        )}
        <Col xs={24} md={showMembers && current ? 16 : 24}>
          <Card title={t('home.orgStats')} loading={loading}>
            <Row gutter={[16, 16]}>
              <Col xs={12} sm={8} lg={4}>
                <Statistic
                  title={t('home.orgCount')}
                  value={orgs.length}
                  prefix={<ApartmentOutlined />}
                />
              </Col>
              {ORG_KINDS.map((kind) => (
                <Col key={kind} xs={12} sm={8} lg={4}>
                  <Statistic title={t(`orgKinds.${kind}`)} value={counts[kind]} />
                </Col>
              ))}
            </Row>
          </Card>
        </Col>
      </Row>
    </Space>
  );
}

import { useRef } from 'react';
import { Card, Col, Empty, Row } from 'antd';
import { useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useCurrentOrg } from '../../app/current-org.tsx';
import { useIsMobile } from '../../app/use-is-mobile.ts';
import { OrgDetailPanel } from './OrgDetailPanel.tsx';
import { OrgTree } from './OrgTree.tsx';
import './orgs.css';

export function OrgsPage() {
  const { t } = useTranslation();
  const { orgId } = useParams();
  const navigate = useNavigate();
  const isMobile = useIsMobile();
  const { orgs, current, loading } = useCurrentOrg();
  const detailRef = useRef<HTMLDivElement>(null);
  const selectedId = orgId ?? current?.id;

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} md={10} xl={8}>
        <Card title={t('orgs.tree')} loading={loading} className="tx-org-tree-card">
          <div data-testid="org-tree">
            {orgs.length === 0 ? (
              <Empty description={t('orgs.empty')} />
            ) : (
              <OrgTree
                orgs={orgs}
                selectedId={selectedId}
                onSelect={(id) => {
                  void navigate(`/orgs/${id}`);
                  // On a phone the details sit below the tree, out of sight.
                  if (isMobile) detailRef.current?.scrollIntoView({ behavior: 'smooth' });
                }}
              />
            )}
          </div>
        </Card>
      </Col>
      <Col xs={24} md={14} xl={16} ref={detailRef}>
        {selectedId ? (
          <OrgDetailPanel key={selectedId} id={selectedId} />
        ) : (
          !loading && (
            <Card>
              <Empty description={t('orgs.selectHint')} />
            </Card>
          )
        )}
      </Col>
    </Row>
  );
}

import { useState } from 'react';
import { Alert, Badge, Button, Dropdown, Empty, Spin } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { SPACE_KINDS, type SpaceKind, type SpaceSummary } from '@tongxin/contract';
import { useMyRolesQuery } from '../auth/use-my-roles.ts';
import { errorMessage } from './errors.ts';
import { PaneHeader } from './ExchangeLayout.tsx';
import { NewDmModal, NewSpaceModal, officerOrgIds } from './NewSpaceModals.tsx';
import { useSpaces } from './use-exchange.ts';

const KIND_ORDER: readonly SpaceKind[] = SPACE_KINDS;

/** Spaces grouped by kind (组织, 学习小组, 跨支部, 公告, 私信), each with its unread badge. */
export function SpacesPane({ spaceId }: { spaceId: string | undefined }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const spaces = useSpaces();
  const roles = useMyRolesQuery();
  const [creating, setCreating] = useState<'dm' | 'space' | null>(null);
  const isOfficer = officerOrgIds(roles.data).length > 0;

  const groups = KIND_ORDER.map((kind) => ({
    kind,
    items: (spaces.data?.items ?? []).filter((s) => s.kind === kind),
  })).filter((g) => g.items.length > 0);

  return (
    <>
      <PaneHeader
        title={t('exchange.spaces')}
        extra={
          <Dropdown
            trigger={['click']}
            menu={{
              items: [
                {
                  key: 'dm',
                  label: <span data-testid="exchange-new-dm">{t('exchange.newDirect')}</span>,
                },
                ...(isOfficer
                  ? [
                      {
                        key: 'space',
                        label: (
                          <span data-testid="exchange-new-space">{t('exchange.newSpace')}</span>
                        ),
                      },
                    ]
                  : []),
              ],
              onClick: ({ key }) => setCreating(key === 'dm' ? 'dm' : 'space'),
            }}
          >
            <Button
              type="text"
              icon={<PlusOutlined />}
              aria-label={t('exchange.newDirect')}
              data-testid="exchange-spaces-add"
            />
          </Dropdown>
        }
      />
      <div className="tx-exchange-pane-body">
        {spaces.isPending ? (
          <div className="tx-exchange-empty">
            <Spin />
          </div>
        ) : spaces.isError ? (
          <Alert type="error" showIcon title={errorMessage(t, spaces.error)} />
        ) : groups.length === 0 ? (
          <Empty className="tx-exchange-empty" description={t('exchange.noSpaces')} />
        ) : (
          groups.map((group) => (
            <div
              key={group.kind}
              className="tx-space-group"
              data-testid={`space-group-${group.kind}`}
            >
              <div className="tx-space-group-title">{t(`exchange.kinds.${group.kind}`)}</div>
              {group.items.map((space) => (
                <SpaceRow
                  key={space.id}
                  space={space}
                  active={space.id === spaceId}
                  onOpen={() => void navigate(`/exchange/${space.id}`)}
                />
              ))}
            </div>
          ))
        )}
      </div>
      {creating === 'dm' && (
        <NewDmModal
          onClose={() => setCreating(null)}
          onOpened={(id) => {
            setCreating(null);
            void navigate(`/exchange/${id}`);
          }}
        />
      )}
      {creating === 'space' && (
        <NewSpaceModal
          onClose={() => setCreating(null)}
          onCreated={(id) => {
            setCreating(null);
            void navigate(`/exchange/${id}`);
          }}
        />
      )}
    </>
  );
}

function SpaceRow({
  space,
  active,
  onOpen,
}: {
  space: SpaceSummary;
  active: boolean;
  onOpen: () => void;
}) {
  const { t } = useTranslation();
  return (
    <button
      type="button"
      className={`tx-space-row${active ? ' tx-space-row-active' : ''}`}
      data-testid="space-row"
      data-space-id={space.id}
      data-space-kind={space.kind}
      data-unread={space.unread}
      aria-current={active ? 'true' : undefined}
      onClick={onOpen}
    >
      <span className="tx-space-row-name">{space.name}</span>
      {space.unreadMentions > 0 && <span className="tx-space-row-mention">@</span>}
      <Badge
        count={space.unread}
        overflowCount={99}
        title={t('exchange.unread', { count: space.unread })}
      />
    </button>
  );
}

import { useState } from 'react';
import { Badge, Button, Drawer, Popover } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useIsMobile } from '../../app/use-is-mobile.ts';
import { NotificationList } from './NotificationList.tsx';
import { useUnreadCount } from './use-notifications.ts';
import './notifications.css';

/** The header's bell: unread badge; a popover on desktop, a full-width drawer on a phone. */
export function NotificationBell() {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const [open, setOpen] = useState(false);
  const unread = useUnreadCount().data?.unread ?? 0;
  const close = () => setOpen(false);

  const trigger = (
    <Button
      type="text"
      className="tx-header-button"
      aria-label={t('notifications.bell')}
      data-testid="notification-bell"
      onClick={isMobile ? () => setOpen(true) : undefined}
      icon={
        <span data-testid="notification-badge" data-unread={unread}>
          <Badge count={unread} size="small" overflowCount={99}>
            <BellOutlined className="tx-bell-icon" />
          </Badge>
        </span>
      }
    />
  );

  if (isMobile) {
    return (
      <>
        {trigger}
        <Drawer
          placement="right"
          size="100%"
          open={open}
          onClose={close}
          title={t('notifications.title')}
          styles={{ body: { padding: 8 } }}
        >
          {open && <NotificationList onNavigate={close} />}
        </Drawer>
      </>
    );
  }
  return (
    <Popover
      trigger="click"
      placement="bottomRight"
      open={open}
      onOpenChange={setOpen}
      title={t('notifications.title')}
      content={open ? <NotificationList onNavigate={close} /> : null}
    >
      {trigger}
    </Popover>
  );
}

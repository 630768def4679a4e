import { useState } from 'react';
import {
  Badge,
  Button,
  Calendar,
  Card,
  DatePicker,
  Empty,
  List,
  Segmented,
  Select,
  Space,
  Switch,
  Typography,
} from 'antd';
import { CalendarOutlined, PlusOutlined, UnorderedListOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import {
  ACTIVITY_STATUSES,
  ACTIVITY_TYPES,
  type ActivityStatus,
  type ActivitySummary,
  type ActivityType,
} from '@tongxin/contract';
import { useCurrentOrg } from '../../app/current-org.tsx';
import { useInvalidateOnEvent } from '../../app/realtime.tsx';
import { useIsMobile } from '../../app/use-is-mobile.ts';
import { SummaryTags } from './ActivityMeta.tsx';
import { formatSpan, shanghaiDate, shanghaiDayRange, shanghaiTime } from './activity-time.ts';
import {
  ACTIVITIES_KEY,
  useActivityCalendar,
  useActivityList,
  useActivityTargets,
} from './use-activities.ts';
import './activities.css';

type View = 'list' | 'calendar';
const PAGE = 20;

interface Filters {
  orgId: string | undefined;
  includeSubtree: boolean;
  type: ActivityType | undefined;
  status: ActivityStatus | undefined;
}

/** 组织生活: the activities of an organisation (and below), as a filtered list or a month. */
export function ActivitiesPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const targets = useActivityTargets();
  // activity.changed reaches every account that may see it: refetch what is on screen.
  useInvalidateOnEvent('activity.', [ACTIVITIES_KEY]);
  const { current, ordered } = useCurrentOrg();
  const [view, setView] = useState<View>('list');
  // Starts at the organisation chosen in the header; "all" is every organisation one sees.
  const [filters, setFilters] = useState<Filters>({
    orgId: current?.id,
    includeSubtree: true,
    type: undefined,
    status: undefined,
  });
  const set = (patch: Partial<Filters>) => setFilters((f) => ({ ...f, ...patch }));

  return (
    <Card
      className="tx-activities"
      title={
        <Space>
          <CalendarOutlined />
          {t('activities.title')}
        </Space>
      }
      extra={
        (targets.data?.length ?? 0) > 0 && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            data-testid="activity-new"
            onClick={() => void navigate('/activities/new')}
          >
            {t('activities.new')}
          </Button>
        )
      }
    >
      <div className="tx-activity-filters">
        <Select
          className="tx-activity-filter-org"
          showSearch
          optionFilterProp="label"
          value={filters.orgId ?? ''}
          data-testid="activity-filter-org"
          onChange={(value: string) => set({ orgId: value || undefined })}
          options={[
            { value: '', label: t('activities.filters.allOrgs') },
            ...ordered.map((node) => ({
              value: node.org.id,
              label: `${'\u3000'.repeat(node.depth)}${node.org.name}`,
            })),
          ]}
        />
        <Space size={6}>
          <Switch
            size="small"
            checked={filters.includeSubtree}
            disabled={filters.orgId === undefined}
            onChange={(includeSubtree) => set({ includeSubtree })}
            data-testid="activity-filter-subtree"
          />
          <span>{t('activities.filters.includeSubtree')}</span>
        </Space>
        <Select
          allowClear
          className="tx-activity-filter"
          placeholder={t('activities.filters.type')}
          value={filters.type}
          onChange={(type?: ActivityType) => set({ type })}
          options={ACTIVITY_TYPES.map((type) => ({
            value: type,
            label: t(`activities.types.${type}`),
          }))}
        />
        {view === 'list' && (
          <Select
            allowClear
            className="tx-activity-filter"
            placeholder={t('activities.filters.status')}
            value={filters.status}
            onChange={(status?: ActivityStatus) => set({ status })}
            options={ACTIVITY_STATUSES.map((status) => ({
              value: status,
              label: t(`activities.statuses.${status}`),
            }))}
          />
        )}
        <Segmented<View>
          value={view}
          onChange={setView}
          options={[
            { value: 'list', icon: <UnorderedListOutlined />, label: t('activities.listView') },
            { value: 'calendar', icon: <CalendarOutlined />, label: t('activities.calendarView') },
          ]}
        />
      </div>
      {view === 'list' ? <ActivityList filters={filters} /> : <ActivityMonth filters={filters} />}
    </Card>
  );
}

function ActivityList({ filters }: { filters: Filters }) {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const [days, setDays] = useState<[Dayjs, Dayjs] | null>(null);
  const range = days
    ? shanghaiDayRange(days[0].format('YYYY-MM-DD'), days[1].format('YYYY-MM-DD'))
    : null;
  const list = useActivityList({
    ...(filters.orgId ? { orgId: filters.orgId, includeSubtree: filters.includeSubtree } : {}),
    ...(filters.type ? { type: filters.type } : {}),
    ...(filters.status ? { status: filters.status } : {}),
    ...(range ?? {}),
    limit: PAGE,
    offset: (page - 1) * PAGE,
  });
  return (
    <>
      <DatePicker.RangePicker
        className="tx-activity-range"
        value={days}
        allowEmpty={[false, false]}
        placeholder={[t('activities.filters.from'), t('activities.filters.to')]}
        onChange={(value) => {
          setDays(value && value[0] && value[1] ? [value[0], value[1]] : null);
          setPage(1);
        }}
      />
      <List
        loading={list.isPending}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: <Empty description={t('activities.empty')} /> }}
        pagination={
          (list.data?.total ?? 0) > PAGE
            ? {
                current: page,
                pageSize: PAGE,
                total: list.data?.total ?? 0,
                onChange: setPage,
                size: 'small',
              }
            : false
        }
        renderItem={(activity) => <ActivityLine key={activity.id} activity={activity} />}
      />
    </>
  );
}

function ActivityLine({ activity }: { activity: ActivitySummary }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const orgs = [activity.orgName, ...activity.partnerOrgs.map((o) => o.name)].join('、');
  return (
    <List.Item
      className="tx-activity-item"
      data-testid="activity-item"
      onClick={() => void navigate(`/activities/${activity.id}`)}
    >
      <List.Item.Meta
        title={
          <Space size={6} wrap>
            <Typography.Text strong>{activity.title}</Typography.Text>
            <SummaryTags activity={activity} />
          </Space>
        }
        description={
          <div className="tx-muted">
            <div>
              {formatSpan(activity.startsAt, activity.endsAt)} · {activity.place}
            </div>
            <div>
              {orgs}
              {activity.status !== 'draft' &&
                ` · ${t('activities.countsLine', {
                  present: activity.counts.present,
                  expected: activity.counts.expected,
                  leave: activity.counts.leave,
                })}`}
            </div>
          </div>
        }
      />
    </List.Item>
  );
}

/** A month: on a desktop the activities sit in the day cells; on a phone, under the grid. */
function ActivityMonth({ filters }: { filters: Filters }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const phone = useIsMobile();
  // Today as it is in Beijing, whatever the device's zone.
  const [day, setDay] = useState<Dayjs>(() => dayjs(shanghaiDate(new Date().toISOString())));
  const month = day.format('YYYY-MM');
  const calendar = useActivityCalendar({
    month,
    ...(filters.orgId ? { orgId: filters.orgId, includeSubtree: filters.includeSubtree } : {}),
    ...(filters.type ? { type: filters.type } : {}),
  });
  const byDay = new Map<string, ActivitySummary[]>();
  for (const item of calendar.data?.items ?? []) {
    const key = shanghaiDate(item.startsAt);
    byDay.set(key, [...(byDay.get(key) ?? []), item]);
  }
  const chosen = byDay.get(day.format('YYYY-MM-DD')) ?? [];

  return (
    <div data-testid="activity-calendar">
      <Calendar
        fullscreen={!phone}
        value={day}
        onChange={setDay}
        cellRender={(date, info) => {
          if (info.type !== 'date') return info.originNode;
          const items = byDay.get(date.format('YYYY-MM-DD')) ?? [];
          if (items.length === 0) return null;
          if (phone) return <Badge className="tx-activity-dot" count={items.length} size="small" />;
          return (
            <ul className="tx-activity-cell">
              {items.map((item) => (
                <li key={item.id}>
                  <Button
                    type="link"
                    size="small"
                    className="tx-activity-cell-link"
                    data-testid="calendar-item"
                    onClick={(e) => {
                      e.stopPropagation();
                      void navigate(`/activities/${item.id}`);
                    }}
                  >
                    <Badge status={item.status === 'finalised' ? 'success' : 'processing'} />
                    {shanghaiTime(item.startsAt)} {item.title}
                  </Button>
                </li>
              ))}
            </ul>
          );
        }}
      />
      {phone && (
        <List
          header={<Typography.Text strong>{day.format('YYYY-MM-DD')}</Typography.Text>}
          dataSource={chosen}
          locale={{ emptyText: <Empty description={t('activities.emptyDay')} /> }}
          renderItem={(activity) => <ActivityLine key={activity.id} activity={activity} />}
        />
      )}
    </div>
  );
}

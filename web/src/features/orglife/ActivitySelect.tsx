import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatTime } from './OrgLifeMeta.tsx';
import { useOrgLifeActivities } from './use-orglife.ts';

/**
 * Picks the branch's 组织生活会 activity the cycle was held as (or none). A controlled field:
 * Form.Item passes value and onChange.
 */
export function ActivitySelect({
  orgId,
  value,
  onChange,
}: {
  orgId: string | undefined;
  value?: string | null;
  onChange?: (value: string | null) => void;
}) {
  const { t } = useTranslation();
  const activities = useOrgLifeActivities(orgId);
  return (
    <Select<string | null>
      value={value ?? null}
      onChange={(v) => onChange?.(v ?? null)}
      allowClear
      loading={activities.isPending && orgId !== undefined}
      placeholder={t('orglife.fields.activityNone')}
      notFoundContent={t('orglife.fields.activityEmpty')}
      options={(activities.data?.items ?? []).map((a) => ({
        value: a.id,
        label: `${a.title}（${formatTime(a.startsAt)}）`,
      }))}
    />
  );
}

/** The linked activity as its title and time, or its id while unknown. */
export function ActivityName({ orgId, activityId }: { orgId: string; activityId: string }) {
  const activities = useOrgLifeActivities(orgId);
  const found = activities.data?.items.find((a) => a.id === activityId);
  return <span>{found ? `${found.title}（${formatTime(found.startsAt)}）` : activityId}</span>;
}

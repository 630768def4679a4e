import type { ActivityType, MakeupMethod } from '@tongxin/contract';

/** The names the party uses, for what the server writes itself: notices, topics, Word minutes. */
export const TYPE_NAMES: Record<ActivityType, string> = {
  branch_general_meeting: '支部党员大会',
  committee_meeting: '支部委员会',
  group_meeting: '党小组会',
  party_lecture: '党课',
  themed_day: '主题党日',
  org_life_meeting: '组织生活会',
  democratic_evaluation: '民主评议党员',
  study_group: '学习小组研讨',
  joint_activity: '联学联建',
};

export const MAKEUP_NAMES: Record<MakeupMethod, string> = {
  self_study: '自学',
  recording: '观看录像',
  talk: '个别谈话',
  online: '线上学习',
  other: '其他',
};

const SHANGHAI = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: 'long',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});
const SHANGHAI_TIME = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

/** 2026年3月5日 14:30—16:00 (Asia/Shanghai), as notices and minutes show a time. */
export function timeRange(startsAt: Date, endsAt: Date): string {
  const sameDay = SHANGHAI.format(startsAt).split(' ')[0] === SHANGHAI.format(endsAt).split(' ')[0];
  return `${SHANGHAI.format(startsAt)}—${sameDay ? SHANGHAI_TIME.format(endsAt) : SHANGHAI.format(endsAt)}`;
}

/**
 * The domain dictionary: party-building terms the general-purpose segmenter splits apart
 * (组织生活会 → 组织 / 生活 / 会). Segmented output is merged back into these words, longest
 * match first, so they are whole words for ranking. Matching never depends on this list (the
 * character n-grams find every substring); it only decides what counts as a whole word.
 */
export const DOMAIN_TERMS: readonly string[] = [
  '三会一课',
  '组织生活会',
  '主题党日',
  '谈心谈话',
  '批评与自我批评',
  '党支部书记',
  '支部书记',
  '民主评议',
  '民主评议党员',
  '联学联建',
  '两学一做',
  '不忘初心',
  '牢记使命',
  '不忘初心牢记使命',
  '支部党员大会',
  '党员大会',
  '支部委员会',
  '党小组会',
  '党小组',
  '党课',
  '党支部',
  '党总支',
  '基层党委',
  '联合党支部',
  '党委书记',
  '副书记',
  '组织委员',
  '宣传委员',
  '纪检委员',
  '入党申请人',
  '入党申请书',
  '入党积极分子',
  '发展对象',
  '预备党员',
  '正式党员',
  '流动党员',
  '延长预备期',
  '组织关系',
  '组织关系转接',
  '党费',
  '党费收缴',
  '党建',
  '党建工作',
  '党建档案',
  '党性',
  '党性修养',
  '党风廉政',
  '党风廉政建设',
  '换届选举',
  '换届',
  '整改措施',
  '整改清单',
  '整改落实',
  '问题清单',
  '对照检查',
  '对照检查材料',
  '专题学习',
  '理论学习',
  '学习强国',
  '补学',
  '请假',
  '签到',
  '学习心得',
  '心得体会',
  '主题教育',
  '党史学习教育',
  '红色教育',
  '志愿服务',
  '先锋模范',
  '先锋模范作用',
  '为民服务',
  '我为群众办实事',
  '学习小组',
  '线上交流',
  '通知公告',
  '确认收到',
  '学时',
  '党员教育',
  '党员教育管理',
  '优秀',
  '合格',
  '基本合格',
  '不合格',
];

/** Terms by first character, longest first: the longest-match scan looks up one bucket. */
export function dictionaryIndex(terms: readonly string[]): Map<string, string[]> {
  const byFirst = new Map<string, string[]>();
  for (const raw of terms) {
    const term = raw.normalize('NFKC').toLowerCase();
    const first = [...term][0];
    if (!first) continue;
    const bucket = byFirst.get(first) ?? [];
    if (!bucket.includes(term)) bucket.push(term);
    byFirst.set(first, bucket);
  }
  for (const bucket of byFirst.values()) bucket.sort((a, b) => [...b].length - [...a].length);
  return byFirst;
}

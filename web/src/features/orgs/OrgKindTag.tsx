import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { OrgKind } from '@tongxin/contract';

const COLORS: Record<OrgKind, string> = {
  committee: 'red',
  general_branch: 'volcano',
  branch: 'orange',
  joint_branch: 'gold',
  group: 'blue',
};

export function OrgKindTag({ kind }: { kind: OrgKind }) {
  const { t } = useTranslation();
  return (
    <Tag color={COLORS[kind]} variant="outlined">
      {t(`orgKinds.${kind}`)}
    </Tag>
  );
}

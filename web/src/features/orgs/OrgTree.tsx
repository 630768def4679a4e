import { useMemo, useState } from 'react';
import { Tree, type TreeDataNode } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Organisation } from '@tongxin/contract';
import { ElectionTag } from './ElectionTag.tsx';
import { todayIso } from './election.ts';
import { OrgKindTag } from './OrgKindTag.tsx';
import { buildOrgTree, type OrgNode } from './org-tree.ts';

export function OrgTree({
  orgs,
  selectedId,
  onSelect,
}: {
  orgs: Organisation[];
  selectedId: string | undefined;
  onSelect: (id: string) => void;
}) {
  const { t } = useTranslation();
  // Collapsed rather than expanded keys are kept, so a newly created organisation shows.
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const [today] = useState(() => todayIso());

  const { treeData, parents } = useMemo(() => {
    const parents: string[] = [];
    const toData = (node: OrgNode): TreeDataNode => {
      if (node.children.length > 0) parents.push(node.org.id);
      return {
        key: node.org.id,
        title: (
          <span className="tx-org-node">
            <span className="tx-org-node-name">{node.org.name}</span>
            <OrgKindTag kind={node.org.kind} />
            <ElectionTag nextElectionOn={node.org.nextElectionOn} today={today} />
            <span className="tx-muted">
              {t('orgs.memberCount', { count: node.org.memberCount })}
            </span>
          </span>
        ),
        children: node.children.map(toData),
      };
    };
    return { treeData: buildOrgTree(orgs).map(toData), parents };
  }, [orgs, t, today]);

  return (
    <Tree
      blockNode
      showLine
      treeData={treeData}
      selectedKeys={selectedId ? [selectedId] : []}
      expandedKeys={parents.filter((id) => !collapsed.has(id))}
      onExpand={(keys) => {
        const open = new Set(keys.map(String));
        setCollapsed(new Set(parents.filter((id) => !open.has(id))));
      }}
      onSelect={(_keys, info) => onSelect(String(info.node.key))}
    />
  );
}

import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import type { OrgKind } from '@tongxin/contract';
import { useCurrentOrg } from './current-org.tsx';

interface OrgOption {
  value: string;
  label: string;
  depth: number;
  kind: OrgKind;
}

export function OrgSwitcher({ className }: { className?: string }) {
  const { t } = useTranslation();
  const { ordered, current, choose, loading } = useCurrentOrg();
  if (!loading && ordered.length === 0) return null;
  return (
    <Select<string, OrgOption>
      data-testid="org-switcher"
      className={className}
      aria-label={t('shell.orgSwitcher')}
      placeholder={t('shell.orgSwitcherPlaceholder')}
      loading={loading}
      value={current?.id}
      onChange={choose}
      showSearch={{ optionFilterProp: 'label' }}
      popupMatchSelectWidth={false}
      options={ordered.map(({ org, depth }) => ({
        value: org.id,
        label: org.name,
        depth,
        kind: org.kind,
      }))}
      optionRender={(option) => (
        // Indentation shows the hierarchy the flat list would otherwise hide.
        <span style={{ paddingInlineStart: option.data.depth * 16 }}>
          {option.data.label} <span className="tx-muted">{t(`orgKinds.${option.data.kind}`)}</span>
        </span>
      )}
    />
  );
}

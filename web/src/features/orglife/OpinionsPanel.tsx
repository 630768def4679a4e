import { App, Alert, Button, Form, Input, List, Radio, Select, Space, Switch, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CreateOpinionRequest, OrgLifeMeeting } from '@tongxin/contract';
import { addOpinion } from '../../api/orglife.ts';
import { formatTime } from './OrgLifeMeta.tsx';
import { orgLifeErrorMessage } from './orglife-errors.ts';
import { useCycleMembers, useOpinions, useOrgLifeMutation } from './use-orglife.ts';

interface OpinionForm {
  target: 'committee' | 'member';
  targetMemberId?: string;
  source: 'member' | 'masses';
  fromName?: string;
  anonymous: boolean;
  body: string;
}

/**
 * 征求意见: members give opinions in their own name; the committee also records opinions from
 * the masses and anonymous ones from the suggestion box, and reads them all.
 */
export function OpinionsPanel({ meeting: m }: { meeting: OrgLifeMeeting }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<OpinionForm>();
  const members = useCycleMembers(m.id);
  const opinions = useOpinions(m.id, m.may.readAll);
  const give = useOrgLifeMutation((body: CreateOpinionRequest) => addOpinion(m.id, body));
  const target = Form.useWatch('target', form);
  const source = Form.useWatch('source', form);
  const committee = (members.data ?? []).filter((p) => p.committee);

  const submit = (v: OpinionForm) =>
    give.mutate(
      {
        target: v.target,
        ...(v.target === 'member' && v.targetMemberId ? { targetMemberId: v.targetMemberId } : {}),
        ...(m.may.readAll ? { source: v.source, anonymous: v.anonymous } : {}),
        ...(v.source === 'masses' && v.fromName ? { fromName: v.fromName.trim() } : {}),
        body: v.body.trim(),
      },
      {
        onSuccess: () => {
          form.resetFields();
          void message.success(t('orglife.opinions.given'));
        },
        onError: (e) => void message.error(orgLifeErrorMessage(t, e)),
      },
    );

  return (
    <>
      {m.may.giveOpinion ? (
        <Form<OpinionForm>
          form={form}
          layout="vertical"
          className="tx-orglife-form"
          initialValues={{ target: 'committee', source: 'member', anonymous: false, body: '' }}
          onFinish={submit}
        >
          {!m.may.readAll && <Alert type="info" showIcon title={t('orglife.opinions.namedHint')} />}
          <Form.Item name="target" label={t('orglife.opinions.target')}>
            <Radio.Group
              options={[
                { value: 'committee', label: t('orglife.opinions.committee') },
                { value: 'member', label: t('orglife.opinions.member') },
              ]}
            />
          </Form.Item>
          {target === 'member' && (
            <Form.Item
              name="targetMemberId"
              label={t('orglife.opinions.chooseMember')}
              rules={[{ required: true }]}
            >
              <Select options={committee.map((p) => ({ value: p.memberId, label: p.name }))} />
            </Form.Item>
          )}
          {m.may.readAll && (
            <Space wrap align="start">
              <Form.Item name="source" label={t('orglife.opinions.source')}>
                <Radio.Group
                  options={[
                    { value: 'member', label: t('orglife.opinions.fromMember') },
                    { value: 'masses', label: t('orglife.opinions.fromMasses') },
                  ]}
                />
              </Form.Item>
              <Form.Item
                name="anonymous"
                label={t('orglife.opinions.anonymous')}
                valuePropName="checked"
              >
                <Switch />
              </Form.Item>
            </Space>
          )}
          {source === 'masses' && (
            <Form.Item
              name="fromName"
              label={t('orglife.opinions.fromName')}
              rules={[{ required: true, max: 60 }]}
            >
              <Input placeholder={t('orglife.opinions.fromNameHint')} maxLength={60} />
            </Form.Item>
          )}
          <Form.Item
            name="body"
            label={t('orglife.opinions.body')}
            rules={[{ required: true, min: 2, max: 2000 }]}
          >
            <Input.TextArea rows={3} maxLength={2000} data-testid="orglife-opinion-input" />
          </Form.Item>
          <Button
            type="primary"
            htmlType="submit"
            loading={give.isPending}
            data-testid="orglife-opinion-submit"
          >
            {t('orglife.opinions.give')}
          </Button>
        </Form>
      ) : (
        m.status !== 'preparing' && (
          <Alert
            type="info"
            showIcon
            className="tx-orglife-form"
            title={t('orglife.opinions.closed')}
          />
        )
      )}
      {m.may.readAll && (
        <List
          header={<strong>{t('orglife.opinions.list')}</strong>}
          loading={opinions.isPending}
          dataSource={opinions.data ?? []}
          locale={{ emptyText: t('orglife.opinions.empty') }}
          renderItem={(o) => (
            <List.Item key={o.id} data-testid="orglife-opinion">
              <List.Item.Meta
                title={
                  <Space size={4} wrap>
                    <span>{o.anonymous ? t('orglife.opinions.anonymousTag') : o.fromName}</span>
                    {o.source === 'masses' && <Tag>{t('orglife.opinions.massesTag')}</Tag>}
                    {o.anonymous && <Tag>{t('orglife.opinions.anonymousTag')}</Tag>}
                    <Tag color="blue">
                      {o.targetName
                        ? t('orglife.opinions.about', { name: o.targetName })
                        : t('orglife.opinions.committee')}
                    </Tag>
                  </Space>
                }
                description={
                  <>
                    <div className="tx-orglife-text">{o.body}</div>
                    <div className="tx-muted">{formatTime(o.createdAt)}</div>
                  </>
                }
              />
            </List.Item>
          )}
        />
      )}
    </>
  );
}

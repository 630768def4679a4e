import { Form, Input, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { POSTS, type OrgPost, type Organisation, type Post } from '@tongxin/contract';
import { assignPost, endPost } from '../../api/orgs.ts';
import { useMemberListQuery } from '../members/use-members.ts';
import { todayIso } from './election.ts';
import { optionalReason } from './form-values.ts';
import { OrgFormModal, ReasonField, type OrgDialogProps } from './OrgFormModal.tsx';
import { useOrgMutation } from './use-org-mutation.ts';

/** A 党小组 has a leader; branches and higher levels have committee posts. */
const postsFor = (org: Organisation): Post[] =>
  POSTS.filter((p) => (org.kind === 'group' ? p === 'group_leader' : p !== 'group_leader'));

/** A calendar date, with the phone's own picker (the value is YYYY-MM-DD). */
function DateField({ name, label }: { name: string; label: string }) {
  const { t } = useTranslation();
  return (
    <Form.Item
      name={name}
      label={label}
      rules={[{ required: true, message: t('orgs.dateRequired') }]}
    >
      <Input type="date" />
    </Form.Item>
  );
}

interface AssignValues {
  memberId: string;
  post: Post;
  termStartedOn: string;
}

export function AssignPostModal({ org, open, onClose }: OrgDialogProps) {
  const { t } = useTranslation();
  const [form] = Form.useForm<AssignValues>();
  // A branch has at most some fifty members; 200 covers a 党总支 or a large joint branch too.
  const members = useMemberListQuery(open ? org.id : undefined, { limit: 200 });
  const posts = postsFor(org);
  const mutation = useOrgMutation(
    (v: AssignValues) => assignPost(org.id, v),
    (made) => t('orgs.postAssigned', { name: made.memberName, post: t(`posts.${made.post}`) }),
    onClose,
  );
  return (
    <OrgFormModal<AssignValues>
      open={open}
      title={t('orgs.assignTitle', { name: org.name })}
      okText={t('orgs.assign')}
      form={form}
      mutation={mutation}
      testId="post-assign"
      initialValues={{ post: posts[0], termStartedOn: org.termStartedOn ?? todayIso() }}
      onClose={onClose}
    >
      <Form.Item name="post" label={t('orgs.post')} rules={[{ required: true }]}>
        <Select options={posts.map((p) => ({ value: p, label: t(`posts.${p}`) }))} />
      </Form.Item>
      <Form.Item
        name="memberId"
        label={t('orgs.memberName')}
        rules={[{ required: true, message: t('orgs.memberRequired') }]}
      >
        <Select
          showSearch={{ optionFilterProp: 'label' }}
          loading={members.isPending}
          options={(members.data?.items ?? []).map((m) => ({ value: m.id, label: m.name }))}
        />
      </Form.Item>
      <DateField name="termStartedOn" label={t('orgs.postSince')} />
    </OrgFormModal>
  );
}

interface EndValues {
  endedOn: string;
  reason?: string;
}

export function EndPostModal({
  org,
  post,
  onClose,
}: {
  org: Organisation;
  post: OrgPost | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<EndValues>();
  const mutation = useOrgMutation(
    (v: EndValues) =>
      endPost(org.id, post?.id ?? '', { endedOn: v.endedOn, ...optionalReason(v.reason) }),
    () => t('orgs.postEnded'),
    onClose,
  );
  return (
    <OrgFormModal<EndValues>
      open={post !== null}
      title={
        post ? t('orgs.endTitle', { name: post.memberName, post: t(`posts.${post.post}`) }) : ''
      }
      okText={t('orgs.endPost')}
      form={form}
      mutation={mutation}
      testId="post-end"
      initialValues={{ endedOn: todayIso() }}
      onClose={onClose}
    >
      <DateField name="endedOn" label={t('orgs.endedOn')} />
      <ReasonField />
    </OrgFormModal>
  );
}

import { useEffect, useMemo, useRef } from 'react';
import {
  App,
  Button,
  Card,
  Collapse,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Result,
  Select,
  Space,
  Spin,
  Typography,
} from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import {
  ACTIVITY_AGENDA_MAX,
  ACTIVITY_PLACE_MAX,
  ACTIVITY_TEXT_MAX,
  ACTIVITY_TITLE_MAX,
  ACTIVITY_TYPES,
  SIGN_IN_CLOSES_AFTER_MINUTES,
  SIGN_IN_OPENS_BEFORE_MINUTES,
  type Activity,
  type ActivityDetails,
  type ActivityType,
  type CreateActivityRequest,
} from '@tongxin/contract';
import { createActivity, updateActivity } from '../../api/activities.ts';
import { useMyRolesQuery } from '../auth/use-my-roles.ts';
import { activityErrorMessage } from './activity-errors.ts';
import { fromShanghaiWallClock, nextHalfHour, shanghaiWallClock } from './activity-time.ts';
import {
  useActivity,
  useActivityCandidates,
  useActivityMutation,
  useActivityTargets,
  usePartnerOrgs,
} from './use-activities.ts';
import './activities.css';

/** Types whose record is a meeting with a planned agenda. */
const WITH_AGENDA: readonly ActivityType[] = [
  'branch_general_meeting',
  'committee_meeting',
  'group_meeting',
  'org_life_meeting',
  'democratic_evaluation',
  'study_group',
  'joint_activity',
];

interface FormValues {
  type: ActivityType;
  orgId: string;
  title: string;
  startsAt: Dayjs;
  endsAt: Dayjs;
  place: string;
  hostMemberId?: string | null;
  recorderMemberId?: string | null;
  expectedMemberIds: string[];
  signInOpensBeforeMinutes: number;
  signInClosesAfterMinutes: number;
  agenda?: string[];
  lecturerMemberId?: string | null;
  lecturerName?: string;
  materials?: string;
  theme?: string;
  plan?: string;
  studyMaterials?: string;
  partnerOrgIds?: string[];
}

// Form fields hold Shanghai wall clocks; dayjs parses them as local, which is only a carrier.
const toPicker = (iso: string): Dayjs => dayjs(shanghaiWallClock(iso));
const fromPicker = (value: Dayjs): string =>
  fromShanghaiWallClock(value.format('YYYY-MM-DD HH:mm'));

function detailsOf(values: FormValues): ActivityDetails {
  const agenda = (values.agenda ?? []).map((a) => a.trim()).filter(Boolean);
  switch (values.type) {
    case 'party_lecture':
      return {
        type: 'party_lecture',
        lecturerMemberId: values.lecturerMemberId ?? null,
        lecturerName: (values.lecturerName ?? '').trim(),
        materials: values.materials ?? '',
      };
    case 'themed_day':
      return { type: 'themed_day', theme: (values.theme ?? '').trim(), plan: values.plan ?? '' };
    case 'study_group':
      return { type: 'study_group', agenda, studyMaterials: values.studyMaterials ?? '' };
    case 'joint_activity':
      return { type: 'joint_activity', agenda, partnerOrgIds: values.partnerOrgIds ?? [] };
    default:
      return { type: values.type, agenda };
  }
}

function initialFrom(activity: Activity): Partial<FormValues> {
  const r = activity.record;
  const d = r.details;
  return {
    type: r.type,
    orgId: r.orgId,
    title: r.title,
    startsAt: toPicker(r.startsAt),
    endsAt: toPicker(r.endsAt),
    place: r.place,
    hostMemberId: r.host?.memberId ?? null,
    recorderMemberId: r.recorder?.memberId ?? null,
    expectedMemberIds: r.attendees.map((a) => a.memberId),
    signInOpensBeforeMinutes: r.signInOpensBeforeMinutes,
    signInClosesAfterMinutes: r.signInClosesAfterMinutes,
    ...('agenda' in d ? { agenda: d.agenda } : {}),
    ...(d.type === 'party_lecture'
      ? {
          lecturerMemberId: d.lecturerMemberId,
          lecturerName: d.lecturerName,
          materials: d.materials,
        }
      : {}),
    ...(d.type === 'themed_day' ? { theme: d.theme, plan: d.plan } : {}),
    ...(d.type === 'study_group' ? { studyMaterials: d.studyMaterials } : {}),
    ...(d.type === 'joint_activity' ? { partnerOrgIds: d.partnerOrgIds } : {}),
  };
}

/** 新建 / 编辑活动: /activities/new and /activities/:activityId/edit (drafts and published). */
export function ActivityFormPage() {
  const { activityId } = useParams();
  const existing = useActivity(activityId ?? '', { enabled: activityId !== undefined });
  const targets = useActivityTargets();
  const roles = useMyRolesQuery();
  const { t } = useTranslation();

  if (targets.isPending || roles.isPending || (activityId && existing.isPending)) return <Spin />;
  if (!targets.data || targets.data.length === 0 || (activityId && !existing.data?.may.edit)) {
    return <Result status="403" title={t('forbidden.title')} />;
  }
  // The lowest organisation where the caller holds a post, as the notice composer does.
  const postsAt = (roles.data?.roles ?? []).filter((r) => r.post !== null).map((r) => r.orgId);
  const defaultOrg =
    [...postsAt].reverse().find((id) => targets.data.some((o) => o.id === id)) ??
    targets.data[0]?.id ??
    '';
  return <ActivityForm existing={existing.data ?? null} defaultOrg={defaultOrg} />;
}

function ActivityForm({ existing, defaultOrg }: { existing: Activity | null; defaultOrg: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<FormValues>();
  const targets = useActivityTargets();
  const type = Form.useWatch('type', form) ?? existing?.record.type ?? 'branch_general_meeting';
  const orgId = Form.useWatch('orgId', form) ?? existing?.record.orgId ?? defaultOrg;
  const partnerIds = Form.useWatch('partnerOrgIds', form);
  const partners = usePartnerOrgs(type === 'joint_activity' ? orgId : undefined);
  const query = useMemo(
    () =>
      orgId
        ? {
            orgId,
            type,
            ...(type === 'joint_activity' && partnerIds?.length
              ? { partnerOrgIds: partnerIds }
              : {}),
          }
        : null,
    [orgId, type, partnerIds],
  );
  const candidates = useActivityCandidates(query);
  const save = useActivityMutation((values: FormValues) => {
    const body = {
      title: values.title.trim(),
      startsAt: fromPicker(values.startsAt),
      endsAt: fromPicker(values.endsAt),
      place: values.place.trim(),
      hostMemberId: values.hostMemberId ?? null,
      recorderMemberId: values.recorderMemberId ?? null,
      expectedMemberIds: values.expectedMemberIds,
      signInOpensBeforeMinutes: values.signInOpensBeforeMinutes,
      signInClosesAfterMinutes: values.signInClosesAfterMinutes,
      details: detailsOf(values),
    };
    if (existing) {
      return updateActivity(existing.record.id, body).then(() => existing.record.id);
    }
    const create: CreateActivityRequest = { orgId: values.orgId, ...body };
    return createActivity(create).then((created) => created.record.id);
  });

  // A new plan starts with the roster's default attendees for its type and organisation; an
  // edited one keeps its list until the officer asks for the default again.
  const seeded = useRef<string | null>(null);
  const defaults = (candidates.data ?? []).filter((c) => c.defaultExpected).map((c) => c.memberId);
  const queryKey = JSON.stringify(query);
  useEffect(() => {
    if (existing || !candidates.data || seeded.current === queryKey) return;
    seeded.current = queryKey;
    form.setFieldValue(
      'expectedMemberIds',
      candidates.data.filter((c) => c.defaultExpected).map((c) => c.memberId),
    );
  }, [existing, candidates.data, queryKey, form]);

  const start = nextHalfHour(new Date());
  const initialValues: Partial<FormValues> = existing
    ? initialFrom(existing)
    : {
        type: 'branch_general_meeting',
        orgId: defaultOrg,
        startsAt: toPicker(start.toISOString()),
        endsAt: toPicker(new Date(start.getTime() + 2 * 3600_000).toISOString()),
        expectedMemberIds: [],
        signInOpensBeforeMinutes: SIGN_IN_OPENS_BEFORE_MINUTES,
        signInClosesAfterMinutes: SIGN_IN_CLOSES_AFTER_MINUTES,
        agenda: [''],
      };
  const required = [{ required: true, whitespace: true, message: t('activities.form.required') }];
  const people = (candidates.data ?? []).map((c) => ({
    value: c.memberId,
    label: `${c.name}（${c.orgName}）`,
  }));

  const submit = (values: FormValues) =>
    save.mutate(values, {
      onSuccess: (id) => {
        void message.success(t('activities.form.saved'));
        void navigate(`/activities/${id}`);
      },
      onError: (e) => void message.error(activityErrorMessage(t, e)),
    });

  return (
    <Card
      title={existing ? t('activities.form.editTitle') : t('activities.form.newTitle')}
      data-testid="activity-form"
    >
      <Form<FormValues>
        form={form}
        layout="vertical"
        initialValues={initialValues}
        onFinish={submit}
        className="tx-activity-form"
      >
        <Form.Item name="type" label={t('activities.form.type')} rules={[{ required: true }]}>
          <Select
            disabled={existing !== null}
            data-testid="activity-type"
            options={ACTIVITY_TYPES.map((value) => ({
              value,
              label: t(`activities.types.${value}`),
            }))}
          />
        </Form.Item>
        <Form.Item name="orgId" label={t('activities.form.org')} rules={[{ required: true }]}>
          <Select
            disabled={existing !== null}
            showSearch
            optionFilterProp="label"
            data-testid="activity-org"
            options={(targets.data ?? []).map((o) => ({ value: o.id, label: o.path }))}
            onChange={() => form.setFieldsValue({ partnerOrgIds: [], hostMemberId: null })}
          />
        </Form.Item>
        {type === 'joint_activity' && (
          <Form.Item
            name="partnerOrgIds"
            label={t('activities.form.partners')}
            extra={t('activities.form.partnersHelp')}
            rules={[
              { required: true, type: 'array', min: 1, message: t('activities.form.required') },
            ]}
          >
            <Select
              mode="multiple"
              showSearch
              optionFilterProp="label"
              loading={partners.isPending}
              data-testid="activity-partners"
              options={(partners.data ?? []).map((o) => ({ value: o.id, label: o.path }))}
            />
          </Form.Item>
        )}
        <Form.Item name="title" label={t('activities.form.title')} rules={required}>
          <Input maxLength={ACTIVITY_TITLE_MAX} showCount data-testid="activity-title-input" />
        </Form.Item>
        <div className="tx-activity-form-row">
          <Form.Item
            name="startsAt"
            label={t('activities.form.startsAt')}
            rules={[{ required: true }]}
          >
            <DatePicker showTime={{ minuteStep: 5 }} format="YYYY-MM-DD HH:mm" />
          </Form.Item>
          <Form.Item
            name="endsAt"
            label={t('activities.form.endsAt')}
            dependencies={['startsAt']}
            rules={[
              { required: true },
              ({ getFieldValue }) => ({
                validator: (_, value?: Dayjs) => {
                  const startsAt = getFieldValue('startsAt') as Dayjs | undefined;
                  return !value || !startsAt || value.isAfter(startsAt)
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('activities.errors.invalid_time_range')));
                },
              }),
            ]}
          >
            <DatePicker showTime={{ minuteStep: 5 }} format="YYYY-MM-DD HH:mm" />
          </Form.Item>
        </div>
        <Typography.Paragraph type="secondary" className="tx-activity-zone">
          {t('activities.form.zone')}
        </Typography.Paragraph>
        <Form.Item name="place" label={t('activities.form.place')} rules={required}>
          <Input maxLength={ACTIVITY_PLACE_MAX} data-testid="activity-place-input" />
        </Form.Item>
        <div className="tx-activity-form-row">
          <Form.Item name="hostMemberId" label={t('activities.form.host')}>
            <Select
              allowClear
              showSearch
              optionFilterProp="label"
              options={people}
              data-testid="activity-host"
            />
          </Form.Item>
          <Form.Item name="recorderMemberId" label={t('activities.form.recorder')}>
            <Select
              allowClear
              showSearch
              optionFilterProp="label"
              options={people}
              data-testid="activity-recorder"
            />
          </Form.Item>
        </div>
        {type === 'party_lecture' && (
          <>
            <div className="tx-activity-form-row">
              <Form.Item name="lecturerMemberId" label={t('activities.form.lecturerMember')}>
                <Select
                  allowClear
                  showSearch
                  optionFilterProp="label"
                  options={people}
                  onChange={(id?: string) => {
                    const found = candidates.data?.find((c) => c.memberId === id);
                    if (found) form.setFieldValue('lecturerName', found.name);
                  }}
                />
              </Form.Item>
              <Form.Item
                name="lecturerName"
                label={t('activities.form.lecturerName')}
                rules={required}
              >
                <Input maxLength={60} />
              </Form.Item>
            </div>
            <Form.Item name="materials" label={t('activities.form.materials')}>
              <Input.TextArea rows={4} maxLength={ACTIVITY_TEXT_MAX} />
            </Form.Item>
          </>
        )}
        {type === 'themed_day' && (
          <>
            <Form.Item name="theme" label={t('activities.form.theme')} rules={required}>
              <Input maxLength={ACTIVITY_TITLE_MAX} />
            </Form.Item>
            <Form.Item name="plan" label={t('activities.form.plan')}>
              <Input.TextArea rows={4} maxLength={ACTIVITY_TEXT_MAX} />
            </Form.Item>
          </>
        )}
        {type === 'study_group' && (
          <Form.Item name="studyMaterials" label={t('activities.form.studyMaterials')}>
            <Input.TextArea rows={4} maxLength={ACTIVITY_TEXT_MAX} />
          </Form.Item>
        )}
        {WITH_AGENDA.includes(type) && (
          <Form.Item label={t('activities.form.agenda')}>
            <Form.List name="agenda">
              {(fields, { add, remove }) => (
                <>
                  {fields.map((field, index) => (
                    <Space key={field.key} className="tx-activity-agenda-row" align="baseline">
                      <span className="tx-muted">{index + 1}.</span>
                      <Form.Item name={field.name} noStyle>
                        <Input maxLength={500} data-testid="activity-agenda-input" />
                      </Form.Item>
                      <MinusCircleOutlined
                        aria-label={t('activities.form.remove')}
                        onClick={() => remove(field.name)}
                      />
                    </Space>
                  ))}
                  {fields.length < ACTIVITY_AGENDA_MAX && (
                    <Button type="dashed" icon={<PlusOutlined />} onClick={() => add('')}>
                      {t('activities.form.addAgenda')}
                    </Button>
                  )}
                </>
              )}
            </Form.List>
          </Form.Item>
        )}
        <Form.Item
          label={t('activities.form.expected')}
          extra={t('activities.form.expectedHelp', { count: defaults.length })}
        >
          <Space className="tx-activity-expected-tools" wrap>
            <Button
              size="small"
              data-testid="activity-expected-default"
              onClick={() => form.setFieldValue('expectedMemberIds', defaults)}
            >
              {t('activities.form.expectedDefault')}
            </Button>
            <Button
              size="small"
              onClick={() =>
                form.setFieldValue(
                  'expectedMemberIds',
                  (candidates.data ?? []).map((c) => c.memberId),
                )
              }
            >
              {t('activities.form.expectedAll')}
            </Button>
            <Button size="small" onClick={() => form.setFieldValue('expectedMemberIds', [])}>
              {t('activities.form.expectedNone')}
            </Button>
          </Space>
          <Form.Item name="expectedMemberIds" noStyle>
            <Select
              mode="multiple"
              showSearch
              optionFilterProp="label"
              maxTagCount="responsive"
              loading={candidates.isPending}
              options={people}
              data-testid="activity-expected"
            />
          </Form.Item>
        </Form.Item>
        <Collapse
          ghost
          items={[
            {
              key: 'window',
              label: t('activities.form.window'),
              forceRender: true,
              children: (
                <div className="tx-activity-form-row">
                  <Form.Item
                    name="signInOpensBeforeMinutes"
                    label={t('activities.form.opensBefore')}
                  >
                    <InputNumber min={0} max={720} addonAfter={t('activities.form.minutes')} />
                  </Form.Item>
                  <Form.Item
                    name="signInClosesAfterMinutes"
                    label={t('activities.form.closesAfter')}
                  >
                    <InputNumber min={0} max={720} addonAfter={t('activities.form.minutes')} />
                  </Form.Item>
                </div>
              ),
            },
          ]}
        />
        <Space className="tx-activity-form-actions">
          <Button
            type="primary"
            htmlType="submit"
            loading={save.isPending}
            data-testid="activity-save"
          >
            {existing ? t('activities.form.save') : t('activities.form.saveDraft')}
          </Button>
          <Button
            onClick={() =>
              void navigate(existing ? `/activities/${existing.record.id}` : '/activities')
            }
          >
            {t('common.cancel')}
          </Button>
        </Space>
      </Form>
    </Card>
  );
}

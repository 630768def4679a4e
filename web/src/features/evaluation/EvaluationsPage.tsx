import { useState } from 'react';
import {
  App,
  Button,
  Card,
  Empty,
  Form,
  Input,
  InputNumber,
  List,
  Modal,
  Select,
  Space,
  Tabs,
} from 'antd';
import { PlusOutlined, TrophyOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { EvaluationRound } from '@tongxin/contract';
import { formatTime } from '../notices/NoticeMeta.tsx';
import { evaluationErrorMessage } from './evaluation-errors.ts';
import { GradeTag, StatusTag } from './grades.tsx';
import { useCreateRound, useEvaluationTargets, useMyResults, useRounds } from './use-evaluation.ts';
import './evaluation.css';

/** 民主评议: the rounds the caller takes part in or holds, and their own results. */
export function EvaluationsPage() {
  const { t } = useTranslation();
  const targets = useEvaluationTargets();
  const mayCreate = (targets.data?.length ?? 0) > 0;
  const [creating, setCreating] = useState(false);

  return (
    <Card
      title={
        <Space>
          <TrophyOutlined />
          {t('evaluation.title')}
        </Space>
      }
      extra={
        mayCreate && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            data-testid="evaluation-create"
            onClick={() => setCreating(true)}
          >
            {t('evaluation.create')}
          </Button>
        )
      }
    >
      <Tabs
        items={[
          { key: 'rounds', label: t('evaluation.rounds'), children: <RoundList /> },
          {
            key: 'results',
            label: <span data-testid="evaluation-tab-results">{t('evaluation.myResults')}</span>,
            children: <MyResults />,
          },
        ]}
      />
      {creating && <CreateRoundModal onClose={() => setCreating(false)} />}
    </Card>
  );
}

function roundProgressText(t: TFunction, r: EvaluationRound): string {
  const p = r.progress;
  return [
    t('evaluation.progress.evaluated', { count: p.evaluated }),
    t('evaluation.progress.voted', { voted: p.voted, voters: p.voters }),
  ].join(' · ');
}

function RoundList() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const rounds = useRounds();
  return (
    <List
      loading={rounds.isPending}
      dataSource={rounds.data ?? []}
      locale={{ emptyText: <Empty description={t('evaluation.empty')} /> }}
      renderItem={(r) => (
        <List.Item
          key={r.id}
          className="tx-evaluation-item"
          data-testid="evaluation-item"
          onClick={() => void navigate(`/evaluation/${r.id}`)}
        >
          <List.Item.Meta
            title={
              <Space size={6} wrap>
                <span>{r.title}</span>
                <StatusTag status={r.status} />
                {r.mine?.finalGrade && <GradeTag grade={r.mine.finalGrade} />}
              </Space>
            }
            description={
              <>
                <div className="tx-muted">
                  {r.orgName} · {r.year}
                </div>
                {r.status !== 'draft' && <div className="tx-muted">{roundProgressText(t, r)}</div>}
              </>
            }
          />
        </List.Item>
      )}
    />
  );
}

function MyResults() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const results = useMyResults();
  return (
    <List
      loading={results.isPending}
      dataSource={results.data ?? []}
      locale={{ emptyText: <Empty description={t('evaluation.noResults')} /> }}
      renderItem={(r) => (
        <List.Item
          key={r.roundId}
          className="tx-evaluation-item"
          data-testid="evaluation-result-item"
          onClick={() => void navigate(`/evaluation/${r.roundId}`)}
          extra={<GradeTag grade={r.grade} />}
        >
          <List.Item.Meta
            title={r.title}
            description={
              <>
                <div className="tx-muted">
                  {r.orgName} · {formatTime(r.finalisedAt)}
                </div>
                {r.reason && <div>{t('evaluation.result.reason', { reason: r.reason })}</div>}
              </>
            }
          />
        </List.Item>
      )}
    />
  );
}

interface CreateForm {
  orgId: string;
  year: number;
  title: string;
  activityId?: string;
}

function CreateRoundModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const targets = useEvaluationTargets();
  const create = useCreateRound();
  const [form] = Form.useForm<CreateForm>();
  const year = new Date().getFullYear();

  const submit = (values: CreateForm) =>
    create.mutate(
      {
        orgId: values.orgId,
        year: values.year,
        title: values.title.trim(),
        ...(values.activityId?.trim() ? { activityId: values.activityId.trim() } : {}),
      },
      {
        onSuccess: (round) => {
          void message.success(t('evaluation.created'));
          onClose();
          void navigate(`/evaluation/${round.id}`);
        },
        onError: (e) => void message.error(evaluationErrorMessage(t, e)),
      },
    );

  return (
    <Modal
      open
      title={t('evaluation.createTitle')}
      okText={t('evaluation.create')}
      okButtonProps={{ 'data-testid': 'evaluation-create-submit' }}
      confirmLoading={create.isPending}
      onCancel={onClose}
      onOk={() => form.submit()}
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{
          orgId: targets.data?.[0]?.id,
          year,
          title: t('evaluation.defaultTitle', { year }),
        }}
      >
        <Form.Item name="orgId" label={t('evaluation.branch')} rules={[{ required: true }]}>
          <Select
            data-testid="evaluation-org"
            options={(targets.data ?? []).map((o) => ({ value: o.id, label: o.name }))}
          />
        </Form.Item>
        <Form.Item name="year" label={t('evaluation.year')} rules={[{ required: true }]}>
          <InputNumber
            min={2000}
            max={2100}
            data-testid="evaluation-year"
            onChange={(v) => {
              if (typeof v === 'number') {
                form.setFieldValue('title', t('evaluation.defaultTitle', { year: v }));
              }
            }}
          />
        </Form.Item>
        <Form.Item
          name="title"
          label={t('evaluation.roundTitle')}
          rules={[{ required: true, min: 2, max: 120 }]}
        >
          <Input maxLength={120} data-testid="evaluation-title" />
        </Form.Item>
        <Form.Item
          name="activityId"
          label={t('evaluation.activityId')}
          extra={t('evaluation.activityHint')}
          rules={[
            {
              pattern: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
              message: t('errors.invalid_input'),
            },
          ]}
        >
          <Input maxLength={36} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

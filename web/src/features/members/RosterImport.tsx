import { useState } from 'react';
import { Alert, App, Button, Modal, Space, Table, Typography, Upload } from 'antd';
import { InboxOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { ImportProblem, ImportReport, Organisation } from '@tongxin/contract';
import { isApiError } from '../../api/client.ts';
import { importRoster, rosterTemplateUrl } from '../../api/members.ts';
import { memberErrorMessage } from './member-errors.ts';

/** The report of a refused real run travels in the error's details. */
function reportOf(error: unknown): ImportReport | null {
  if (!isApiError(error, 'import_invalid')) return null;
  const details = error.details as { report?: ImportReport } | undefined;
  return details?.report ?? null;
}

/** Upload → check (dry run) → per-row report → confirm: all rows are written, or none. */
export function RosterImport({
  org,
  open,
  onClose,
}: {
  org: Organisation;
  open: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const run = useMutation({
    mutationFn: (dryRun: boolean) => {
      if (!file) throw new Error('no file');
      return importRoster(file, { orgId: org.id, dryRun });
    },
    onSuccess: (result) => {
      setReport(result);
      if (!result.dryRun) {
        void message.success(t('members.importDone', { count: result.imported }));
        void client.invalidateQueries({ queryKey: ['members'] });
        void client.invalidateQueries({ queryKey: ['orgs'] });
        onClose();
      }
    },
    onError: (error) => {
      const refused = reportOf(error);
      if (refused) setReport(refused);
      else void message.error(memberErrorMessage(t, error));
    },
  });
  const ready = report?.dryRun === true && report.errors.length === 0 && report.valid > 0;

  return (
    <Modal
      open={open}
      title={t('members.importTitle', { org: org.name })}
      onCancel={onClose}
      width={760}
      destroyOnHidden
      footer={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button
            data-testid="import-check"
            disabled={!file}
            loading={run.isPending && run.variables}
            onClick={() => run.mutate(true)}
          >
            {t('members.importCheck')}
          </Button>
          <Button
            type="primary"
            data-testid="import-confirm"
            disabled={!ready}
            loading={run.isPending && !run.variables}
            onClick={() => run.mutate(false)}
          >
            {t('members.importConfirm', { count: report?.valid ?? 0 })}
          </Button>
        </Space>
      }
    >
      <Space orientation="vertical" size="middle" className="tx-roster-import">
        <Typography.Paragraph type="secondary">
          {t('members.importHelp')}{' '}
          <a href={rosterTemplateUrl} download data-testid="import-template">
            {t('members.importTemplate')}
          </a>
        </Typography.Paragraph>
        <div data-testid="import-upload">
          <Upload.Dragger
            accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            maxCount={1}
            beforeUpload={(chosen) => {
              setFile(chosen);
              setReport(null);
              // Held here until the user asks for the check: nothing is sent on selection.
              return false;
            }}
            onRemove={() => {
              setFile(null);
              setReport(null);
            }}
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p>{t('members.importDrop')}</p>
          </Upload.Dragger>
        </div>
        {report && (
          <div data-testid="import-report">
            <Alert
              type={report.errors.length === 0 ? 'success' : 'error'}
              showIcon
              title={t(
                report.errors.length === 0 ? 'members.importClean' : 'members.importProblems',
                {
                  rows: report.rows,
                  valid: report.valid,
                  errors: report.errors.length,
                },
              )}
            />
            {report.errors.length > 0 && (
              <Table<ImportProblem>
                size="small"
                rowKey={(p) => `${p.row}-${p.field}-${p.problem}`}
                dataSource={report.errors}
                pagination={{ pageSize: 10, hideOnSinglePage: true }}
                columns={[
                  { key: 'row', title: t('members.importRow'), dataIndex: 'row', width: 80 },
                  {
                    key: 'column',
                    title: t('members.importColumn'),
                    dataIndex: 'column',
                    width: 120,
                  },
                  {
                    key: 'problem',
                    title: t('members.importProblem'),
                    render: (_, p) => t(`members.problem.${p.problem}`),
                  },
                ]}
              />
            )}
          </div>
        )}
      </Space>
    </Modal>
  );
}

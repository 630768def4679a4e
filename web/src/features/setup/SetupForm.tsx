import { Alert, Button, Card, Col, Form, Input, Row, type FormInstance } from 'antd';
import { ApartmentOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ADMIN_ROLES } from '@tongxin/contract';
import { AdminAccountCard } from './AdminAccountCard.tsx';
import type { SetupFormValues } from './setup-form.ts';

export function SetupForm({
  form,
  submitting,
  failure,
  onSubmit,
}: {
  form: FormInstance<SetupFormValues>;
  submitting: boolean;
  failure: string | null;
  onSubmit: (values: SetupFormValues) => void;
}) {
  const { t } = useTranslation();

  return (
    <Form<SetupFormValues>
      form={form}
      layout="vertical"
      requiredMark={false}
      disabled={submitting}
      scrollToFirstError
      onFinish={onSubmit}
    >
      <Alert
        className="tx-setup-block"
        type="info"
        showIcon
        title={t('setup.separationTitle')}
        description={t('setup.separation')}
      />
      <Card
        className="tx-setup-block"
        title={
          <span>
            <ApartmentOutlined /> {t('setup.orgCard')}
          </span>
        }
      >
        <Form.Item
          name="orgName"
          label={t('setup.orgName')}
          rules={[
            { required: true, whitespace: true, message: t('setup.orgNameRequired') },
            { min: 2, max: 80, message: t('setup.orgNameRequired') },
          ]}
        >
          <Input
            data-testid="setup-org-name"
            placeholder={t('setup.orgNamePlaceholder')}
            maxLength={80}
            autoComplete="off"
          />
        </Form.Item>
      </Card>
      <Row gutter={[16, 16]} className="tx-setup-block">
        {ADMIN_ROLES.map((role) => (
          <Col key={role} xs={24} lg={8}>
            <AdminAccountCard role={role} />
          </Col>
        ))}
      </Row>
      {failure && (
        <Alert
          className="tx-setup-block"
          type="error"
          showIcon
          role="alert"
          title={t('setup.failed')}
          description={failure}
        />
      )}
      <Button
        data-testid="setup-submit"
        type="primary"
        htmlType="submit"
        size="large"
        block
        loading={submitting}
      >
        {submitting ? t('setup.submitting') : t('setup.submit')}
      </Button>
    </Form>
  );
}

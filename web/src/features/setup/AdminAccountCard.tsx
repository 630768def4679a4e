import type { ReactNode } from 'react';
import { Card, Form, Input, Typography } from 'antd';
import { AuditOutlined, SafetyCertificateOutlined, SettingOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { passwordProblems, type AdminRole } from '@tongxin/contract';
import { PasswordRules } from './PasswordRules.tsx';
import { USERNAME, otherRoles, type SetupFormValues } from './setup-form.ts';

const ICONS: Record<AdminRole, ReactNode> = {
  system: <SettingOutlined />,
  security: <SafetyCertificateOutlined />,
  audit: <AuditOutlined />,
};

/** One of the three 三员分立 accounts, with rules that keep the three apart. */
export function AdminAccountCard({ role }: { role: AdminRole }) {
  const { t } = useTranslation();
  const form = Form.useFormInstance<SetupFormValues>();
  const username = Form.useWatch([role, 'username'], form) ?? '';
  const password = Form.useWatch([role, 'password'], form) ?? '';
  const others = otherRoles(role);
  const same = (field: 'username' | 'password', value: string, fold: boolean) =>
    others.some((other) => {
      const theirs = String(form.getFieldValue([other, field]) ?? '');
      return fold ? theirs.trim().toLowerCase() === value.trim().toLowerCase() : theirs === value;
    });

  return (
    <Card
      className="tx-account-card"
      title={
        <span>
          {ICONS[role]} {t(`setup.accounts.${role}.title`)}
        </span>
      }
    >
      <Typography.Paragraph type="secondary" className="tx-account-duty">
        {t(`setup.accounts.${role}.duty`)}
      </Typography.Paragraph>
      <Form.Item
        name={[role, 'username']}
        label={t('setup.username')}
        tooltip={t('setup.usernameHelp')}
        dependencies={others.map((other) => [other, 'username'])}
        validateFirst
        rules={[
          { required: true, whitespace: true, message: t('setup.usernameHelp') },
          { min: 3, max: 32, message: t('setup.usernameHelp') },
          { pattern: USERNAME, message: t('setup.usernameInvalid') },
          {
            validator: async (_rule, value: string | undefined) => {
              // Usernames are compared without case, as the server does.
              if (value && same('username', value, true)) throw new Error(t('setup.usernameSame'));
            },
          },
        ]}
      >
        <Input
          data-testid={`setup-${role}-username`}
          autoComplete="off"
          autoCapitalize="none"
          autoCorrect="off"
          spellCheck={false}
          maxLength={32}
        />
      </Form.Item>
      <Form.Item
        name={[role, 'displayName']}
        label={t('setup.displayName')}
        rules={[{ required: true, whitespace: true, message: t('setup.displayNameRequired') }]}
      >
        <Input data-testid={`setup-${role}-displayname`} autoComplete="off" maxLength={64} />
      </Form.Item>
      <Form.Item
        name={[role, 'password']}
        label={t('setup.password')}
        dependencies={[[role, 'username'], ...others.map((other) => [other, 'password'])]}
        validateFirst
        rules={[
          { required: true, message: t('setup.passwordRequired') },
          {
            validator: async (_rule, value: string | undefined) => {
              if (!value) return;
              const name = String(form.getFieldValue([role, 'username']) ?? '');
              if (passwordProblems(value, name || undefined).length > 0) {
                throw new Error(t('setup.passwordWeak'));
              }
              if (same('password', value, false)) throw new Error(t('setup.passwordSame'));
            },
          },
        ]}
        extra={<PasswordRules id={`setup-${role}-rules`} password={password} username={username} />}
      >
        <Input.Password
          data-testid={`setup-${role}-password`}
          autoComplete="new-password"
          maxLength={256}
          aria-describedby={`setup-${role}-rules`}
        />
      </Form.Item>
      <Form.Item
        name={[role, 'password2']}
        label={t('setup.password2')}
        dependencies={[[role, 'password']]}
        rules={[
          { required: true, message: t('setup.password2Required') },
          {
            validator: async (_rule, value: string | undefined) => {
              if (value && value !== form.getFieldValue([role, 'password'])) {
                throw new Error(t('setup.password2Mismatch'));
              }
            },
          },
        ]}
      >
        <Input.Password
          data-testid={`setup-${role}-password2`}
          autoComplete="new-password"
          maxLength={256}
        />
      </Form.Item>
    </Card>
  );
}

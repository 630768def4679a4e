import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { AuditExportQuery, AuditListQuery, AuditPage, AuditVerifyResult } from '@tongxin/contract';
import { access } from '../../platform/http/access.ts';
import { actorOf } from '../../platform/http/actor.ts';
import { errorResponses } from '../../platform/http/errors.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { exportAudit, listAudit, verifyAndRecord } from './service.ts';

/** 三员分立: only the 审计管理员 reads the audit log, and nobody changes it over the API. */
const auditAdmin = access.admin('audit');

export const auditRoutes: FastifyPluginAsyncTypebox<{ ctx: ServiceContext }> = async (
  app,
  { ctx },
) => {
  app.get(
    '/audit',
    {
      config: { access: auditAdmin },
      schema: {
        tags: ['audit'],
        summary: 'Audit log entries, newest first, filtered',
        querystring: AuditListQuery,
        response: { 200: AuditPage, ...errorResponses },
      },
    },
    async (request) => listAudit(ctx, request.query),
  );

  app.get(
    '/audit/verify',
    {
      config: { access: auditAdmin },
      schema: {
        tags: ['audit'],
        summary: 'Recompute the SM3 hash chain and name the first broken entry (audited)',
        response: { 200: AuditVerifyResult, ...errorResponses },
      },
    },
    async (request) => verifyAndRecord(ctx, actorOf(request)),
  );

  app.get(
    '/audit/export.xlsx',
    {
      config: { access: auditAdmin },
      schema: {
        tags: ['audit'],
        summary: 'The filtered entries as an Excel workbook (audited)',
        querystring: AuditExportQuery,
        response: {
          200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: 'xlsx file' }),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const file = await exportAudit(ctx, actorOf(request), request.query);
      const stamp = new Date().toISOString().slice(0, 10);
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header(
          'content-disposition',
          `attachment; filename="audit-${stamp}.xlsx"; filename*=UTF-8''${encodeURIComponent(`审计日志-${stamp}.xlsx`)}`,
        )
        .send(file);
    },
  );
};

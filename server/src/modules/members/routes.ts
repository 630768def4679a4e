import { perAccount } from '../../platform/http/rate-limit.ts';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import fastifyMultipart from '@fastify/multipart';
import { Type } from 'typebox';
import {
  CreateMemberRequest,
  IdParams,
  ImportReport,
  MemberDetail,
  MemberExportQuery,
  MemberImportQuery,
  MemberList,
  MemberListQuery,
  RevealRequest,
  RevealResponse,
  UpdateMemberRequest,
} from '@tongxin/contract';
import { access } from '../../platform/http/access.ts';
import { actorOf, principalOf } from '../../platform/http/actor.ts';
import { AppError, errorResponses, forbidden, notFound } from '../../platform/http/errors.ts';
import type { ServiceContext } from '../../platform/context.ts';
import {
  createMemberRecord,
  getMember,
  listMembers,
  memberHome,
  revealMember,
  updateMember,
} from './service.ts';
import {
  canManageMembersOf,
  canRevealMember,
  canViewMember,
  capabilityScope,
  memberPermissions,
} from './policy.ts';
import { exportRoster, importRoster, importTemplate } from './roster.ts';
import { MAX_UPLOAD_BYTES, XLSX_TYPE } from './xlsx.ts';
import { canViewMembersOf } from '../orgs/policy.ts';
import { findOrg } from '../orgs/service.ts';
import { isBranch } from '../orgs/rules.ts';

/** Sent as bytes: Fastify passes a Buffer through without serialising it. */
const XlsxFile = Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: '.xlsx' });

/** A download name in both forms: ASCII for old clients, UTF-8 (RFC 5987) for the rest. */
const attachment = (ascii: string, utf8: string) =>
  `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(utf8)}`;

export const memberRoutes: FastifyPluginAsyncTypebox<{ ctx: ServiceContext }> = async (
  app,
  { ctx },
) => {
  // Only the roster import takes files: one, bounded, nothing else in the form.
  await app.register(fastifyMultipart, {
    limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 0, parts: 1 },
  });

  app.get(
    '/members/import-template.xlsx',
    {
      config: { access: access.signedIn },
      schema: {
        tags: ['members'],
        summary: 'The roster import template (.xlsx, Chinese headers)',
        produces: [XLSX_TYPE],
        response: { 200: XlsxFile, ...errorResponses },
      },
    },
    async (_request, reply) =>
      reply
        .type(XLSX_TYPE)
        .header('content-disposition', attachment('roster-template.xlsx', '党员名册导入模板.xlsx'))
        .send(await importTemplate()),
  );

  app.get(
    '/members/export.xlsx',
    {
      config: {
        access: access.signedIn,
        rateLimit: { max: 20, timeWindow: '1 minute', keyGenerator: perAccount },
      },
      schema: {
        tags: ['members'],
        summary: 'Export the roster of an organisation and everything below it (.xlsx, audited)',
        description:
          'ID card numbers and phones are masked unless reveal=true and the caller keeps the roster of the member’s branch (or is the member).',
        querystring: MemberExportQuery,
        produces: [XLSX_TYPE],
        response: { 200: XlsxFile, ...errorResponses },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const { orgId, reveal } = request.query;
      if (!(await canViewMembersOf(ctx, principal, orgId))) throw notFound('Organisation');
      let mayReveal: ((row: { id: string; branchId: string }) => boolean) | null = null;
      if (reveal) {
        const scope = await capabilityScope(ctx, principal, 'export_clear');
        if (scope.length === 0 && !principal.memberId) {
          throw forbidden('Your role does not need personal data in the clear');
        }
        if (principal.adminRole) throw forbidden('Administrators export masked rosters only');
        mayReveal = (row) => scope.includes(row.branchId) || row.id === principal.memberId;
      }
      const { file } = await exportRoster(ctx, actorOf(request), { orgId, mayReveal });
      const org = await findOrg(ctx.database.db, orgId);
      return reply
        .type(XLSX_TYPE)
        .header('content-disposition', attachment('roster.xlsx', `${org?.name ?? '党员'}名册.xlsx`))
        .send(file);
    },
  );

  app.post(
    '/members/import',
    {
      config: {
        access: access.signedIn,
        rateLimit: { max: 30, timeWindow: '1 minute', keyGenerator: perAccount },
      },
      schema: {
        tags: ['members'],
        summary: 'Import a roster (.xlsx, multipart field "file"): dry run by default',
        description:
          'Reports every problem by row and column. dryRun=false writes all rows in one transaction, or none if any row has a problem (422 import_invalid with the report).',
        querystring: MemberImportQuery,
        consumes: ['multipart/form-data'],
        response: { 200: ImportReport, ...errorResponses },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const { orgId, dryRun = true } = request.query;
      if (principal.adminRole && principal.adminRole !== 'system') {
        throw forbidden('This belongs to the party organisations');
      }
      const scope = principal.adminRole
        ? 'all'
        : await capabilityScope(ctx, principal, 'import_roster');
      if (scope !== 'all' && scope.length === 0) {
        throw forbidden('Only roster officers and the system administrator import members');
      }
      if (orgId && !(await canViewMembersOf(ctx, principal, orgId))) {
        throw notFound('Organisation');
      }
      if (!request.isMultipart()) {
        throw new AppError(415, 'unsupported_media_type', 'Send the file as multipart/form-data');
      }
      const part = await request.file();
      if (!part) throw new AppError(422, 'not_xlsx', 'No file was sent');
      const file = await part.toBuffer();
      const report = await importRoster(ctx, actorOf(request), file, {
        ...(orgId ? { orgId } : {}),
        dryRun,
        mayManage: (branchId) => scope === 'all' || scope.includes(branchId),
      });
      if (!dryRun && report.errors.length > 0) {
        throw new AppError(422, 'import_invalid', 'The file has problems; nothing was imported', {
          report,
        });
      }
      return report;
    },
  );
  app.get(
    '/orgs/:id/members',
    {
      config: { access: access.signedIn },
      schema: {
        tags: ['members'],
        summary: 'Members of an organisation and everything below it',
        description:
          'ID card numbers and phones are masked. q also matches a whole ID card number or phone.',
        params: IdParams,
        querystring: MemberListQuery,
        response: { 200: MemberList, ...errorResponses },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const { id } = request.params;
      if (!(await canViewMembersOf(ctx, principal, id))) throw notFound('Organisation');
      const list = await listMembers(ctx, id, request.query);
      const org = await findOrg(ctx.database.db, id);
      const [edit, importing, exportClear] = await Promise.all([
        capabilityScope(ctx, principal, 'edit_members'),
        capabilityScope(ctx, principal, 'import_roster'),
        capabilityScope(ctx, principal, 'export_clear'),
      ]);
      const system = principal.adminRole === 'system';
      return {
        ...list,
        may: {
          add: org !== null && isBranch(org.kind) && (system || edit.includes(id)),
          import: system || importing.includes(id),
          exportClear: exportClear.includes(id),
        },
      };
    },
  );

  app.get(
    '/members/:id',
    {
      config: { access: access.signedIn },
      schema: {
        tags: ['members'],
        summary: 'One member (personal data masked), with what the caller may do',
        params: IdParams,
        response: { 200: MemberDetail, ...errorResponses },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      if (!(await canViewMember(ctx, principal, request.params.id))) throw notFound('Member');
      return {
        member: await getMember(ctx, request.params.id),
        may: await memberPermissions(ctx, principal, request.params.id),
      };
    },
  );

  app.post(
    '/members',
    {
      config: { access: access.signedIn },
      schema: {
        tags: ['members'],
        summary:
          'Add a member to a branch (its roster officers or higher, or the system administrator)',
        body: CreateMemberRequest,
        response: { 201: MemberDetail, ...errorResponses },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      if (!(await canManageMembersOf(ctx, principal, request.body.branchId))) {
        // A branch the caller cannot see is indistinguishable from one that does not exist.
        if (!(await canViewMembersOf(ctx, principal, request.body.branchId))) {
          throw notFound('Branch');
        }
        throw forbidden(
          'Only the branch’s secretary or organisation officer, or higher, may add members',
        );
      }
      const id = await createMemberRecord(ctx, actorOf(request), request.body);
      return reply.status(201).send({
        member: await getMember(ctx, id),
        may: await memberPermissions(ctx, principal, id),
      });
    },
  );

  app.patch(
    '/members/:id',
    {
      config: { access: access.signedIn },
      schema: {
        tags: ['members'],
        summary: 'Edit a member record (the branch changes only through a transfer)',
        params: IdParams,
        body: UpdateMemberRequest,
        response: { 200: MemberDetail, ...errorResponses },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const { id } = request.params;
      if (!(await canViewMember(ctx, principal, id))) throw notFound('Member');
      const home = await memberHome(ctx.database.db, id);
      if (!home || !(await canManageMembersOf(ctx, principal, home.branchId))) {
        throw forbidden('Only the branch’s secretary or organisation officer, or higher, may edit');
      }
      await updateMember(ctx, actorOf(request), id, request.body);
      return { member: await getMember(ctx, id), may: await memberPermissions(ctx, principal, id) };
    },
  );

  app.post(
    '/members/:id/reveal',
    {
      config: {
        access: access.signedIn,
        rateLimit: { max: 60, timeWindow: '1 minute', keyGenerator: perAccount },
      },
      schema: {
        tags: ['members'],
        summary: 'Show one personal field in the clear (audited)',
        description:
          'For the member themself and the roster officers of their branch and above; never for administrators.',
        params: IdParams,
        body: RevealRequest,
        response: { 200: RevealResponse, ...errorResponses },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const { id } = request.params;
      if (!(await canViewMember(ctx, principal, id))) throw notFound('Member');
      if (!(await canRevealMember(ctx, principal, id))) {
        throw forbidden('Your role does not need this member’s personal data');
      }
      const { field } = request.body;
      return { field, value: await revealMember(ctx, actorOf(request), id, field) };
    },
  );
};

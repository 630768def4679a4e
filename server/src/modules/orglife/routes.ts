import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import {
  AdvanceOrgLifeRequest,
  CloseRectificationRequest,
  CreateOpinionRequest,
  CreateOrgLifeMeetingRequest,
  CreateRectificationRequest,
  CriticismRequest,
  IdParams,
  MemberParams,
  OrgLifeCriticismRecord,
  OrgLifeListQuery,
  OrgLifeMeeting,
  OrgLifeMeetings,
  OrgLifeMembers,
  OrgLifeOpinions,
  OrgLifeReport,
  OrgLifeTargets,
  Rectification,
  RectificationListQuery,
  Rectifications,
  SelfCriticismRequest,
  UpdateOrgLifeMeetingRequest,
  UpdateRectificationRequest,
} from '@tongxin/contract';
import { access } from '../../platform/http/access.ts';
import { actorOf, principalOf } from '../../platform/http/actor.ts';
import { errorResponses, forbidden, notFound } from '../../platform/http/errors.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { registerFileOwnerAccess } from '../files/service.ts';
import { canManageCycle, orgLifeRights, type OrgLifeRights } from './policy.ts';
import { reportDocx } from './report-docx.ts';
import * as orglife from './service.ts';

const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
/** Sent as bytes: Fastify passes a Buffer through without serialising it. */
const DocxFile = Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: '.docx' });
const attachment = (ascii: string, utf8: string) =>
  `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(utf8)}`;

export const orgLifeRoutes: FastifyPluginAsyncTypebox<{ ctx: ServiceContext }> = async (
  app,
  { ctx },
) => {
  const { db } = ctx.database;
  const tags = ['orglife'];
  const signedIn = { access: access.signedIn };
  // Evidence files are readable by whoever may see the cycle the item belongs to.
  registerFileOwnerAccess(orglife.RECTIFICATION_FILE_OWNER, (c, accountId, ownerId) =>
    orglife.mayReadRectificationFile(c, accountId, ownerId),
  );

  const rightsOf = (request: FastifyRequest) => orgLifeRights(ctx, principalOf(request));
  const visible = async (request: FastifyRequest, id: string) => {
    const rights = await rightsOf(request);
    return { rights, row: await orglife.visibleMeeting(db, rights, id) };
  };
  /** Seen by the caller, and run by the caller: 404 when unseen, 403 for a plain member. */
  const managed = async (request: FastifyRequest, id: string) => {
    const found = await visible(request, id);
    if (!canManageCycle(found.rights, found.row)) {
      throw forbidden('Only the branch committee and higher levels run the cycle');
    }
    return found;
  };
  const view = (rights: OrgLifeRights, id: string) =>
    orglife.visibleMeeting(db, rights, id).then((row) => orglife.meetingView(db, rights, row));
  /** The item and its cycle, as seen by the caller. */
  const item = async (request: FastifyRequest, id: string) => {
    const found = await orglife.findRectification(db, id);
    if (!found) throw notFound('Rectification item');
    return { item: found, ...(await visible(request, found.meetingId)) };
  };

  app.get(
    '/org-life/meetings',
    {
      config: signedIn,
      schema: {
        tags,
        summary: 'Org life meeting cycles the caller sees, or the reports submitted to them',
        querystring: OrgLifeListQuery,
        response: { 200: OrgLifeMeetings, ...errorResponses },
      },
    },
    async (request) => orglife.listMeetings(db, await rightsOf(request), request.query),
  );

  app.get(
    '/org-life/targets',
    {
      config: signedIn,
      schema: {
        tags,
        summary: 'Branches where the caller may open a cycle (none for plain members)',
        response: { 200: OrgLifeTargets, ...errorResponses },
      },
    },
    async (request) => orglife.orgLifeTargets(db, await rightsOf(request)),
  );

  app.post(
    '/org-life/meetings',
    {
      config: signedIn,
      schema: {
        tags,
        summary: 'Open an org life meeting cycle for a branch and year',
        body: CreateOrgLifeMeetingRequest,
        response: { 201: OrgLifeMeeting, ...errorResponses },
      },
    },
    async (request, reply) => {
      const rights = await rightsOf(request);
      if (!rights.manageScope.includes(request.body.orgId)) {
        throw forbidden('Cycles are opened by the committee of the branch or above');
      }
      const id = await orglife.createMeeting(ctx, actorOf(request), request.body);
      return reply.status(201).send(await view(rights, id));
    },
  );

  app.get(
    '/org-life/meetings/:id',
    {
      config: signedIn,
      schema: {
        tags,
        summary: 'One cycle with its counts and what the caller may do',
        params: IdParams,
        response: { 200: OrgLifeMeeting, ...errorResponses },
      },
    },
    async (request) => view(await rightsOf(request), request.params.id),
  );

  app.patch(
    '/org-life/meetings/:id',
    {
      config: signedIn,
      schema: {
        tags,
        summary: 'Edit a cycle: title, date, linked activity, meeting and opinion summaries',
        params: IdParams,
        body: UpdateOrgLifeMeetingRequest,
        response: { 200: OrgLifeMeeting, ...errorResponses },
      },
    },
    async (request) => {
      const { rights, row } = await managed(request, request.params.id);
      await orglife.updateMeeting(ctx, actorOf(request), row.id, request.body);
      return view(rights, row.id);
    },
  );

  app.post(
    '/org-life/meetings/:id/advance',
    {
      config: signedIn,
      schema: {
        tags,
        summary: 'Move the cycle one step: preparing → held → rectifying',
        params: IdParams,
        body: AdvanceOrgLifeRequest,
        response: { 200: OrgLifeMeeting, ...errorResponses },
      },
    },
    async (request) => {
      const { rights, row } = await managed(request, request.params.id);
      await orglife.advanceMeeting(ctx, actorOf(request), row.id, request.body.status);
      return view(rights, row.id);
    },
  );

  app.post(
    '/org-life/meetings/:id/submit',
    {
      config: signedIn,
      schema: {
        tags,
        summary: 'Submit the report to the parent organisation (closes the cycle)',
        params: IdParams,
        response: { 200: OrgLifeMeeting, ...errorResponses },
      },
    },
    async (request) => {
      const { rights, row } = await managed(request, request.params.id);
      await orglife.submitReport(ctx, actorOf(request), principalOf(request).displayName, row.id);
      return view(rights, row.id);
    },
  );

  app.get(
    '/org-life/meetings/:id/members',
    {
      config: signedIn,
      schema: {
        tags,
        summary: 'Members of the branch, with their records’ state where the caller may read it',
        params: IdParams,
        response: { 200: OrgLifeMembers, ...errorResponses },
      },
    },
    async (request) => {
      const { rights, row } = await visible(request, request.params.id);
      return orglife.cycleMembers(db, rights, row);
    },
  );

  app.get(
    '/org-life/meetings/:id/opinions',
    {
      config: signedIn,
      schema: {
        tags,
        summary: 'Opinions collected (committee and higher levels)',
        params: IdParams,
        response: { 200: OrgLifeOpinions, ...errorResponses },
      },
    },
    async (request) => orglife.listOpinions(db, (await managed(request, request.params.id)).row),
  );

  app.post(
    '/org-life/meetings/:id/opinions',
    {
      config: signedIn,
      schema: {
        tags,
        summary: 'Give an opinion (members, named) or record one (committee: masses, anonymous)',
        params: IdParams,
        body: CreateOpinionRequest,
        response: { 201: Type.Object({ id: Type.String({ format: 'uuid' }) }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const { rights, row } = await visible(request, request.params.id);
      const id = await orglife.addOpinion(ctx, actorOf(request), rights, row, request.body);
      return reply.status(201).send({ id });
    },
  );

  app.get(
    '/org-life/meetings/:id/members/:memberId/criticisms',
    {
      config: signedIn,
      schema: {
        tags,
        summary:
          'A member’s self-criticism and criticisms received (that member, committee, above)',
        params: MemberParams,
        response: { 200: OrgLifeCriticismRecord, ...errorResponses },
      },
    },
    async (request) => {
      const { rights, row } = await visible(request, request.params.id);
      return orglife.criticismRecord(ctx, rights, row, request.params.memberId);
    },
  );

  app.put(
    '/org-life/meetings/:id/members/:memberId/self-criticism',
    {
      config: signedIn,
      schema: {
        tags,
        summary: 'Record or replace a member’s self-criticism (the member, or the committee)',
        params: MemberParams,
        body: SelfCriticismRequest,
        response: { 200: OrgLifeCriticismRecord, ...errorResponses },
      },
    },
    async (request) => {
      const { rights, row } = await visible(request, request.params.id);
      const { memberId } = request.params;
      await orglife.setSelfCriticism(
        ctx,
        actorOf(request),
        rights,
        row,
        memberId,
        request.body.body,
      );
      return orglife.criticismRecord(ctx, rights, row, memberId);
    },
  );

  app.post(
    '/org-life/meetings/:id/members/:memberId/criticisms',
    {
      config: signedIn,
      schema: {
        tags,
        summary: 'Record a criticism a member received at the meeting, and who gave it (committee)',
        params: MemberParams,
        body: CriticismRequest,
        response: { 201: OrgLifeCriticismRecord, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { rights, row } = await managed(request, request.params.id);
      const { memberId } = request.params;
      await orglife.addCriticism(ctx, actorOf(request), rights, row, memberId, request.body);
      return reply.status(201).send(await orglife.criticismRecord(ctx, rights, row, memberId));
    },
  );

  app.get(
    '/org-life/meetings/:id/rectifications',
    {
      config: signedIn,
      schema: {
        tags,
        summary: 'Rectification items of a cycle, by deadline; overdue ones flagged',
        params: IdParams,
        querystring: RectificationListQuery,
        response: { 200: Rectifications, ...errorResponses },
      },
    },
    async (request) => {
      const { row } = await visible(request, request.params.id);
      return orglife.listRectifications(db, row.id, request.query);
    },
  );

  app.post(
    '/org-life/meetings/:id/rectifications',
    {
      config: signedIn,
      schema: {
        tags,
        summary: 'Add a rectification item: problem, measure, owner, deadline',
        params: IdParams,
        body: CreateRectificationRequest,
        response: { 201: Rectification, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { row } = await managed(request, request.params.id);
      const id = await orglife.addRectification(ctx, actorOf(request), row, request.body);
      const created = await orglife.findRectification(db, id);
      if (!created) throw notFound('Rectification item');
      return reply.status(201).send(await orglife.rectificationView(db, created));
    },
  );

  app.patch(
    '/org-life/rectifications/:id',
    {
      config: signedIn,
      schema: {
        tags,
        summary: 'Edit a rectification item or mark it in progress (committee)',
        params: IdParams,
        body: UpdateRectificationRequest,
        response: { 200: Rectification, ...errorResponses },
      },
    },
    async (request) => {
      const found = await item(request, request.params.id);
      if (!canManageCycle(found.rights, found.row)) {
        throw forbidden('Only the branch committee and higher levels edit rectification items');
      }
      await orglife.updateRectification(
        ctx,
        actorOf(request),
        found.row,
        found.item.id,
        request.body,
      );
      const fresh = await orglife.findRectification(db, found.item.id);
      if (!fresh) throw notFound('Rectification item');
      return orglife.rectificationView(db, fresh);
    },
  );

  app.post(
    '/org-life/rectifications/:id/close',
    {
      config: signedIn,
      schema: {
        tags,
        summary: 'Close a rectification item with its evidence (committee, or the item’s owner)',
        params: IdParams,
        body: CloseRectificationRequest,
        response: { 200: Rectification, ...errorResponses },
      },
    },
    async (request) => {
      const found = await item(request, request.params.id);
      const owner = found.rights.memberId === found.item.ownerMemberId;
      if (!owner && !canManageCycle(found.rights, found.row)) {
        throw forbidden('The committee or the item’s owner closes it');
      }
      await orglife.closeRectification(
        ctx,
        actorOf(request),
        { accountId: found.rights.accountId, name: principalOf(request).displayName },
        found.row,
        found.item.id,
        request.body,
      );
      const fresh = await orglife.findRectification(db, found.item.id);
      if (!fresh) throw notFound('Rectification item');
      return orglife.rectificationView(db, fresh);
    },
  );

  app.get(
    '/org-life/meetings/:id/report',
    {
      config: signedIn,
      schema: {
        tags,
        summary: 'The report upward, generated from the records (committee and higher levels)',
        params: IdParams,
        response: { 200: OrgLifeReport, ...errorResponses },
      },
    },
    async (request) => {
      const { rights, row } = await managed(request, request.params.id);
      return orglife.buildReport(ctx, rights, row);
    },
  );

  app.get(
    '/org-life/meetings/:id/report.docx',
    {
      config: signedIn,
      schema: {
        tags,
        summary: 'The report upward as a Word document (.docx, audited)',
        params: IdParams,
        produces: [DOCX_TYPE],
        response: { 200: DocxFile, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { rights, row } = await managed(request, request.params.id);
      const report = await orglife.buildReport(ctx, rights, row);
      const file = await reportDocx(report);
      await orglife.recordReportDownload(ctx, actorOf(request), row);
      const name = `${report.meeting.orgName}${row.year}年度组织生活会情况报告.docx`;
      return reply
        .type(DOCX_TYPE)
        .header('content-disposition', attachment('org-life-report.docx', name))
        .send(file);
    },
  );
};

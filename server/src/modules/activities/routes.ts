import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import {
  Activity,
  ActivityCalendar,
  ActivityCalendarQuery,
  ActivityCandidates,
  ActivityCandidatesQuery,
  ActivityList,
  ActivityListQuery,
  ActivitySignInCode,
  ActivitySignInInput,
  ActivitySignInResult,
  ActivityTargets,
  ActivityVersion,
  ActivityVersions,
  AmendmentInput,
  AttachmentsInput,
  AttendanceInput,
  CreateActivityRequest,
  IdParams,
  LeaveDecisionInput,
  LeaveParams,
  LeaveRequestInput,
  MakeupInput,
  MinutesInput,
  Ok,
  PartnerOrgs,
  PartnerOrgsQuery,
  SIGN_IN_STEP_SECONDS,
  UpdateActivityRequest,
  VersionParams,
  type Activity as ActivityView,
} from '@tongxin/contract';
import { access } from '../../platform/http/access.ts';
import { actorOf, principalOf } from '../../platform/http/actor.ts';
import { AppError, errorResponses, forbidden, notFound } from '../../platform/http/errors.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { contentDisposition } from '../files/names.ts';
import { findUser } from '../identity/service.ts';
import { registerFileOwnerAccess } from '../files/service.ts';
import { minutesDocx } from './docx.ts';
import {
  amendActivity,
  attachFiles,
  createActivity,
  decideLeave,
  deleteActivity,
  finaliseActivity,
  getVersion,
  listVersions,
  markAttendance,
  recordMakeup,
  requestLeave,
  saveMinutes,
  signIn,
  updateActivity,
  type Operator,
} from './lifecycle.ts';
import { activityRights, mayManage, type ActivityRights } from './policy.ts';
import { publishActivity } from './publish.ts';
import {
  ACTIVITY_FILE_OWNER,
  activityCalendar,
  activityCandidates,
  activityTargets,
  buildRecord,
  findActivity,
  leaveRequestsOf,
  listActivities,
  partnerOrgs,
  signInWindow,
  visibleActivity,
  type ActivityRow,
} from './service.ts';
import { codeIsCurrent, signInCodeAt, stepEndsAt } from './sign-in-code.ts';
import { TYPE_NAMES } from './labels.ts';

const tags = ['activities'];

export const activityRoutes: FastifyPluginAsyncTypebox<{ ctx: ServiceContext }> = async (
  app,
  { ctx },
) => {
  const { db } = ctx.database;

  // Photos and attachments are readable by whoever may see the activity.
  registerFileOwnerAccess(ACTIVITY_FILE_OWNER, async (c, accountId, ownerId) => {
    const user = await findUser(c.database.db, accountId);
    if (!user || user.disabledAt) return false;
    const rights = await activityRights(c, {
      userId: user.id,
      username: user.username,
      displayName: user.displayName,
      adminRole: user.adminRole,
      memberId: user.memberId,
      sessionId: '',
      gate: null,
    });
    return visibleActivity(c.database.db, rights, ownerId).then(
      () => true,
      () => false,
    );
  });

  const rightsOf = (request: FastifyRequest) => activityRights(ctx, principalOf(request));
  const operatorOf = (request: FastifyRequest): Operator => {
    const p = principalOf(request);
    return {
      actor: actorOf(request),
      accountId: p.userId,
      displayName: p.displayName,
      memberId: p.memberId,
    };
  };
  const requirePlanner = async (request: FastifyRequest): Promise<ActivityRights> => {
    const rights = await rightsOf(request);
    if (rights.manageScope.length === 0) {
      throw forbidden('Only the officers of an organisation plan its activities');
    }
    return rights;
  };
  /** Seen by the caller (else 404) and managed by them (else 403). */
  const managed = async (request: FastifyRequest, id: string) => {
    const rights = await rightsOf(request);
    const row = await visibleActivity(db, rights, id);
    if (!mayManage(rights, row)) {
      throw forbidden('Only the officers of the host organisation manage this activity');
    }
    return { rights, row };
  };

  async function view(rights: ActivityRights, row: ActivityRow): Promise<ActivityView> {
    const fresh = (await findActivity(db, row.id)) ?? row;
    const manage = mayManage(rights, fresh);
    const record = await buildRecord(db, fresh);
    const leaveRequests = await leaveRequestsOf(
      db,
      fresh.id,
      manage ? null : (rights.memberId ?? '00000000-0000-0000-0000-000000000000'),
    );
    const now = Date.now();
    const { opensAt, closesAt } = signInWindow(fresh);
    const mine = record.attendees.find((a) => a.memberId === rights.memberId);
    const pending = leaveRequests.some(
      (l) => l.memberId === rights.memberId && l.status === 'pending',
    );
    const live = fresh.status === 'published';
    return {
      record,
      leaveRequests,
      signInOpensAt: opensAt.toISOString(),
      signInClosesAt: closesAt.toISOString(),
      may: {
        edit: manage && fresh.status !== 'finalised',
        publish: manage && fresh.status === 'draft',
        delete: manage && fresh.status === 'draft',
        manage: manage && fresh.status !== 'draft',
        finalise: manage && live,
        amend: manage && fresh.status === 'finalised',
        requestLeave:
          live &&
          mine !== undefined &&
          mine.status !== 'leave' &&
          !pending &&
          now < fresh.endsAt.getTime(),
        signIn:
          live &&
          mine !== undefined &&
          mine.status !== 'present' &&
          now >= opensAt.getTime() &&
          now <= closesAt.getTime(),
      },
    };
  }

  const viewOf = async (request: FastifyRequest, id: string) => {
    const rights = await rightsOf(request);
    return view(rights, await visibleActivity(db, rights, id));
  };

  app.get(
    '/activities',
    {
      config: { access: access.signedIn },
      schema: {
        tags,
        summary: 'Activities of the organisations the caller sees, newest start first',
        querystring: ActivityListQuery,
        response: { 200: ActivityList, ...errorResponses },
      },
    },
    async (request) => listActivities(db, await rightsOf(request), request.query),
  );

  app.get(
    '/activities/calendar',
    {
      config: { access: access.signedIn },
      schema: {
        tags,
        summary: 'Activities starting in one month (Asia/Shanghai), for the calendar',
        querystring: ActivityCalendarQuery,
        response: { 200: ActivityCalendar, ...errorResponses },
      },
    },
    async (request) => ({
      items: await activityCalendar(db, await rightsOf(request), request.query),
    }),
  );

  app.get(
    '/activities/targets',
    {
      config: { access: access.signedIn },
      schema: {
        tags,
        summary: 'Organisations where the caller may plan activities (none for non-officers)',
        response: { 200: ActivityTargets, ...errorResponses },
      },
    },
    // Empty rather than 403: every member's screen asks, to decide whether to offer planning.
    async (request) => activityTargets(ctx, await rightsOf(request)),
  );

  app.get(
    '/activities/candidates',
    {
      config: { access: access.signedIn },
      schema: {
        tags,
        summary: 'Members the planner may pick, with the roster default of the type',
        querystring: ActivityCandidatesQuery,
        response: { 200: ActivityCandidates, ...errorResponses },
      },
    },
    async (request) => {
      const rights = await requirePlanner(request);
      if (!rights.manageScope.includes(request.query.orgId)) throw notFound('Organisation');
      return activityCandidates(
        db,
        request.query.orgId,
        request.query.type,
        request.query.partnerOrgIds ?? [],
      );
    },
  );

  app.get(
    '/activities/partner-orgs',
    {
      config: { access: access.signedIn },
      schema: {
        tags,
        summary: 'Branches a joint activity (联学联建) of the organisation may invite',
        querystring: PartnerOrgsQuery,
        response: { 200: PartnerOrgs, ...errorResponses },
      },
    },
    async (request) => {
      const rights = await requirePlanner(request);
      if (!rights.manageScope.includes(request.query.orgId)) throw notFound('Organisation');
      return partnerOrgs(ctx, request.query.orgId);
    },
  );

  app.post(
    '/activities',
    {
      config: { access: access.signedIn },
      schema: {
        tags,
        summary: 'Plan an activity (a draft); expected attendees default from the roster',
        body: CreateActivityRequest,
        response: { 201: Activity, ...errorResponses },
      },
    },
    async (request, reply) => {
      const rights = await requirePlanner(request);
      if (!rights.manageScope.includes(request.body.orgId)) {
        throw forbidden('Activities are planned for your own organisation or those below it');
      }
      const id = await createActivity(ctx, operatorOf(request), request.body);
      return reply.status(201).send(await viewOf(request, id));
    },
  );

  app.get(
    '/activities/:id',
    {
      config: { access: access.signedIn },
      schema: {
        tags,
        summary: 'One activity: the record, leave requests, sign-in window, what the caller may do',
        params: IdParams,
        response: { 200: Activity, ...errorResponses },
      },
    },
    async (request) => viewOf(request, request.params.id),
  );

  app.patch(
    '/activities/:id',
    {
      config: { access: access.signedIn },
      schema: {
        tags,
        summary: 'Edit a draft or published activity (a finalised one is amended)',
        params: IdParams,
        body: UpdateActivityRequest,
        response: { 200: Activity, ...errorResponses },
      },
    },
    async (request) => {
      const { row } = await managed(request, request.params.id);
      await updateActivity(ctx, operatorOf(request), row.id, request.body);
      return viewOf(request, row.id);
    },
  );

  app.delete(
    '/activities/:id',
    {
      config: { access: access.signedIn },
      schema: {
        tags,
        summary: 'Delete a draft',
        params: IdParams,
        response: { 200: Ok, ...errorResponses },
      },
    },
    async (request) => {
      const { row } = await managed(request, request.params.id);
      await deleteActivity(ctx, operatorOf(request), row.id);
      return { ok: true as const };
    },
  );

  app.post(
    '/activities/:id/publish',
    {
      config: { access: access.signedIn },
      schema: {
        tags,
        summary: 'Publish: notice to the expected attendees and a discussion topic',
        params: IdParams,
        response: { 200: Activity, ...errorResponses },
      },
    },
    async (request) => {
      const { row } = await managed(request, request.params.id);
      await publishActivity(ctx, operatorOf(request), row.id);
      return viewOf(request, row.id);
    },
  );

  app.post(
    '/activities/:id/leave-requests',
    {
      config: { access: access.signedIn },
      schema: {
        tags,
        summary: '请假: an expected attendee asks for leave, with a reason',
        params: IdParams,
        body: LeaveRequestInput,
        response: { 200: Activity, ...errorResponses },
      },
    },
    async (request) => {
      const rights = await rightsOf(request);
      const row = await visibleActivity(db, rights, request.params.id);
      await requestLeave(ctx, operatorOf(request), row.id, request.body.reason);
      return viewOf(request, row.id);
    },
  );

  app.post(
    '/activities/:id/leave-requests/:requestId/decision',
    {
      config: { access: access.signedIn },
      schema: {
        tags,
        summary: 'Approve or refuse a leave request (officers)',
        params: LeaveParams,
        body: LeaveDecisionInput,
        response: { 200: Activity, ...errorResponses },
      },
    },
    async (request) => {
      const { row } = await managed(request, request.params.id);
      await decideLeave(
        ctx,
        operatorOf(request),
        row.id,
        request.params.requestId,
        request.body.approve,
        request.body.note,
      );
      return viewOf(request, row.id);
    },
  );

  app.put(
    '/activities/:id/attendance',
    {
      config: { access: access.signedIn },
      schema: {
        tags,
        summary: 'Mark attendance: present, absent (with reason) or on leave',
        params: IdParams,
        body: AttendanceInput,
        response: { 200: Activity, ...errorResponses },
      },
    },
    async (request) => {
      const { row } = await managed(request, request.params.id);
      await markAttendance(ctx, operatorOf(request), row.id, request.body);
      return viewOf(request, row.id);
    },
  );

  app.get(
    '/activities/:id/sign-in-code',
    {
      config: { access: access.signedIn },
      schema: {
        tags,
        summary: 'The rotating sign-in code and the URL its QR encodes (officers, in the window)',
        params: IdParams,
        response: { 200: ActivitySignInCode, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { row } = await managed(request, request.params.id);
      if (row.status !== 'published') {
        throw new AppError(
          409,
          'sign_in_closed',
          'Sign-in is open only while the activity is published',
        );
      }
      const now = new Date();
      const { opensAt, closesAt } = signInWindow(row);
      if (now < opensAt) {
        throw new AppError(409, 'sign_in_not_open', 'Sign-in has not opened yet', {
          opensAt: opensAt.toISOString(),
        });
      }
      if (now > closesAt) throw new AppError(409, 'sign_in_closed', 'Sign-in has closed');
      const code = signInCodeAt(ctx.crypto, row.id, now);
      const origin = ctx.config.publicUrl ?? `${request.protocol}://${request.host}`;
      reply.header('cache-control', 'no-store');
      return {
        code,
        url: `${origin}/activities/${row.id}/sign-in?code=${code}`,
        stepSeconds: SIGN_IN_STEP_SECONDS,
        expiresAt: stepEndsAt(now).toISOString(),
        windowOpensAt: opensAt.toISOString(),
        windowClosesAt: closesAt.toISOString(),
      };
    },
  );

  app.post(
    '/activities/:id/sign-in',
    {
      config: { access: access.signedIn },
      schema: {
        tags,
        summary: 'Sign in with the scanned code (expected attendees, in the window); idempotent',
        params: IdParams,
        body: ActivitySignInInput,
        response: { 200: ActivitySignInResult, ...errorResponses },
      },
    },
    async (request) => {
      const rights = await rightsOf(request);
      const row = await visibleActivity(db, rights, request.params.id);
      const now = new Date();
      const result = await signIn(
        ctx,
        operatorOf(request),
        row.id,
        (r) => codeIsCurrent(ctx.crypto, r.id, request.body.code.trim(), now),
        now,
      );
      return { signedInAt: result.signedInAt.toISOString(), already: result.already };
    },
  );

  app.put(
    '/activities/:id/minutes',
    {
      config: { access: access.signedIn },
      schema: {
        tags,
        summary: 'Replace the minutes: agenda, speeches, resolutions (quorum checked), summary',
        params: IdParams,
        body: MinutesInput,
        response: { 200: Activity, ...errorResponses },
      },
    },
    async (request) => {
      const { row } = await managed(request, request.params.id);
      await saveMinutes(ctx, operatorOf(request), row.id, request.body);
      return viewOf(request, row.id);
    },
  );

  app.post(
    '/activities/:id/attachments',
    {
      config: { access: access.signedIn },
      schema: {
        tags,
        summary: 'Attach photos and documents uploaded with POST /files',
        params: IdParams,
        body: AttachmentsInput,
        response: { 200: Activity, ...errorResponses },
      },
    },
    async (request) => {
      const { row } = await managed(request, request.params.id);
      await attachFiles(ctx, operatorOf(request), row.id, request.body.fileIds);
      return viewOf(request, row.id);
    },
  );

  app.post(
    '/activities/:id/makeups',
    {
      config: { access: access.signedIn },
      schema: {
        tags,
        summary: '补学: record an absentee’s make-up study (confirmed by the caller)',
        params: IdParams,
        body: MakeupInput,
        response: { 200: Activity, ...errorResponses },
      },
    },
    async (request) => {
      const { row } = await managed(request, request.params.id);
      await recordMakeup(ctx, operatorOf(request), row.id, request.body);
      return viewOf(request, row.id);
    },
  );

  app.post(
    '/activities/:id/finalise',
    {
      config: { access: access.signedIn },
      schema: {
        tags,
        summary: 'Finalise (lock) the record; unmarked attendees become absent; version 1',
        params: IdParams,
        response: { 200: Activity, ...errorResponses },
      },
    },
    async (request) => {
      const { row } = await managed(request, request.params.id);
      await finaliseActivity(ctx, operatorOf(request), row.id);
      return viewOf(request, row.id);
    },
  );

  app.post(
    '/activities/:id/amendments',
    {
      config: { access: access.signedIn },
      schema: {
        tags,
        summary: 'Correct a finalised record, with a reason: the next version',
        params: IdParams,
        body: AmendmentInput,
        response: { 200: Activity, ...errorResponses },
      },
    },
    async (request) => {
      const { row } = await managed(request, request.params.id);
      await amendActivity(ctx, operatorOf(request), row.id, request.body);
      return viewOf(request, row.id);
    },
  );

  app.get(
    '/activities/:id/versions',
    {
      config: { access: access.signedIn },
      schema: {
        tags,
        summary: 'The versions of a finalised record, newest first',
        params: IdParams,
        response: { 200: ActivityVersions, ...errorResponses },
      },
    },
    async (request) => {
      const rights = await rightsOf(request);
      const row = await visibleActivity(db, rights, request.params.id);
      return listVersions(db, row.id);
    },
  );

  app.get(
    '/activities/:id/versions/:version',
    {
      config: { access: access.signedIn },
      schema: {
        tags,
        summary: 'One version of a finalised record, as it stood',
        params: VersionParams,
        response: { 200: ActivityVersion, ...errorResponses },
      },
    },
    async (request) => {
      const rights = await rightsOf(request);
      const row = await visibleActivity(db, rights, request.params.id);
      return getVersion(db, row.id, request.params.version);
    },
  );

  app.get(
    '/activities/:id/minutes.docx',
    {
      config: { access: access.signedIn },
      schema: {
        tags,
        summary: 'The minutes (会议记录) as a Word document',
        params: IdParams,
        response: {
          200: Type.Unknown({
            description: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
          }),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const rights = await rightsOf(request);
      const row = await visibleActivity(db, rights, request.params.id);
      const record = await buildRecord(db, row);
      const bytes = await minutesDocx(record);
      const day = record.startsAt.slice(0, 10);
      return reply
        .header(
          'content-type',
          'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        )
        .header(
          'content-disposition',
          contentDisposition(
            'attachment',
            `${day} ${TYPE_NAMES[row.type]} ${row.title} 会议记录.docx`,
          ),
        )
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .send(bytes);
    },
  );
};

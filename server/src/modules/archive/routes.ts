import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Readable } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import {
  ArchiveCheckpoint,
  ArchiveCheckpointList,
  ArchiveConsistencyProof,
  ArchiveConsistencyQuery,
  ArchiveEntry,
  ArchiveExport,
  ArchiveExportList,
  ArchiveExportRequest,
  ArchiveInclusionProof,
  ArchiveList,
  ArchiveListQuery,
  ArchiveOverview,
  ArchiveRecorded,
  ArchiveTopicRequest,
  ArchiveVerifyResult,
  IdParams,
} from '@tongxin/contract';
import { recordAudit } from '../../platform/audit/audit.ts';
import { access } from '../../platform/http/access.ts';
import { actorOf, principalOf } from '../../platform/http/actor.ts';
import { errorResponses, forbidden, notFound } from '../../platform/http/errors.ts';
import type { ServiceContext } from '../../platform/context.ts';
import { fingerprintOf } from '../../platform/archive/signing.ts';
import { listOrgs, subtreeIds } from '../orgs/service.ts';
import { exportView, findExport, listExports, startExport } from './exports.ts';
import { archiveRights, mayBrowse, mayReadOrg, scopeOf, type ArchiveRights } from './policy.ts';
import {
  checkpointNow,
  checkpointView,
  consistencyProof,
  entryDetail,
  findEntry,
  inclusionProof,
  latestCheckpoint,
  listCheckpoints,
  listEntries,
  signingKey,
  treeSize,
  verifyArchive,
} from './service.ts';
import { archiveTopic } from './topics.ts';

/** The zip, streamed from storage. */
const Bytes = Type.Unsafe<Readable>({ type: 'string', format: 'binary' });
const TopicParams = Type.Object(
  { topicId: Type.String({ format: 'uuid' }) },
  { additionalProperties: false },
);

export const archiveRoutes: FastifyPluginAsyncTypebox<{ ctx: ServiceContext }> = async (
  app,
  { ctx },
) => {
  const { db } = ctx.database;
  /** Readers only: everyone else is told the archive is not theirs to read. */
  const reader = async (request: FastifyRequest): Promise<ArchiveRights> => {
    const rights = await archiveRights(ctx, principalOf(request));
    if (!mayBrowse(rights)) {
      throw forbidden('The archive is read by the 审计管理员 and officers with read_archive');
    }
    return rights;
  };
  const visibleEntry = async (rights: ArchiveRights, id: string) => {
    const row = await findEntry(db, id);
    if (!row || !mayReadOrg(rights, row.orgId)) throw notFound('Archive entry');
    return row;
  };

  app.get(
    '/archive',
    {
      config: { access: access.signedIn },
      schema: {
        tags: ['archive'],
        summary:
          'What the caller may browse (may.browse false: nothing), tree size, latest checkpoint, key',
        response: { 200: ArchiveOverview, ...errorResponses },
      },
    },
    // Every signed-in account may ask (the menu does): non-readers get an empty answer, not a 403.
    async (request) => {
      const rights = await archiveRights(ctx, principalOf(request));
      const browse = mayBrowse(rights);
      const orgs = browse ? await listOrgs(ctx, rights.all ? 'all' : rights.scope) : [];
      const byId = new Map(orgs.map((o) => [o.id, o]));
      const pathOf = (id: string): string => {
        const names: string[] = [];
        for (let o = byId.get(id); o; o = o.parentId ? byId.get(o.parentId) : undefined) {
          names.unshift(o.name);
        }
        return names.join(' / ');
      };
      const publicKey = signingKey(ctx.config).publicKey;
      return {
        orgs: orgs
          .map((o) => ({ id: o.id, name: o.name, path: pathOf(o.id) }))
          .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
        treeSize: browse ? await treeSize(db) : 0,
        latestCheckpoint: browse ? await latestCheckpoint(db) : null,
        publicKey,
        fingerprint: fingerprintOf(publicKey),
        may: { browse, verifyAll: rights.all },
      };
    },
  );

  app.get(
    '/archive/entries',
    {
      config: { access: access.signedIn },
      schema: {
        tags: ['archive'],
        summary: 'Archive entries by organisation, year (Beijing time) and kind, newest first',
        querystring: ArchiveListQuery,
        response: { 200: ArchiveList, ...errorResponses },
      },
    },
    async (request) => {
      const rights = await reader(request);
      const { orgId, includeSubtree } = request.query;
      if (!orgId) return listEntries(db, scopeOf(rights), request.query);
      if (!mayReadOrg(rights, orgId)) throw notFound('Organisation');
      const orgIds = includeSubtree ? await subtreeIds(db, [orgId]) : [orgId];
      return listEntries(db, orgIds, request.query);
    },
  );

  app.get(
    '/archive/entries/:id',
    {
      config: { access: access.signedIn },
      schema: {
        tags: ['archive'],
        summary: 'One archive entry with its content, exact leaf data and versions',
        params: IdParams,
        response: { 200: ArchiveEntry, ...errorResponses },
      },
    },
    async (request) => {
      const rights = await reader(request);
      return entryDetail(db, await visibleEntry(rights, request.params.id));
    },
  );

  app.get(
    '/archive/entries/:id/proof',
    {
      config: { access: access.signedIn },
      schema: {
        tags: ['archive'],
        summary: 'RFC 9162 inclusion proof of an entry in the latest signed checkpoint',
        description: '409 archive_not_checkpointed until a checkpoint covers the entry.',
        params: IdParams,
        response: { 200: ArchiveInclusionProof, ...errorResponses },
      },
    },
    async (request) => {
      const rights = await reader(request);
      const row = await visibleEntry(rights, request.params.id);
      return inclusionProof(db, row.seq);
    },
  );

  app.get(
    '/archive/checkpoints',
    {
      config: { access: access.signedIn },
      schema: {
        tags: ['archive'],
        summary: 'Signed checkpoints, newest first (at most 200)',
        response: { 200: ArchiveCheckpointList, ...errorResponses },
      },
    },
    async (request) => {
      await reader(request);
      return { items: await listCheckpoints(db) };
    },
  );

  app.post(
    '/archive/checkpoints',
    {
      config: { access: access.signedIn },
      schema: {
        tags: ['archive'],
        summary: 'Sign a checkpoint of the tree now (returns the latest if nothing was added)',
        response: { 200: ArchiveCheckpoint, ...errorResponses },
      },
    },
    async (request) => {
      await reader(request);
      return checkpointView(await checkpointNow(ctx, actorOf(request), 'demand'));
    },
  );

  app.get(
    '/archive/consistency',
    {
      config: { access: access.signedIn },
      schema: {
        tags: ['archive'],
        summary: 'RFC 9162 consistency proof between two checkpoints (by number)',
        querystring: ArchiveConsistencyQuery,
        response: { 200: ArchiveConsistencyProof, ...errorResponses },
      },
    },
    async (request) => {
      await reader(request);
      return consistencyProof(db, request.query.first, request.query.second);
    },
  );

  app.get(
    '/archive/verify',
    {
      config: { access: access.admin('audit') },
      schema: {
        tags: ['archive'],
        summary: 'Recompute the whole archive and name the first bad entry (审计管理员)',
        response: { 200: ArchiveVerifyResult, ...errorResponses },
      },
    },
    async (request) => {
      const result = await verifyArchive(db, signingKey(ctx.config).publicKey);
      await ctx.database.write((tx) =>
        recordAudit(tx, actorOf(request), {
          action: 'archive.verify',
          result: result.ok ? 'success' : 'failure',
          details: {
            entries: result.entries,
            checkpoints: result.checkpoints,
            firstBad: result.firstBad,
          },
        }),
      );
      return result;
    },
  );

  app.post(
    '/archive/topics/:topicId',
    {
      config: { access: access.signedIn },
      schema: {
        tags: ['archive'],
        summary:
          'Archive a topic with its messages (moderators of its space); again: a new version',
        params: TopicParams,
        body: ArchiveTopicRequest,
        response: { 201: ArchiveRecorded, ...errorResponses },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const recorded = await archiveTopic(
        ctx,
        { ...actor, userId: principalOf(request).userId },
        request.params.topicId,
        request.body.note,
      );
      return reply.status(201).send(recorded);
    },
  );

  app.get(
    '/archive/exports',
    {
      config: { access: access.signedIn },
      schema: {
        tags: ['archive'],
        summary: "The caller's recent package exports with their progress",
        response: { 200: ArchiveExportList, ...errorResponses },
      },
    },
    async (request) => {
      await reader(request);
      return { items: await listExports(db, principalOf(request).userId) };
    },
  );

  app.post(
    '/archive/exports',
    {
      config: { access: access.signedIn },
      schema: {
        tags: ['archive'],
        summary: "Export an organisation's archive for a period as a signed .zip (background job)",
        body: ArchiveExportRequest,
        response: { 202: ArchiveExport, ...errorResponses },
      },
    },
    async (request, reply) => {
      const rights = await reader(request);
      if (!mayReadOrg(rights, request.body.orgId)) throw notFound('Organisation');
      const job = await startExport(
        ctx,
        { ...actorOf(request), userId: principalOf(request).userId },
        request.body,
      );
      return reply.status(202).send(job);
    },
  );

  app.get(
    '/archive/exports/:id',
    {
      config: { access: access.signedIn },
      schema: {
        tags: ['archive'],
        summary: 'Progress of one export (its requester only)',
        params: IdParams,
        response: { 200: ArchiveExport, ...errorResponses },
      },
    },
    async (request) =>
      exportView(await findExport(db, request.params.id, principalOf(request).userId)),
  );

  app.get(
    '/archive/exports/:id/file',
    {
      config: { access: access.signedIn },
      schema: {
        tags: ['archive'],
        summary: 'Download a finished package (its requester only)',
        params: IdParams,
        response: { 200: Bytes, ...errorResponses },
      },
    },
    async (request, reply) => {
      const row = await findExport(db, request.params.id, principalOf(request).userId);
      const stream = row.fileKey ? await ctx.storage.get(row.fileKey) : null;
      if (row.status !== 'done' || !stream) throw notFound('Package');
      const day = row.createdAt.toISOString().slice(0, 10);
      return reply
        .type('application/zip')
        .header('x-content-type-options', 'nosniff')
        .header('content-length', String(row.size ?? 0))
        .header(
          'content-disposition',
          `attachment; filename="tongxin-archive-${day}.zip"; filename*=UTF-8''${encodeURIComponent(`党建档案-${row.orgName}-${row.fromDate}-${row.toDate}.zip`)}`,
        )
        .send(stream);
    },
  );
};

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ErrorBody } from '@tongxin/contract';
import { access } from '../../platform/http/access.ts';
import { migrationsPending } from '../../platform/db/migrate.ts';
import type { ServiceContext } from '../../platform/context.ts';

const Health = Type.Object({ status: Type.Literal('ok') });
const Readiness = Type.Object({
  status: Type.Union([Type.Literal('ready'), Type.Literal('not_ready')]),
  database: Type.Union([Type.Literal('ok'), Type.Literal('unreachable')]),
  engine: Type.Union([Type.Literal('pglite'), Type.Literal('postgres')]),
  pendingMigrations: Type.Integer(),
});

export const systemRoutes: FastifyPluginAsyncTypebox<{ ctx: ServiceContext }> = async (
  app,
  { ctx },
) => {
  app.get(
    '/healthz',
    {
      config: { access: access.public },
      schema: { tags: ['system'], summary: 'The process is alive', response: { 200: Health } },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/readyz',
    {
      config: { access: access.public },
      schema: {
        tags: ['system'],
        summary: 'The database is reachable and every migration is applied',
        response: { 200: Readiness, 503: Readiness },
      },
    },
    async (_request, reply) => {
      let reachable = true;
      let pending = -1;
      try {
        await ctx.database.ping();
        pending = await migrationsPending(ctx.database.db);
      } catch {
        reachable = false;
      }
      const ready = reachable && pending === 0;
      return reply.status(ready ? 200 : 503).send({
        status: ready ? 'ready' : 'not_ready',
        database: reachable ? 'ok' : 'unreachable',
        engine: ctx.database.engine,
        pendingMigrations: Math.max(pending, 0),
      });
    },
  );

  app.get(
    '/api/openapi.json',
    {
      config: { access: access.public },
      schema: {
        tags: ['system'],
        summary: 'This OpenAPI 3.1 document',
        response: { 200: Type.Object({}, { additionalProperties: true }), 404: ErrorBody },
      },
    },
    async () => app.swagger(),
  );
};

import { randomUUID } from 'node:crypto';
import Fastify, {
  type FastifyInstance,
  type FastifyReply,
  type FastifyServerOptions,
} from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import fastifyWebsocket from '@fastify/websocket';
import { Redis } from 'ioredis';
import { ErrorBody, TYPING_EVENT, TypingData } from '@tongxin/contract';
import type { Config } from './config.ts';
import type { Database } from './platform/db/types.ts';
import { createServiceContext } from './platform/context.ts';
import { JobRunner } from './platform/jobs/runner.ts';
import { scheduledJobs } from './jobs.ts';
import { openEventBus, RedisBus, type EventBus } from './platform/bus/bus.ts';
import { eventRoutes } from './platform/bus/routes.ts';
import { Gateway, type GatewayOptions } from './platform/realtime/gateway.ts';
import { realtimeRoutes } from './platform/realtime/routes.ts';
import type { CryptoProvider } from './platform/crypto/provider.ts';
import { checkAccess, enforceDeclaredAccess } from './platform/http/access.ts';
import { checkSameOrigin } from './platform/http/csrf.ts';
import { handleError } from './platform/http/errors.ts';
import { readSessionToken } from './platform/http/session-cookie.ts';
import { hostWebApp } from './platform/http/web-host.ts';
import { validatorCompiler } from './platform/http/validation.ts';
import { identityRoutes } from './modules/identity/routes.ts';
import { resolveSession } from './modules/identity/service.ts';
import { liveSessionIds } from './modules/identity/sessions.ts';
import { setupRoutes } from './modules/setup/routes.ts';
import { orgRoutes } from './modules/orgs/routes.ts';
import { memberRoutes } from './modules/members/routes.ts';
import { labelRoutes } from './modules/labels/routes.ts';
import { permissionRoutes } from './modules/permissions/routes.ts';
import { transferRoutes } from './modules/transfers/routes.ts';
import { systemRoutes } from './modules/system/routes.ts';
import { auditRoutes } from './modules/audit/routes.ts';
import { notificationRoutes } from './modules/notifications/routes.ts';
import { typingAudience } from './modules/exchange/service.ts';
import { exchangeRoutes } from './modules/exchange/routes.ts';
import { fileRoutes } from './modules/files/routes.ts';
import { noticeRoutes } from './modules/notices/routes.ts';
import { evaluationRoutes } from './modules/evaluation/routes.ts';
import { talkRoutes } from './modules/talks/routes.ts';
import { orgLifeRoutes } from './modules/orglife/routes.ts';
import { activityRoutes } from './modules/activities/routes.ts';
import { archiveRoutes } from './modules/archive/routes.ts';
import { searchRoutes } from './modules/search/routes.ts';

export interface AppOptions {
  config: Config;
  database: Database;
  /** Tests pass false to keep their output readable. */
  logger?: FastifyServerOptions['logger'];
  /** Field encryption; opened from the configuration when not given. */
  crypto?: CryptoProvider;
  /** The event bus; opened from the configuration (and closed with the app) when not given. */
  bus?: EventBus;
  /** Gateway timings; tests shorten them. */
  realtime?: Pick<GatewayOptions, 'heartbeatMs' | 'sessionCheckMs'>;
}

/** Waits for the first connection so early requests are counted; goes on without it after the timeout. */
async function redisReady(redis: Redis, timeoutMs: number): Promise<void> {
  if (redis.status === 'ready') return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, timeoutMs);
    redis.once('ready', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

export async function buildApp({
  config,
  database,
  logger,
  crypto,
  bus: givenBus,
  realtime,
}: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: logger ?? {
      level: config.logLevel,
      // Belt and braces: the default serialisers log no headers, but nothing secret may leak.
      redact: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]'],
    },
    trustProxy: config.trustProxy,
    bodyLimit: 1024 * 1024,
    forceCloseConnections: 'idle',
    // Router-level refusals (undecodable URL, over-long parameter) get the one error shape too.
    frameworkErrors: (error, _request, genericReply) => {
      // The reply here is typed per-route generically; it is an ordinary reply at runtime.
      const reply = genericReply as unknown as FastifyReply;
      void reply
        .code(error.statusCode ?? 400)
        .type('application/json; charset=utf-8')
        .send(
          JSON.stringify({
            error: { code: 'invalid_input', message: error.message.slice(0, 200) },
          }),
        );
    },
    // genReqId decides, so a malformed incoming id is replaced rather than trusted.
    requestIdHeader: false,
    genReqId: (req) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    },
  }).withTypeProvider<TypeBoxTypeProvider>();

  const bus =
    givenBus ??
    openEventBus(config.redisUrl, (message, err) =>
      app.log.warn({ err: err instanceof Error ? err.message : err }, message),
    );
  if (!givenBus) app.addHook('onClose', () => bus.close());
  // Like the rate limits: wait briefly for Redis (alongside their wait below), then serve
  // without it; clients catch up through the feed.
  const busReady = bus instanceof RedisBus ? bus.ready(5000) : Promise.resolve(true);
  const ctx = createServiceContext(database, config, crypto, bus);

  app.setValidatorCompiler(validatorCompiler);
  app.setErrorHandler(handleError);
  enforceDeclaredAccess(app);
  app.decorateRequest('principal', null);
  app.addSchema(ErrorBody);

  await app.register(fastifyCookie);
  await app.register(fastifyHelmet, {
    enableCSPNonces: true,
    contentSecurityPolicy: {
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'"],
        'style-src': ["'self'"],
        'img-src': ["'self'", 'data:', 'blob:'],
        'font-src': ["'self'", 'data:'],
        'connect-src': ["'self'"],
        'object-src': ["'none'"],
        'base-uri': ["'none'"],
        'frame-ancestors': ["'none'"],
        'form-action': ["'self'"],
        'upgrade-insecure-requests': null,
      },
    },
    // Same-origin only: nothing of ours is meant to be embedded or read cross-site.
    crossOriginResourcePolicy: { policy: 'same-origin' },
    hsts: { maxAge: 31_536_000, includeSubDomains: true },
  });

  const redis = config.redisUrl ? new Redis(config.redisUrl, { maxRetriesPerRequest: 1 }) : null;
  redis?.on('error', (err) =>
    app.log.warn({ err: err.message }, 'redis unavailable for rate limits'),
  );
  if (redis) await redisReady(redis, 5000);
  await busReady;
  await app.register(fastifyRateLimit, {
    global: false,
    // Shared across nodes when Redis is configured; if Redis fails, requests are served.
    ...(redis ? { redis, nameSpace: 'tongxin:rl:', skipOnError: true } : {}),
    errorResponseBuilder: (_req, ctx) => ({
      statusCode: 429,
      message: `Too many requests; try again in ${ctx.after}`,
    }),
  });
  if (redis) app.addHook('onClose', async () => void redis.disconnect());

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Tongxin API',
        version: '0.1.0',
        description:
          'The HTTP API of Tongxin (同心). Authentication is a session cookie set by POST /api/v1/auth/sign-in. Errors share one shape: {"error":{"code","message","details"}}.',
      },
      servers: [{ url: config.publicUrl ?? '/' }],
    },
    refResolver: { buildLocalReference: (json, _base, _frag, i) => String(json.$id ?? `def-${i}`) },
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs', staticCSP: true });

  // The node's WebSocket gateway: one bus subscription for all its sockets.
  const gateway = new Gateway(ctx, {
    ...realtime,
    checkSessions: (ids) => liveSessionIds(ctx, ids),
    node: bus instanceof RedisBus ? bus.node : randomUUID(),
    log: (message, err) => app.log.warn({ err: err instanceof Error ? err.message : err }, message),
  });
  app.decorate('realtime', gateway);
  // Scheduled jobs: started by startServer once listening; tests tick them by hand.
  const jobs = new JobRunner(database, scheduledJobs(ctx), app.log);
  app.decorate('jobs', jobs);
  app.addHook('onClose', () => jobs.stop());
  // Typing: the space's other members who may read it hear about it; nobody when the
  // account may not post there.
  gateway.registerClientMessage('typing', TypingData, async (c, accountId, data) => {
    const audience = await typingAudience(c, accountId, data.spaceId);
    if (!audience) return null;
    return {
      recipients: audience,
      type: TYPING_EVENT,
      payload: { accountId, spaceId: data.spaceId, topicId: data.topicId },
    };
  });
  // Before the plugin's own preClose: sockets get "going away" (1001), so clients reconnect.
  app.addHook('preClose', () => gateway.close());
  // Registered before the session hook below: the plugin's own onRequest hook must mark
  // upgrades first, so a refused upgrade's socket is destroyed after the error reply.
  await app.register(fastifyWebsocket, {
    // The hard cap; the gateway refuses frames over MAX_CLIENT_FRAME_BYTES with an error frame.
    options: { maxPayload: 64 * 1024 },
  });

  app.addHook('onRequest', async (request, reply) => {
    void reply.header('x-request-id', request.id);
    if (request.url.startsWith('/api/')) void reply.header('cache-control', 'no-store');
    checkSameOrigin(request, config.publicUrl ? [config.publicUrl] : []);
    const token = readSessionToken(request);
    if (token) request.principal = await resolveSession(ctx, token);
    checkAccess(request);
  });

  await app.register(systemRoutes, { ctx });
  await app.register(
    async (api) => {
      await api.register(setupRoutes, { ctx });
      await api.register(identityRoutes, { ctx });
      await api.register(orgRoutes, { ctx });
      await api.register(memberRoutes, { ctx });
      await api.register(auditRoutes, { ctx });
      await api.register(transferRoutes, { ctx });
      await api.register(permissionRoutes, { ctx });
      await api.register(labelRoutes, { ctx });
      await api.register(eventRoutes, { ctx });
      await api.register(notificationRoutes, { ctx });
      await api.register(realtimeRoutes, { gateway, publicUrl: config.publicUrl });
      await api.register(exchangeRoutes, { ctx });
      await api.register(fileRoutes, { ctx });
      await api.register(noticeRoutes, { ctx });
      await api.register(evaluationRoutes, { ctx });
      await api.register(talkRoutes, { ctx });
      await api.register(orgLifeRoutes, { ctx });
      await api.register(activityRoutes, { ctx });
      await api.register(archiveRoutes, { ctx });
      await api.register(searchRoutes, { ctx });
    },
    { prefix: '/api/v1' },
  );
  await hostWebApp(app, config.webDir);
  return app;
}

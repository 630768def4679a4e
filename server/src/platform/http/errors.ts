import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ErrorBody } from '@tongxin/contract';

/** An error a caller can act on; its status and code reach the client as they are. */
export class AppError extends Error {
  constructor(
    public readonly statusCode: number,
    public readonly code: string,
    message: string,
    public readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const badRequest = (message: string, details?: unknown): AppError =>
  new AppError(400, 'invalid_input', message, details);
export const unauthorized = (message = 'Sign in first'): AppError =>
  new AppError(401, 'unauthorized', message);
export const forbidden = (message = 'You may not do this'): AppError =>
  new AppError(403, 'forbidden', message);
export const notFound = (what: string): AppError =>
  new AppError(404, 'not_found', `${what} not found`);
export const conflict = (message: string, details?: unknown): AppError =>
  new AppError(409, 'conflict', message, details);

/** Error responses every route may give, for its OpenAPI description. */
export const errorResponses = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  404: ErrorBody,
  409: ErrorBody,
  422: ErrorBody,
  429: ErrorBody,
} as const;

interface AjvIssue {
  instancePath?: string;
  message?: string;
  keyword?: string;
  params?: Record<string, unknown>;
}

function fieldOf(context: string | undefined, issue: AjvIssue): string {
  const parts = [context ?? 'body'];
  const pointer = (issue.instancePath ?? '').split('/').filter(Boolean);
  parts.push(...pointer);
  const missing = issue.params?.missingProperty ?? issue.params?.additionalProperty;
  if (typeof missing === 'string') parts.push(missing);
  return parts.join('.');
}

function send(reply: FastifyReply, status: number, body: ErrorBody): void {
  void reply.status(status).type('application/json').send(body);
}

export function handleError(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof AppError) {
    const body: ErrorBody = { error: { code: error.code, message: error.message } };
    if (error.details !== undefined) body.error.details = error.details;
    return send(reply, error.statusCode, body);
  }
  if (error.validation) {
    const issues = error.validation as AjvIssue[];
    const first = issues[0] ?? {};
    const field = fieldOf(error.validationContext, first);
    return send(reply, 400, {
      error: {
        code: 'invalid_input',
        message: `${field} ${first.message ?? 'is invalid'}`,
        details: {
          field,
          issues: issues.map((i) => ({
            field: fieldOf(error.validationContext, i),
            message: i.message,
          })),
        },
      },
    });
  }
  const status = error.statusCode ?? 500;
  if (status === 429) {
    return send(reply, 429, { error: { code: 'rate_limited', message: error.message } });
  }
  if (status >= 400 && status < 500) {
    // Fastify's own refusals: malformed JSON, wrong content type, body too large...
    const code =
      status === 413 ? 'too_large' : status === 415 ? 'unsupported_media_type' : 'invalid_input';
    return send(reply, status, { error: { code, message: error.message } });
  }
  request.log.error({ err: error }, 'unhandled error');
  return send(reply, 500, {
    error: { code: 'internal', message: 'Internal error', details: { requestId: request.id } },
  });
}

export function handleNotFound(request: FastifyRequest, reply: FastifyReply) {
  send(reply, 404, {
    error: {
      code: 'not_found',
      message: `No route ${request.method} ${request.url.split('?')[0]}`,
    },
  });
}

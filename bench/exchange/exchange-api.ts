// How the benchmark talks to Tongxin's exchange: its services to prepare spaces, its HTTP API
// to post (the path a member's client takes), its WebSocket path to receive.
import http from 'node:http';
import type { ServiceContext } from '../../server/src/platform/context.ts';
import {
  createTopic,
  ensureOrgSpace,
  requireViewer,
} from '../../server/src/modules/exchange/service.ts';

export const WS_PATH = '/api/v1/ws';

/** The branch's own space and one topic in it, started by one of its members. */
export async function prepareBranchSpace(
  ctx: ServiceContext,
  branchId: string,
  accountId: string,
): Promise<{ spaceId: string; topicId: string }> {
  const space = await ensureOrgSpace(ctx, branchId);
  const viewer = await requireViewer(ctx, accountId);
  const { topic } = await createTopic(ctx, viewer, space.id, {
    title: '学习交流',
    body: '本支部压测话题。',
  });
  return { spaceId: space.id, topicId: topic.id };
}

export interface PostOptions {
  port: number;
  token: string;
  space: { spaceId: string; topicId: string };
  body: string;
  agent: http.Agent;
}

/** POST /api/v1/exchange/topics/:id/messages; resolves on 201, rejects otherwise. */
export function postMessage({ port, token, space, body, agent }: PostOptions): Promise<void> {
  const payload = JSON.stringify({ body });
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: `/api/v1/exchange/topics/${space.topicId}/messages`,
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
          cookie: `tongxin_session=${token}`,
          origin: `http://127.0.0.1:${port}`,
        },
      },
      (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString()));
        response.on('end', () =>
          response.statusCode === 201
            ? resolve()
            : reject(new Error(`post answered ${response.statusCode}: ${text.slice(0, 200)}`)),
        );
      },
    );
    request.on('error', reject);
    request.end(payload);
  });
}

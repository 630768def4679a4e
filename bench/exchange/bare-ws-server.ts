// The baseline: a bare `ws` broadcast server with no database, no auth and no per-member feed.
// A client joins a space with ?space=N; a frame {"space":N,"body":"..."} from any client is
// serialised once and sent to every socket of that space, which is what a minimal chat relay does.
import { WebSocketServer, type WebSocket } from 'ws';

const spaces = new Map<number, Set<WebSocket>>();
let nextId = 1;

const server = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
server.on('connection', (socket, request) => {
  const space = Number(new URL(request.url ?? '/', 'http://x').searchParams.get('space'));
  let members = spaces.get(space);
  if (!members) spaces.set(space, (members = new Set()));
  members.add(socket);
  socket.on('close', () => members.delete(socket));
  socket.on('message', (data) => {
    let frame: { space?: unknown; body?: unknown };
    try {
      frame = JSON.parse(String(data)) as typeof frame;
    } catch {
      return;
    }
    if (typeof frame.space !== 'number' || typeof frame.body !== 'string') return;
    const out = JSON.stringify({
      t: 'event',
      id: nextId++,
      type: 'message',
      payload: { space: frame.space, body: frame.body, at: new Date().toISOString() },
    });
    for (const member of spaces.get(frame.space) ?? []) member.send(out);
  });
});
server.on('listening', () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  process.stdout.write(`READY ${JSON.stringify({ port })}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));

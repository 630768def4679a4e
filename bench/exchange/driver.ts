// The load generator shared by both targets: connects the clients, sends at a steady rate
// (the realistic mix), then as fast as closed-loop senders can (saturation), and times every
// delivery from the moment its message was sent.
import { randomBytes } from 'node:crypto';
import type { WebSocket } from 'ws';
import { CpuSampler, percentile, ProcessSampler, type ProcessFigures } from './stats.ts';

export interface Target {
  name: string;
  /** The server process, for its CPU and memory. */
  pid: number;
  clients: number;
  /** The space (0-based) client i belongs to; every member of a space receives its messages. */
  spaceOf(client: number): number;
  /** How many clients receive a message sent in the space. */
  audienceOf(space: number): number;
  /** A connecting socket for client i; resolves when it is ready to receive. */
  connect(client: number): Promise<WebSocket>;
  /** Sends `body` as client `sender`; resolves when the server has acknowledged it. */
  send(sender: number, body: string): Promise<void>;
  /** Processes working for the server (PostgreSQL backends), whose CPU is reported apart. */
  helperPids?(): Promise<number[]>;
}

export interface DriveOptions {
  /** Messages per second during the realistic mix. */
  rate: number;
  mixSeconds: number;
  saturateSeconds: number;
  /** Closed-loop senders during saturation. */
  senders: number;
  connectConcurrency: number;
}

export interface PhaseFigures {
  sent: number;
  expected: number;
  delivered: number;
  seconds: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  server: ProcessFigures;
  /** CPU of the helper processes (the database), % of one core; null when there are none. */
  databaseCpuPercent: number | null;
}

export interface DriveResult {
  target: string;
  connectSeconds: number;
  mix: PhaseFigures;
  saturation: PhaseFigures;
}

interface Pending {
  sentAt: number;
  expected: number;
  delivered: number;
  done: (() => void) | null;
}

const NONCE = /bench-([0-9a-f]{16})-/;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function drive(target: Target, options: DriveOptions): Promise<DriveResult> {
  const pending = new Map<string, Pending>();
  let latencies: number[] = [];
  let delivered = 0;

  const onFrame = (data: unknown): void => {
    const text = String(data);
    const nonce = NONCE.exec(text)?.[1];
    if (!nonce) return;
    const entry = pending.get(nonce);
    if (!entry) return;
    latencies.push(performance.now() - entry.sentAt);
    delivered++;
    entry.delivered++;
    if (entry.delivered >= entry.expected) entry.done?.();
  };

  const connectStart = performance.now();
  const sockets: WebSocket[] = new Array<WebSocket>(target.clients);
  let next = 0;
  await Promise.all(
    Array.from({ length: options.connectConcurrency }, async () => {
      while (next < target.clients) {
        const i = next++;
        const socket = await target.connect(i);
        socket.on('message', onFrame);
        sockets[i] = socket;
      }
    }),
  );
  const connectSeconds = (performance.now() - connectStart) / 1000;
  await sleep(500);

  const membersOf = new Map<number, number[]>();
  for (let i = 0; i < target.clients; i++) {
    const space = target.spaceOf(i);
    const list = membersOf.get(space) ?? [];
    list.push(i);
    membersOf.set(space, list);
  }
  const spaceList = [...membersOf.keys()];
  const pick = <T>(list: readonly T[]): T => list[Math.floor(Math.random() * list.length)] as T;

  /** Sends one message from a random member of a random space; resolves when all received it. */
  const sendOne = async (waitForDelivery: boolean): Promise<void> => {
    const space = pick(spaceList);
    const sender = pick(membersOf.get(space) ?? [0]);
    const nonce = randomBytes(8).toString('hex');
    const entry: Pending = {
      sentAt: performance.now(),
      expected: target.audienceOf(space),
      delivered: 0,
      done: null,
    };
    const delivered = new Promise<void>((resolve) => (entry.done = resolve));
    pending.set(nonce, entry);
    await target.send(sender, `压测消息 bench-${nonce}- 学习贯彻会议精神，交流心得体会。`);
    if (waitForDelivery) await Promise.race([delivered, sleep(10_000)]);
  };

  const phase = async (run: () => Promise<number>): Promise<PhaseFigures> => {
    latencies = [];
    delivered = 0;
    pending.clear();
    const sampler = new ProcessSampler(target.pid);
    const helpers = target.helperPids ? new CpuSampler(target.helperPids) : null;
    sampler.start();
    await helpers?.start();
    const started = performance.now();
    const sent = await run();
    // Stragglers: give late deliveries two seconds before counting.
    const expected = [...pending.values()].reduce((sum, p) => sum + p.expected, 0);
    const settleUntil = performance.now() + 2000;
    while (delivered < expected && performance.now() < settleUntil) await sleep(50);
    const seconds = (performance.now() - started) / 1000;
    const server = sampler.stop();
    const databaseCpuPercent = helpers ? await helpers.stop() : null;
    const sorted = latencies.sort((a, b) => a - b);
    return {
      sent,
      expected,
      delivered,
      seconds,
      p50: percentile(sorted, 50),
      p95: percentile(sorted, 95),
      p99: percentile(sorted, 99),
      max: sorted.at(-1) ?? Number.NaN,
      server,
      databaseCpuPercent,
    };
  };

  // The realistic mix: messages at a steady rate from random members, not waiting for delivery.
  const mix = await phase(async () => {
    const total = Math.round(options.rate * options.mixSeconds);
    const interval = 1000 / options.rate;
    const start = performance.now();
    const inFlight: Promise<void>[] = [];
    for (let n = 0; n < total; n++) {
      const due = start + n * interval;
      const wait = due - performance.now();
      if (wait > 1) await sleep(wait);
      inFlight.push(sendOne(false));
    }
    await Promise.all(inFlight);
    return total;
  });

  // Saturation: each sender sends, waits until every member has the message, sends again.
  const saturation = await phase(async () => {
    const until = performance.now() + options.saturateSeconds * 1000;
    let sent = 0;
    await Promise.all(
      Array.from({ length: options.senders }, async () => {
        while (performance.now() < until) {
          sent++;
          await sendOne(true);
        }
      }),
    );
    return sent;
  });

  for (const socket of sockets) socket.terminate();
  return { target: target.name, connectSeconds, mix, saturation };
}

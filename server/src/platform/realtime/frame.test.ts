import { describe, expect, it } from 'vitest';
import { eventFrame } from './connection.ts';

describe('event frames', () => {
  it('are the JSON of the whole frame, with the shared payload serialised once', () => {
    const payload = { message: { id: 7, html: '<p>学习 "引号" \\ 与 \u2028</p>' }, n: null };
    const events = ['a', 'b'].map((userId, i) => ({
      userId,
      id: 41 + i,
      type: 'exchange.message.created',
      payload,
      at: '2026-11-25T08:00:00.000Z',
    }));
    for (const event of events) {
      const frame = eventFrame(event);
      expect(JSON.parse(frame)).toEqual({
        t: 'event',
        id: event.id,
        type: event.type,
        payload,
        at: event.at,
      });
      expect(frame).toBe(
        JSON.stringify({ t: 'event', id: event.id, type: event.type, payload, at: event.at }),
      );
    }
  });
});

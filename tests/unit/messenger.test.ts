import { describe, expect, it } from 'vitest';
import { defineMessenger } from '@/utils/messaging/messenger';

interface Protocol {
  add(data: { a: number; b: number }): number;
  fail(data: { why: string }): void;
}

describe('typed messenger', () => {
  it('delivers data to the one handler and returns its result', async () => {
    const m = defineMessenger<Protocol>();
    const remove = m.onMessage('add', ({ a, b }) => a + b);
    expect(await m.sendMessage('add', { a: 2, b: 3 })).toBe(5);
    remove();
  });

  it("passes a handler's error to the caller with its message", async () => {
    const m = defineMessenger<Protocol>();
    m.onMessage('fail', ({ why }) => {
      throw new Error(why);
    });
    await expect(m.sendMessage('fail', { why: 'storage is full' })).rejects.toThrow('storage is full');
  });

  it('says so when nothing answers', async () => {
    const m = defineMessenger<Protocol>();
    await expect(m.sendMessage('add', { a: 1, b: 1 })).rejects.toThrow();
  });
});

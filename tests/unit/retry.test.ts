import { describe, expect, it, vi } from 'vitest';
import { retrying, isTransient } from '@/utils/messaging/retry';

describe('retrying', () => {
  it('retries while the background restarts, then succeeds', async () => {
    const fn = vi
      .fn()
      .mockRejectedValueOnce(new Error('Could not establish connection. Receiving end does not exist.'))
      .mockRejectedValueOnce(new Error('The message port closed before a response was received.'))
      .mockResolvedValue('saved');
    await expect(retrying(fn, { delayMs: 1 })).resolves.toBe('saved');
    expect(fn).toHaveBeenCalledTimes(3);
  });
  it('does not retry real errors', async () => {
    const fn = vi.fn().mockRejectedValue(new Error('That highlight no longer exists'));
    await expect(retrying(fn, { delayMs: 1 })).rejects.toThrow('no longer exists');
    expect(fn).toHaveBeenCalledTimes(1);
  });
  it('gives up after the last attempt with the cause', async () => {
    const fn = vi.fn().mockRejectedValue(new Error('Could not establish connection.'));
    await expect(retrying(fn, { attempts: 2, delayMs: 1 })).rejects.toThrow('Could not establish connection');
    expect(fn).toHaveBeenCalledTimes(2);
    expect(isTransient(new Error('Extension context invalidated.'))).toBe(false);
  });
});

// The side panel says how sync stands (issue #16: "The panel and the options page show
// 'Synced at …', pending changes, or a plain error"), from the status the background stores.
import { afterEach, describe, expect, it } from 'vitest';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { fakeBrowser } from 'wxt/testing';
import { SyncStatusLine } from '@/components/journal/SyncStatusLine';
import type { SyncConflictsEnv } from '@/components/journal/use-sync-conflicts';
import { SYNC_STATUS_KEY } from '@/utils/sync/config';

const flush = async () => {
  for (let i = 0; i < 5; i++) await act(() => new Promise((r) => setTimeout(r, 0)));
};

function envOver(local = fakeBrowser.storage.local): SyncConflictsEnv {
  return { area: local, resolve: async () => {} };
}

async function mount(env: SyncConflictsEnv) {
  const root = document.createElement('div');
  document.body.append(root);
  await act(async () => render(<SyncStatusLine env={env} />, root));
  await flush();
  return root;
}

afterEach(async () => {
  fakeBrowser.reset();
  document.body.replaceChildren();
});

describe('the side panel’s sync line', () => {
  it('shows nothing while sync is off or was never turned on', async () => {
    const root = await mount(envOver());
    expect(root.innerHTML).toBe('');
    await act(() => fakeBrowser.storage.local.set({ [SYNC_STATUS_KEY]: { state: 'off', lastSyncedAt: null, pending: 0, error: null } }));
    await flush();
    expect(root.innerHTML).toBe('');
  });

  it('says "Synced at …" when idle, follows pending changes and errors as they are stored', async () => {
    await fakeBrowser.storage.local.set({ [SYNC_STATUS_KEY]: { state: 'idle', lastSyncedAt: Date.UTC(2026, 11, 5, 9, 30), pending: 0, error: null } });
    const root = await mount(envOver());
    const line = () => root.querySelector('[role="status"]');
    expect(line()!.textContent).toMatch(/^Synced at /);
    expect(line()!.getAttribute('dir')).toBe('auto');
    await act(() => fakeBrowser.storage.local.set({ [SYNC_STATUS_KEY]: { state: 'syncing', lastSyncedAt: null, pending: 3, error: null } }));
    await flush();
    expect(line()!.textContent).toContain('3');
    expect(line()!.textContent).not.toMatch(/^Synced/);
    await act(() => fakeBrowser.storage.local.set({ [SYNC_STATUS_KEY]: { state: 'error', lastSyncedAt: null, pending: 0, error: 'The server did not answer' } }));
    await flush();
    expect(line()!.textContent).toContain('The server did not answer');
    expect(line()!.classList.contains('error')).toBe(true);
  });

  it('says why when the status cannot be read', async () => {
    const root = await mount({
      area: { get: () => Promise.reject(new Error('storage is locked')), onChanged: { addListener() {}, removeListener() {} } },
      resolve: async () => {},
    });
    expect(root.querySelector('[role="status"]')!.textContent).toContain('storage is locked');
  });
});

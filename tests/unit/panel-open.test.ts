import { describe, expect, it, vi } from 'vitest';
import { openPanelFrom, OPEN_JOURNAL_COMMAND, REFLECT_MENU_ID } from '@/utils/background/panel';

const tab = { id: 7, windowId: 3 } as never;

describe('opening the side panel from the command and the menu', () => {
  it('calls sidePanel.open synchronously, within the user gesture', () => {
    const open = vi.fn(async () => {});
    const result = openPanelFrom({ command: OPEN_JOURNAL_COMMAND }, tab, { api: { sidePanel: { open } } });
    // Called before any await: still inside the command handler's turn.
    expect(open).toHaveBeenCalledWith({ windowId: 3 });
    expect(result).toBeInstanceOf(Promise);
  });

  it('the menu item also asks the panel to focus the reflection', async () => {
    const open = vi.fn(async () => {});
    const requestReflect = vi.fn(async () => {});
    await openPanelFrom({ menuItemId: REFLECT_MENU_ID }, tab, { api: { sidePanel: { open } }, requestReflect, now: () => 42 });
    expect(open).toHaveBeenCalledTimes(1);
    expect(requestReflect).toHaveBeenCalledWith(42);
  });

  it('uses Firefox’s sidebar, and ignores other commands and menu items', () => {
    const open = vi.fn(async () => {});
    expect(openPanelFrom({ command: 'highlight-selection' }, tab, { api: { sidebarAction: { open } } })).toBeNull();
    expect(openPanelFrom({ menuItemId: 'other' }, tab, { api: { sidebarAction: { open } } })).toBeNull();
    void openPanelFrom({ command: OPEN_JOURNAL_COMMAND }, tab, { api: { sidebarAction: { open } } });
    expect(open).toHaveBeenCalledTimes(1);
  });

  it('says plainly when the browser has no side panel', async () => {
    await expect(openPanelFrom({ command: OPEN_JOURNAL_COMMAND }, tab, { api: {} })).rejects.toThrow(/cannot open Gloss beside the page/);
  });
});

import { describe, expect, it, vi } from 'vitest';
import { CONTEXT_MENU_ID, HIGHLIGHT_COMMAND, onContextMenuClick, onHighlightCommand } from '@/utils/background/handlers';

describe('shortcut and context-menu handlers', () => {
  it('the shortcut asks the active tab to highlight its selection', async () => {
    const send = vi.fn().mockResolvedValue(null);
    expect(await onHighlightCommand(HIGHLIGHT_COMMAND, { id: 7 } as never, send)).toBe(true);
    expect(send).toHaveBeenCalledWith(7, null);
  });
  it('ignores other commands and tab-less calls', async () => {
    const send = vi.fn();
    expect(await onHighlightCommand('something-else', { id: 7 } as never, send)).toBe(false);
    expect(await onHighlightCommand(HIGHLIGHT_COMMAND, undefined, send)).toBe(false);
    expect(send).not.toHaveBeenCalled();
  });
  it('"Highlight with Gloss" highlights in the clicked tab', async () => {
    const send = vi.fn().mockResolvedValue(null);
    expect(await onContextMenuClick({ menuItemId: CONTEXT_MENU_ID }, { id: 3 } as never, send)).toBe(true);
    expect(send).toHaveBeenCalledWith(3, null);
    expect(await onContextMenuClick({ menuItemId: 'other' }, { id: 3 } as never, send)).toBe(false);
  });
  it('lets a failure reach the caller', async () => {
    const send = vi.fn().mockRejectedValue(new Error('no content script'));
    await expect(onHighlightCommand(HIGHLIGHT_COMMAND, { id: 1 } as never, send)).rejects.toThrow('no content script');
  });
});

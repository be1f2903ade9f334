import type { PageOp } from '../store/ops';
import type { PageRecord } from '../store/schema';
import { isHighlightOp } from '../store/pending-ops';
import type { FollowMessage } from '../messaging/follow';

type Mutate = (url: string, op: PageOp) => Promise<PageRecord | null>;

/**
 * Wraps the page's way to the single writer so that an open side panel sees each change
 * to a highlight at once: the change is posted on the follow port (`post`, which does
 * nothing while no panel is connected) as it is sent, and its failure is posted too. The
 * write itself, its result and its error are the writer's, unchanged; storage stays the
 * truth the panel settles on (see utils/store/pending-ops.ts).
 */
export function relayToPanels(mutate: Mutate, post: (m: FollowMessage) => void, newKey: () => string = () => crypto.randomUUID()): Mutate {
  return (url, op) => {
    if (!isHighlightOp(op)) return mutate(url, op);
    const key = newKey();
    post({ type: 'op', url, key, op });
    return mutate(url, op).catch((err: unknown) => {
      post({ type: 'opFailed', key });
      throw err;
    });
  };
}

// Evaluating in a page Playwright does not list (the toolbar popup, the side panel):
// attached to its CDP target through a session of any page of the context, with
// messages sent to the target by id.

/**
 * Attaches `cdp` (a CDP session) to `target` (from Target.getTargets). Returns
 * { send(method, params), evaluate(fn, arg) }: `fn` (a function or its source) runs in
 * the target with `arg`, awaited; its value comes back, an exception is thrown as an
 * Error naming `label`.
 */
export async function attachToTarget(cdp, target, { label = `in ${target.url}`, userGesture = false } = {}) {
  const { sessionId } = await cdp.send('Target.attachToTarget', { targetId: target.targetId, flatten: false });
  let nextId = 0;
  const replies = new Map();
  cdp.on('Target.receivedMessageFromTarget', (e) => {
    if (e.sessionId !== sessionId) return;
    const m = JSON.parse(e.message);
    replies.get(m.id)?.(m);
    replies.delete(m.id);
  });
  const send = (method, params) =>
    new Promise((resolve, reject) => {
      const id = ++nextId;
      replies.set(id, resolve);
      cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) }).catch(reject);
    });
  const evaluate = async (fn, arg) => {
    const m = await send('Runtime.evaluate', {
      expression: `(${fn})(${JSON.stringify(arg ?? null)})`,
      awaitPromise: true,
      returnByValue: true,
      ...(userGesture ? { userGesture: true } : {}),
    });
    if (m.error || m.result?.exceptionDetails) throw new Error(`${label}: ${JSON.stringify(m.error ?? m.result.exceptionDetails)}`);
    return m.result?.result?.value;
  };
  return { send, evaluate };
}

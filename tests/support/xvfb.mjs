// A real X display for the few tests that need what headless Chromium cannot do: a key
// press that reaches the browser's own accelerators (extension commands). Xvfb gives the
// display, xdotool the key press (XTEST: the X server delivers it as from a keyboard).
import { execFileSync, spawn } from 'node:child_process';

const has = (cmd) => {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

/** Whether Xvfb and xdotool are installed (Debian: apt-get install -y xvfb xdotool). */
export const xDisplayAvailable = () => has('Xvfb') && has('xdotool');

/**
 * Starts Xvfb on a free display (it picks the number itself: -displayfd). Returns
 * { display, key(windowName, keys), close() }: `key` focuses the first visible window
 * whose name contains `windowName` and presses `keys` (xdotool syntax, e.g. 'alt+shift+j').
 */
export async function startXDisplay() {
  const x = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1280x900x24', '-nolisten', 'tcp'], { stdio: ['ignore', 'ignore', 'pipe', 'pipe'] });
  let stderr = '';
  x.stderr.on('data', (d) => (stderr += d));
  const display = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`Xvfb did not start in 10 s: ${stderr}`)), 10000);
    x.stdio[3].on('data', (d) => {
      out += d;
      if (out.includes('\n')) {
        clearTimeout(timer);
        resolve(`:${out.trim()}`);
      }
    });
    x.on('exit', (code) => reject(new Error(`Xvfb exited (${code}): ${stderr}`)));
  });
  const xdotool = (...args) => execFileSync('xdotool', args, { env: { ...process.env, DISPLAY: display }, timeout: 15000 }).toString().trim();
  return {
    display,
    key(windowName, keys) {
      const pattern = windowName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      const win = xdotool('search', '--sync', '--onlyvisible', '--name', pattern).split('\n')[0];
      xdotool('windowfocus', '--sync', win);
      xdotool('key', '--clearmodifiers', keys);
    },
    close() {
      x.kill();
    },
  };
}

import { spawn } from 'node:child_process';

/** How to open a URL in the user's default browser here; null where none should open. */
export function browserCommand(
  url: string,
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
): { cmd: string; args: string[] } | null {
  // Tests, CI and anyone who asked: never open a window.
  if (env.QUIRE_NO_OPEN || env.CI) return null;
  if (!/^http:\/\/127\.0\.0\.1:\d+\//.test(url)) return null;
  if (platform === 'darwin') return { cmd: 'open', args: [url] };
  if (platform === 'win32') return { cmd: 'rundll32', args: ['url.dll,FileProtocolHandler', url] };
  // Linux and the BSDs: only with a desktop to show it on.
  if (!env.DISPLAY && !env.WAYLAND_DISPLAY) return null;
  return { cmd: 'xdg-open', args: [url] };
}

/**
 * Opens `url` in the default browser where there is one (xdg-open, open, rundll32), as an
 * argument array, detached; silently does nothing when none can open. Returns whether it
 * tried.
 */
export function openBrowser(
  url: string,
  run: typeof spawn = spawn,
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
): boolean {
  const c = browserCommand(url, platform, env);
  if (!c) return false;
  try {
    const child = run(c.cmd, c.args, { detached: true, stdio: 'ignore', windowsHide: true });
    child.on('error', () => {});
    child.unref();
    return true;
  } catch {
    return false;
  }
}

import { QuireError } from '../../shared/errors.ts';
import { defaultDataDir } from '../services/settings.ts';
import { loadIdentity, newToken, saveIdentity } from '../web/host-identity.ts';
import { openBrowser } from '../web/open-browser.ts';
import { startWebHost } from '../web/server.ts';
import type { WebHost } from '../web/server.ts';
import { ensureRenderer } from './app-build.ts';
import type { CliIo } from './io.ts';

/**
 * `quire web [site] [--port N] [--open]`: the app in the browser, served on 127.0.0.1 only.
 * The port and token are kept per user (a restart keeps open tabs working); a port that
 * is taken falls back to a free one, said in one line.
 */
export async function webCommand(
  site: string | undefined,
  opts: { port?: string; open?: boolean },
  io: CliIo,
): Promise<void> {
  const asked = opts.port === undefined ? null : Number(opts.port);
  if (asked !== null && (!Number.isInteger(asked) || asked < 0 || asked > 65535))
    throw new QuireError(
      'invalid-request',
      `--port must be a port number (0 picks a free one), not "${opts.port}"`,
    );
  const dataDir = defaultDataDir();
  const kept = loadIdentity(dataDir);
  const token = kept?.token ?? newToken();
  const port = asked ?? kept?.port ?? 0;
  // Right after `npm ci` (or after a source changed) the app is built here, once.
  const rendererDir = await ensureRenderer(io);
  let host: WebHost;
  try {
    host = await startWebHost({ port, token, rendererDir, site });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || port === 0) throw err;
    host = await startWebHost({ port: 0, token, rendererDir, site });
    io.err(
      `Quire: port ${port} is taken (another program or another Quire); using ${host.port} instead. Tabs opened on ${port} will not reconnect: open the link below.\n`,
    );
  }
  saveIdentity(dataDir, { port: host.port, token });
  io.out(
    `Quire is running at ${host.url}\n(listening on 127.0.0.1:${host.port} only; the token in the link is required; Ctrl+C stops it)\n`,
  );
  if (opts.open && openBrowser(host.url)) io.out('Opening it in your browser…\n');
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      void host.close().then(resolve);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

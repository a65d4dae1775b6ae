import { QuireError } from '../../shared/errors.ts';
import { startWebHost } from '../web/server.ts';
import { ensureRenderer } from './app-build.ts';
import type { CliIo } from './io.ts';

/** `quire web [site] [--port N]`: the app in the browser, served on 127.0.0.1 only. */
export async function webCommand(
  site: string | undefined,
  opts: { port?: string },
  io: CliIo,
): Promise<void> {
  const port = opts.port === undefined ? 0 : Number(opts.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new QuireError(
      'invalid-request',
      `--port must be a port number (0 picks a free one), not "${opts.port}"`,
    );
  // Right after `npm ci` (or after a source changed) the app is built here, once.
  const rendererDir = await ensureRenderer(io);
  const host = await startWebHost({ port, rendererDir, site });
  io.out(
    `Quire is running at ${host.url}\n(listening on 127.0.0.1:${host.port} only; the token in the link is required; Ctrl+C stops it)\n`,
  );
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

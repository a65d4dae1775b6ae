import { QuireError } from '../../shared/errors.ts';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startWebHost } from '../web/server.ts';
import type { CliIo } from './io.ts';

/** The built renderer, next to the sources (npm run build writes it). */
export function defaultRendererDir(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../out/renderer');
}

/** `quire web [site] [--port N]`: the app in the browser, served on 127.0.0.1 only. */
export async function webCommand(
  site: string | undefined,
  opts: { port?: string },
  io: CliIo,
): Promise<void> {
  const rendererDir = defaultRendererDir();
  if (!existsSync(path.join(rendererDir, 'index.html')))
    throw new QuireError(
      'invalid-request',
      `${rendererDir}: the app is not built yet; run "npm run build" (npm start does it for you)`,
    );
  const port = opts.port === undefined ? 0 : Number(opts.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new QuireError(
      'invalid-request',
      `--port must be a port number (0 picks a free one), not "${opts.port}"`,
    );
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

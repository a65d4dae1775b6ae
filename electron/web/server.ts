import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { callNames, channelOf } from '../../shared/ipc/contract.ts';
import type { QuireEvent } from '../../shared/ipc/contract.ts';
import { RENDERER_CSP } from '../../shared/ipc/csp.ts';
import { isQuireError } from '../../shared/errors.ts';
import { Backend, callFailure } from '../services/backend.ts';
import type { Platform } from '../services/backend.ts';
import { SettingsStore } from '../services/settings.ts';

/** A running browser host. */
export interface WebHost {
  url: string;
  port: number;
  token: string;
  backend: Backend;
  close(): Promise<void>;
}

/** Options for the browser host. */
export interface WebHostOptions {
  /** 0 picks a free port. */
  port?: number;
  /** The key every API request needs (default: a new random one). */
  token?: string;
  /** The built renderer (index.html and assets). */
  rendererDir: string;
  /** A site to open at start. */
  site?: string;
  settings?: SettingsStore;
  cacheDir?: string | null;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.map': 'application/json',
};

const ASSET_TYPES: Record<string, string> = {
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.mp4': 'video/mp4',
  '.webm': 'video/webm',
  '.mp3': 'audio/mpeg',
  '.ogg': 'audio/ogg',
};

// In a browser the host cannot reach the desktop: revealing a file is not possible, and
// external links open from the page itself after the same URL check.
const browserPlatform: Platform = {
  revealInFolder: async () => false,
  openExternal: async () => false,
};

/**
 * Serves the built renderer and the contract over HTTP on 127.0.0.1 only. Every API
 * request needs the per-run token; a Host or Origin that is not this server is refused
 * (DNS rebinding, cross-site requests); requests are validated like the desktop app's.
 */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const listeners = new Set<ServerResponse>();
  const send = (event: QuireEvent) => {
    const line = `data: ${JSON.stringify(event)}\n\n`;
    for (const res of listeners) res.write(line);
  };
  const backend = new Backend(
    browserPlatform,
    send,
    options.settings ?? new SettingsStore(),
    options.cacheDir,
  );
  // A folder that is not a Hugo site yet opens on the New site form (the page asks for it
  // through its address), instead of stopping the host.
  let newSiteAt: string | null = null;
  if (options.site)
    try {
      await backend.call('openSite', { path: options.site });
    } catch (err) {
      if (!isQuireError(err, 'not-a-site')) throw err;
      newSiteAt = path.resolve(options.site);
    }
  const routes = new Map(callNames.map((n) => [`/api/${channelOf(n)}`, n]));
  let port = 0;

  const server: Server = createServer((req, res) => {
    void handle(req, res).catch((err: Error) => {
      if (!res.headersSent)
        json(res, 500, { ok: false, error: { code: 'failed', message: err.message } });
      else res.end();
    });
  });

  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const tokenOk = (given: string | null | undefined) => {
    if (!given) return false;
    const a = Buffer.from(given);
    const b = Buffer.from(token);
    return a.length === b.length && timingSafeEqual(a, b);
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    if (!allowedHosts().has(req.headers.host ?? '')) return text(res, 403, 'forbidden host');
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedHosts().has(origin.replace(/^http:\/\//, '')))
      return text(res, 403, 'forbidden origin');
    const fetchSite = req.headers['sec-fetch-site'];
    if (typeof fetchSite === 'string' && fetchSite === 'cross-site')
      return text(res, 403, 'forbidden cross-site request');
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);

    if (url.pathname.startsWith('/api/')) {
      const given = req.headers['x-quire-token'] ?? url.searchParams.get('token');
      if (!tokenOk(Array.isArray(given) ? given[0] : given))
        return json(res, 401, {
          ok: false,
          error: { code: 'forbidden', message: 'missing or wrong token' },
        });
      res.setHeader('Cache-Control', 'no-store');
      if (url.pathname.startsWith('/api/asset/') && req.method === 'GET') {
        const file = backend.assetPath(
          decodeURIComponent(url.pathname.slice('/api/asset/'.length)),
        );
        if (!file || !existsSync(file)) return text(res, 404, 'not found');
        res.writeHead(200, {
          'Content-Type':
            TYPES[path.extname(file).toLowerCase()] ??
            ASSET_TYPES[path.extname(file).toLowerCase()] ??
            'application/octet-stream',
          'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
          'Cache-Control': 'no-cache',
        });
        createReadStream(file).pipe(res);
        return;
      }
      if (url.pathname === '/api/events' && req.method === 'GET') {
        res.writeHead(200, { 'Content-Type': 'text/event-stream', Connection: 'keep-alive' });
        res.write(': connected\n\n');
        listeners.add(res);
        req.on('close', () => listeners.delete(res));
        return;
      }
      const name = routes.get(url.pathname);
      if (!name || req.method !== 'POST')
        return json(res, 404, {
          ok: false,
          error: { code: 'invalid-request', message: 'no such call' },
        });
      if (!(req.headers['content-type'] ?? '').startsWith('application/json'))
        return json(res, 415, {
          ok: false,
          error: { code: 'invalid-request', message: 'send JSON' },
        });
      let body: unknown;
      try {
        body = JSON.parse(await readBody(req, 60_000_000));
      } catch (err) {
        return json(res, 400, {
          ok: false,
          error: {
            code: 'invalid-request',
            message: `the request is not JSON (${(err as Error).message})`,
          },
        });
      }
      try {
        const result = await backend.call(name, body);
        return json(res, 200, { ok: true, result });
      } catch (err) {
        const f = callFailure(err);
        return json(res, f.code === 'invalid-request' ? 400 : f.code === 'forbidden' ? 403 : 200, {
          ok: false,
          error: f.toInfo(),
        });
      }
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') return text(res, 405, 'method not allowed');
    const rel = decodeURIComponent(url.pathname).replace(/^\/+/, '') || 'index.html';
    const file = path.resolve(options.rendererDir, rel);
    if (
      !file.startsWith(path.resolve(options.rendererDir) + path.sep) ||
      !existsSync(file) ||
      !statSync(file).isFile()
    )
      return text(res, 404, 'not found');
    const type = TYPES[path.extname(file)] ?? 'application/octet-stream';
    res.writeHead(200, {
      'Content-Type': type,
      'Cache-Control': 'no-cache',
      ...(type.startsWith('text/html') ? { 'Content-Security-Policy': RENDERER_CSP } : {}),
    });
    if (req.method === 'HEAD') return void res.end();
    createReadStream(file).pipe(res);
  }

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
    });
  } catch (err) {
    // The port is taken (the caller may try another): nothing of this host stays open.
    await backend.close();
    throw err;
  }
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}${newSiteAt ? `&open=${encodeURIComponent(newSiteAt)}` : ''}`,
    port,
    token,
    backend,
    close: async () => {
      for (const r of listeners) r.end();
      await backend.close();
      // End every connection too: a browser's event stream reconnects at once on an idle
      // keep-alive socket, which would keep close() waiting for ever.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        reject(new Error('request too large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8') || '{}'));
    req.on('error', reject);
  });
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

function text(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(body + '\n');
}

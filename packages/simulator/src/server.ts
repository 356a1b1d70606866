import { readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderPortalPage } from './portalPage';
import { createRestPortal, type RestPortal } from './rest';

/** Options of {@link startSimulator}. */
export interface SimulatorOptions {
  /** Port of the portal page and REST. Default 4000; `0` picks a free one. */
  port?: number;
  /** Interface to listen on. Default `127.0.0.1`. */
  host?: string;
  /** App URLs to load, side by side (your dev server, a deployed app...). */
  apps?: string[];
  /** Folders to serve as apps, each on its own port (so each app has its own origin). */
  serve?: Array<string | { dir: string; label?: string; port?: number }>;
  /** Placement reported in `getInitData`. Default `PAGE_BACKGROUND_WORKER`. */
  placement?: string;
  /** Start with the app frames hidden, as the real worker is. Default `false` (dev view). */
  hidden?: boolean;
  /** Labels for `apps`, by index. */
  labels?: string[];
}

/** A running simulator. */
export interface Simulator {
  /** The portal page, e.g. `http://127.0.0.1:4000/`. */
  url: string;
  /** Every app URL loaded, in order. */
  apps: Array<{ url: string; label: string }>;
  /** The REST side (tokens, CRM sample, registered placements). */
  rest: RestPortal;
  /** Stops every server it started. */
  close(): Promise<void>;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.map': 'application/json; charset=utf-8',
};

const here = fileURLToPath(new URL('.', import.meta.url));

/** Whether the request's media type is exactly `application/json` (parameters aside). */
const isJson = (req: IncomingMessage): boolean => /^application\/json\s*(;|$)/i.test(req.headers['content-type'] ?? '');

/** Whether `host` is a listen-on-every-interface address. */
const isWildcard = (host: string): boolean => host === '0.0.0.0' || host === '::';

/** `host` as the host part of a URL: IPv6 in brackets; a wildcard address as `localhost`. */
const urlHost = (host: string): string => (isWildcard(host) ? 'localhost' : host.includes(':') ? `[${host}]` : host);

/**
 * The request's `Host` as a URL (`hostname`, `host` with port), `missing` standing in for an
 * absent header; throws when it is not a host.
 */
const requestHost = (req: IncomingMessage, missing = ''): URL => new URL(`http://${req.headers.host ?? missing}`);

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Whether a control request (`/sim/*`) comes from the simulator's own page, or from no page at
 * all (a script, a test). A browser sends `Origin` with every POST: another site, or the app
 * under test in its frame, gets a 403 instead of flipping admin rights or expiring tokens. The
 * `Host` must also name this machine as it listens (a loopback name by default), so a site whose
 * DNS name is rebound to 127.0.0.1 is refused too; with a wildcard `--host` any name is taken,
 * as the simulator was opened to the network on purpose.
 */
const fromPortalPage = (req: IncomingMessage, listenHost: string): boolean => {
  let host: URL;
  try {
    host = requestHost(req);
  } catch {
    return false;
  }
  if (!isWildcard(listenHost) && !LOOPBACK.has(host.hostname) && host.hostname !== urlHost(listenHost)) return false;
  if (req.headers.origin === undefined) return true;
  try {
    // Scheme aside: with a wildcard --host, a page reached through an https tunnel is still ours.
    return new URL(req.headers.origin).host === host.host;
  } catch {
    return false;
  }
};

/** Reads a request body as an object: JSON, or form-encoded with PHP-style `a[b]=c` keys. */
async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 1_000_000) throw new Error('body too large');
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) return {};
  if (isJson(req)) {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  }
  return formToObject(new URLSearchParams(text));
}

/** `OPTIONS[errorHandlerUrl]=x` → `{ OPTIONS: { errorHandlerUrl: 'x' } }`. */
export function formToObject(params: URLSearchParams): Record<string, unknown> {
  const out: Record<string, unknown> = Object.create(null);
  for (const [key, value] of params) {
    const path = key.replace(/\]/g, '').split('[');
    let node = out;
    path.forEach((k, i) => {
      if (k === '__proto__' || k === 'constructor' || k === 'prototype') return;
      if (i === path.length - 1) node[k] = value;
      else node = (node[k] ??= Object.create(null)) as Record<string, unknown>;
    });
  }
  return out;
}

const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
};

const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, OPTIONS',
  'access-control-allow-headers': 'content-type, authorization',
};

const listen = (server: Server, port: number, host: string) =>
  new Promise<number>((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => ok((server.address() as AddressInfo).port));
  });

/** Serves a folder (an app's build output) with an index.html fallback for client routing. */
function staticServer(root: string): Server {
  const base = resolve(root);
  return createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://x');
      let file = normalize(join(base, decodeURIComponent(url.pathname)));
      if (file !== base && !file.startsWith(base + sep)) return send(res, 403, { error: 'forbidden' });
      const info = await stat(file).catch(() => null);
      if (!info || info.isDirectory()) file = info ? join(file, 'index.html') : join(base, 'index.html');
      const body = await readFile(file);
      res.writeHead(200, {
        'content-type': MIME[extname(file)] ?? 'application/octet-stream',
        'cache-control': 'no-store',
      });
      res.end(body);
    } catch {
      send(res, 404, { error: 'not found' });
    }
  });
}

/**
 * Starts the local portal: a page that plays the portal's side of the frame protocol for the
 * given apps, REST answered from a CRM sample, and static servers for app folders.
 *
 * @example
 * const sim = await startSimulator({ apps: ['http://localhost:5173/'] });
 * console.log(sim.url);
 */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const host = options.host ?? '127.0.0.1';
  const rest = createRestPortal();
  const servers: Server[] = [];
  const sse = new Set<ServerResponse>();
  const closeAll = async (): Promise<void> => {
    for (const res of sse) res.end();
    await Promise.all(
      servers.map(
        (s) =>
          new Promise<void>((ok) => {
            if (!s.listening) return ok();
            s.closeAllConnections?.();
            s.close(() => ok());
          }),
      ),
    );
  };
  /** Listens; on failure (a port in use) closes every server started so far, then rethrows. */
  const listenOrCloseAll = (server: Server, port: number): Promise<number> =>
    listen(server, port, host).catch(async (e: unknown) => {
      await closeAll();
      throw e;
    });
  // `port`: a folder served here; the page names it by the host the browser used (see below).
  const apps: Array<{ url: string; label: string; port?: number }> = (options.apps ?? []).map((url, i) => ({
    url,
    label: options.labels?.[i] ?? url,
  }));
  for (const entry of options.serve ?? []) {
    const { dir, label, port = 0 } = typeof entry === 'string' ? { dir: entry } : entry;
    const server = staticServer(dir);
    servers.push(server);
    const p = await listenOrCloseAll(server, port);
    apps.push({ url: `http://${urlHost(host)}:${p}/`, label: label ?? dir, port: p });
  }

  rest.onCall((e) => {
    for (const res of sse) res.write(`data: ${JSON.stringify(e)}\n\n`);
  });

  let pageScript: Buffer | null = null;
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    try {
      if (url.pathname.startsWith('/rest/')) {
        if (req.method === 'OPTIONS') {
          res.writeHead(204, CORS);
          return res.end();
        }
        const params = { ...formToObject(url.searchParams), ...(req.method === 'POST' ? await readBody(req) : {}) };
        const answer = rest.call(decodeURIComponent(url.pathname.slice('/rest/'.length)), params);
        return send(res, answer.status, answer.body, CORS);
      }
      if (url.pathname === '/' || url.pathname === '/index.html') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
        return res.end(
          renderPortalPage({
            // A served folder is reached by the host the browser reached the portal by (another
            // machine's browser with --host 0.0.0.0 cannot use "localhost").
            apps: apps.map(({ url, label, port }) => ({
              url: port ? `http://${requestHost(req, 'localhost').hostname}:${port}/` : url,
              label,
            })),
            placement: (options.placement ?? 'PAGE_BACKGROUND_WORKER').toUpperCase(),
            hidden: options.hidden ?? false,
            crm: rest.crm,
            isAdmin: rest.isAdmin,
          }),
        );
      }
      if (url.pathname === '/favicon.ico') {
        res.writeHead(204);
        return res.end();
      }
      if (url.pathname === '/sim/page.js') {
        pageScript ??= await readFile(join(here, 'page.global.js'));
        res.writeHead(200, { 'content-type': MIME['.js']!, 'cache-control': 'no-store' });
        return res.end(pageScript);
      }
      if (url.pathname.startsWith('/sim/') && req.method === 'POST') {
        if (!fromPortalPage(req, host)) {
          return send(res, 403, { error: 'control requests only from the simulator page' });
        }
        const hasBody =
          Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
        if (hasBody && !isJson(req)) {
          return send(res, 415, { error: 'control requests take application/json' });
        }
      }
      if (url.pathname === '/sim/token' && req.method === 'POST') return send(res, 200, rest.issueToken());
      if (url.pathname === '/sim/refresh' && req.method === 'POST') {
        const body = await readBody(req);
        const next = rest.refresh(String(body.refresh ?? ''));
        return next ? send(res, 200, next) : send(res, 400, { error: 'invalid_grant' });
      }
      if (url.pathname === '/sim/expire' && req.method === 'POST') {
        rest.expireAll();
        return send(res, 200, { ok: true });
      }
      if (url.pathname === '/sim/admin' && req.method === 'POST') {
        rest.setAdmin((await readBody(req)).value === true);
        return send(res, 200, { ok: true, isAdmin: rest.isAdmin });
      }
      if (url.pathname === '/sim/rest-log') {
        res.writeHead(200, {
          'content-type': 'text/event-stream',
          'cache-control': 'no-store',
          connection: 'keep-alive',
        });
        res.write(': connected\n\n');
        sse.add(res);
        req.on('close', () => sse.delete(res));
        return;
      }
      send(res, 404, { error: 'not found' });
    } catch (e) {
      send(res, 400, { error: 'BAD_REQUEST', error_description: String((e as Error).message ?? e) }, CORS);
    }
  });
  servers.push(server);
  const port = await listenOrCloseAll(server, options.port ?? 4000);

  return {
    url: `http://${urlHost(host)}:${port}/`,
    apps: apps.map(({ url, label }) => ({ url, label })),
    rest,
    close: closeAll,
  };
}

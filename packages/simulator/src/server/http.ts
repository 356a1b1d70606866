/** HTTP plumbing of the simulator: bodies, answers, listening, and the static server for app folders. */
import { readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';

export const MIME: Record<string, string> = {
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

/** Headers of every REST answer: apps call REST from their own origin, as on a portal. */
export const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, OPTIONS',
  'access-control-allow-headers': 'content-type, authorization',
};

/** Largest request body read, in bytes. */
export const MAX_BODY = 1_000_000;

/** Whether the request's media type is exactly `application/json` (parameters aside). */
export const isJson = (req: IncomingMessage): boolean =>
  /^application\/json\s*(;|$)/i.test(req.headers['content-type'] ?? '');

/** Whether `host` is a listen-on-every-interface address. */
export const isWildcard = (host: string): boolean => host === '0.0.0.0' || host === '::';

/** `host` as the host part of a URL: IPv6 in brackets; a wildcard address as `localhost`. */
export const urlHost = (host: string): string =>
  isWildcard(host) ? 'localhost' : host.includes(':') ? `[${host}]` : host;

/**
 * The request's `Host` as a URL (`hostname`, `host` with port), `missing` standing in for an
 * absent header; throws when it is not a host.
 */
export const requestHost = (req: IncomingMessage, missing = ''): URL =>
  new URL(`http://${req.headers.host ?? missing}`);

/** `OPTIONS[errorHandlerUrl]=x` → `{ OPTIONS: { errorHandlerUrl: 'x' } }`; `a[]=1&a[]=2` → `{ a: { 0: '1', 1: '2' } }`. */
export function formToObject(params: URLSearchParams): Record<string, unknown> {
  const out: Record<string, unknown> = Object.create(null);
  for (const [key, value] of params) {
    const path = key.replace(/\]/g, '').split('[');
    let node = out;
    for (let i = 0; i < path.length; i++) {
      let k = path[i]!;
      if (k === '__proto__' || k === 'constructor' || k === 'prototype') break;
      // PHP's `a[]=`: the next index.
      if (k === '' && i > 0) k = String(Object.keys(node).length);
      if (i === path.length - 1) node[k] = value;
      else {
        const next = node[k];
        node = (typeof next === 'object' && next !== null ? next : (node[k] = Object.create(null))) as Record<
          string,
          unknown
        >;
      }
    }
  }
  return out;
}

/** Reads a request body as an object: JSON, or form-encoded with PHP-style `a[b]=c` keys. */
export async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new Error('body too large');
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) return {};
  if (isJson(req)) {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : {};
  }
  return formToObject(new URLSearchParams(text));
}

/** Answers with a JSON body. */
export const send = (
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void => {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
};

/** Listens on `port` (0 = any free one) and resolves the port it got. */
export const listen = (server: Server, port: number, host: string): Promise<number> =>
  new Promise<number>((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => ok((server.address() as AddressInfo).port));
  });

/**
 * Serves a folder (an app's build output) with an index.html fallback for client routing. With
 * `allowHost`, a request whose `Host` it refuses gets a 403 (a site whose DNS name is rebound to
 * this machine must not read the folder). With `cache`, everything but HTML may be cached.
 */
export function staticServer(root: string, allowHost?: (req: IncomingMessage) => boolean, cache = false): Server {
  const base = resolve(root);
  return createServer(async (req, res) => {
    if (allowHost && !allowHost(req)) return send(res, 403, { error: 'forbidden host' });
    try {
      const url = new URL(req.url ?? '/', 'http://x');
      let file = normalize(join(base, decodeURIComponent(url.pathname)));
      if (file !== base && !file.startsWith(base + sep)) return send(res, 403, { error: 'forbidden' });
      const info = await stat(file).catch(() => null);
      if (!info || info.isDirectory()) file = info ? join(file, 'index.html') : join(base, 'index.html');
      const body = await readFile(file);
      res.writeHead(200, {
        'content-type': MIME[extname(file)] ?? 'application/octet-stream',
        // `cache`: scripts and styles may be cached (as a deployed worker's are), the page is not.
        'cache-control': cache && extname(file) !== '.html' ? 'public, max-age=3600' : 'no-store',
      });
      res.end(body);
    } catch {
      send(res, 404, { error: 'not found' });
    }
  });
}

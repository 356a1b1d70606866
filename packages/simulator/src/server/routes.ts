/** The portal server's routes: REST (app tokens and the inbound webhook), the page, its events, control requests. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { renderPortalPage } from '../portalPage';
import type { RestPortal, SimEvent } from '../rest';
import type { EventStream } from './events';
import { fromPortalPage } from './guard';
import { CORS, formToObject, isJson, MIME, readBody, requestHost, send } from './http';

/** What the routes serve. */
export interface RouteContext {
  /** The interface the server listens on (for the `Host` check). */
  host: string;
  rest: RestPortal;
  events: EventStream<SimEvent>;
  /** App frames; `port` marks a folder served here, named by the host the browser used. */
  apps: Array<{ url: string; label: string; port?: number }>;
  placement: string;
  hidden: boolean;
  clientMode: 'browser' | 'desktop';
  /** The page's script (built `page.global.js`). */
  pageScript: () => Promise<Buffer>;
}

/** The webhook's base URL as reached by this request's host (another machine may use another name). */
export const webhookUrlFor = (base: string, rest: RestPortal): string =>
  `${base}/rest/${rest.webhook.userId}/${rest.webhook.code}/`;

/** REST: `/rest/<method>` with a token, `/rest/<userId>/<code>/<method>` as the inbound webhook. */
async function restRoute(req: IncomingMessage, res: ServerResponse, url: URL, rest: RestPortal): Promise<void> {
  if (req.method === 'OPTIONS') {
    res.writeHead(204, CORS);
    res.end();
    return;
  }
  const parts = url.pathname.slice('/rest/'.length).split('/').map(decodeURIComponent);
  const params = { ...formToObject(url.searchParams), ...(req.method === 'POST' ? await readBody(req) : {}) };
  const answer =
    parts.length === 1
      ? rest.call(parts[0]!, params)
      : parts.length === 3
        ? rest.callWebhook(parts[0]!, parts[1]!, parts[2]!, params)
        : { status: 404, body: { error: 'ERROR_METHOD_NOT_FOUND', error_description: 'Method not found!' } };
  send(res, answer.status, answer.body, CORS);
}

/** The request handler of the portal server. */
export function createRoutes(ctx: RouteContext): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const { rest, events, host } = ctx;
  return async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const path = url.pathname;
    try {
      if (path.startsWith('/rest/')) return await restRoute(req, res, url, rest);
      if (path === '/favicon.ico') {
        res.writeHead(204);
        return void res.end();
      }
      // The page, its script, its event stream and the control requests: only from the page
      // itself (or a script with no Origin), and only by a name of this machine.
      const own = path === '/' || path === '/index.html' || path.startsWith('/sim/');
      if (own && !fromPortalPage(req, host)) {
        return send(res, 403, { error: 'only the simulator page, reached by a name of this machine' });
      }
      if (path.startsWith('/sim/') && req.method === 'POST') {
        const hasBody =
          Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
        if (hasBody && !isJson(req)) {
          return send(res, 415, { error: 'control requests take application/json' });
        }
      }
      if ((path === '/' || path === '/index.html') && (req.method === 'GET' || req.method === 'HEAD')) {
        const reached = requestHost(req, 'localhost');
        res.writeHead(200, {
          'content-type': 'text/html; charset=utf-8',
          'cache-control': 'no-store',
          // No other site may frame the control panel and trick clicks on it (clickjacking).
          'x-frame-options': 'DENY',
          'content-security-policy': "frame-ancestors 'none'",
        });
        return void res.end(
          renderPortalPage({
            // A served folder is reached by the host the browser reached the portal by (another
            // machine's browser with --host 0.0.0.0 cannot use "localhost").
            apps: ctx.apps.map(({ url, label, port }) => ({
              url: port ? `http://${reached.hostname}:${port}/` : url,
              label,
            })),
            placement: ctx.placement,
            hidden: ctx.hidden,
            clientMode: ctx.clientMode,
            webhookUrl: webhookUrlFor(`http://${reached.host}`, rest),
            crm: rest.crm,
            isAdmin: rest.isAdmin,
          }),
        );
      }
      if (path === '/sim/page.js') {
        const script = await ctx.pageScript();
        res.writeHead(200, { 'content-type': MIME['.js']!, 'cache-control': 'no-store' });
        return void res.end(script);
      }
      if (req.method === 'GET' && path === '/sim/events') return events.open(res);
      // The page's older stream: REST entries only.
      if (req.method === 'GET' && path === '/sim/rest-log') return events.open(res, (e) => e.type === 'rest');
      if (req.method === 'GET' && path === '/sim/calls') {
        // The page opens the last call shown to its user (a call registered with SHOW=0 is only listed).
        const calls = rest.calls();
        return send(res, 200, {
          calls,
          shownTo: Object.fromEntries(calls.map((c) => [c.CALL_ID, rest.shownTo(c.CALL_ID)])),
        });
      }
      if (path === '/sim/token' && req.method === 'POST') return send(res, 200, rest.issueToken());
      if (path === '/sim/refresh' && req.method === 'POST') {
        const body = await readBody(req);
        const next = rest.refresh(String(body.refresh ?? ''));
        return next ? send(res, 200, next) : send(res, 400, { error: 'invalid_grant' });
      }
      if (path === '/sim/expire' && req.method === 'POST') {
        rest.expireAll();
        return send(res, 200, { ok: true });
      }
      if (path === '/sim/admin' && req.method === 'POST') {
        rest.setAdmin((await readBody(req)).value === true);
        return send(res, 200, { ok: true, isAdmin: rest.isAdmin });
      }
      send(res, 404, { error: 'not found' });
    } catch (e) {
      if (res.headersSent) return void res.destroy();
      send(res, 400, { error: 'BAD_REQUEST', error_description: String((e as Error).message ?? e) }, CORS);
    }
  };
}

import { readFile, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRestPortal, type RestPortal, type SimEvent } from './rest';
import { createEventStream } from './server/events';
import { listen, staticServer, urlHost } from './server/http';
import { hostAllowed } from './server/guard';
import { createRoutes, webhookUrlFor } from './server/routes';

export { formToObject } from './server/http';

/** Options of {@link startSimulator}. */
export interface SimulatorOptions {
  /** Port of the portal page and REST. Default 4000; `0` picks a free one. */
  port?: number;
  /** Interface to listen on. Default `127.0.0.1`. */
  host?: string;
  /** App URLs to load, side by side (your dev server, a deployed app...). */
  apps?: string[];
  /** Folders to serve as apps, each on its own port (so each app has its own origin). */
  serve?: Array<string | { dir: string; label?: string; port?: number; cache?: boolean }>;
  /** Placement reported in `getInitData`. Default `PAGE_BACKGROUND_WORKER`. */
  placement?: string;
  /** Start with the app frames hidden, as the real worker is. Default `false` (dev view). */
  hidden?: boolean;
  /** Labels for `apps`, by index. */
  labels?: string[];
  /** Which client's call card the page plays: `browser` (default) or the Bitrix24 desktop app. */
  clientMode?: 'browser' | 'desktop';
  /** The inbound webhook's secret code. Default: random, new at each start. */
  webhookCode?: string;
}

/** A running simulator. */
export interface Simulator {
  /** The portal page, e.g. `http://127.0.0.1:4000/`. */
  url: string;
  /**
   * The inbound webhook, e.g. `http://127.0.0.1:4000/rest/1/<code>/`: append a method
   * (`telephony.externalCall.show`) and call it without a token, as a backend calls a portal.
   */
  webhookUrl: string;
  /** Every app URL loaded, in order. */
  apps: Array<{ url: string; label: string }>;
  /** The REST side (tokens, CRM sample, registered placements, calls, webhook). */
  rest: RestPortal;
  /** Stops every server it started. */
  close(): Promise<void>;
}

const here = fileURLToPath(new URL('.', import.meta.url));

/** Throws unless every folder to serve is a directory: a typo must not load an empty frame. */
async function checkFolders(serve: SimulatorOptions['serve'] = []): Promise<void> {
  for (const entry of serve) {
    const dir = typeof entry === 'string' ? entry : entry.dir;
    const info = await stat(dir).catch(() => null);
    if (!info?.isDirectory()) {
      throw Object.assign(new Error(`Cannot serve ${dir}: ${info ? 'not a directory' : 'no such directory'}`), {
        code: info ? 'ENOTDIR' : 'ENOENT',
      });
    }
  }
}

/**
 * Starts the local portal: a page that plays the portal's side of the frame protocol for the
 * given apps, REST answered from a CRM sample (with an inbound webhook), an event stream for the
 * page, and static servers for app folders.
 *
 * @example
 * const sim = await startSimulator({ apps: ['http://localhost:5173/'] });
 * console.log(sim.url, sim.webhookUrl);
 */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  await checkFolders(options.serve);
  const clientMode = options.clientMode ?? 'browser';
  if (clientMode !== 'browser' && clientMode !== 'desktop') {
    throw new TypeError(`clientMode must be 'browser' or 'desktop', not ${JSON.stringify(clientMode)}`);
  }
  const host = options.host ?? '127.0.0.1';
  const rest = createRestPortal({ webhookCode: options.webhookCode });
  const events = createEventStream<SimEvent>();
  rest.onEvent((e) => events.publish(e));
  const servers: Server[] = [];
  const closeAll = async (): Promise<void> => {
    events.close();
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
  const apps: Array<{ url: string; label: string; port?: number }> = (options.apps ?? []).map((url, i) => ({
    url,
    label: options.labels?.[i] ?? url,
  }));
  for (const entry of options.serve ?? []) {
    const { dir, label, port = 0, cache = false } = typeof entry === 'string' ? { dir: entry } : entry;
    const server = staticServer(dir, (req) => hostAllowed(req, host), cache);
    servers.push(server);
    const p = await listenOrCloseAll(server, port);
    apps.push({ url: `http://${urlHost(host)}:${p}/`, label: label ?? dir, port: p });
  }

  let pageScript: Buffer | null = null;
  const server = createServer(
    createRoutes({
      host,
      rest,
      events,
      apps,
      placement: (options.placement ?? 'PAGE_BACKGROUND_WORKER').toUpperCase(),
      hidden: options.hidden ?? false,
      clientMode,
      pageScript: async () => (pageScript ??= await readFile(join(here, 'page.global.js'))),
    }),
  );
  servers.push(server);
  const port = await listenOrCloseAll(server, options.port ?? 4000);
  const base = `http://${urlHost(host)}:${port}`;

  return {
    url: `${base}/`,
    webhookUrl: webhookUrlFor(base, rest),
    apps: apps.map(({ url, label }) => ({ url, label })),
    rest,
    close: closeAll,
  };
}

/** Who may use the simulator's own endpoints (the page, its event stream, the control requests). */
import type { IncomingMessage } from 'node:http';
import { isWildcard, requestHost, urlHost } from './http';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Whether the request's `Host` names this machine as it listens: a loopback name, or the `--host`
 * it listens on. A site whose DNS name is rebound to 127.0.0.1 sends its own name and is refused,
 * so it can neither read the page (its config holds the webhook code) nor the event stream. With a
 * wildcard `--host` any name is taken: the simulator was opened to the network on purpose.
 */
export function hostAllowed(req: IncomingMessage, listenHost: string): boolean {
  let host: URL;
  try {
    host = requestHost(req);
  } catch {
    return false;
  }
  return isWildcard(listenHost) || LOOPBACK.has(host.hostname) || host.hostname === urlHost(listenHost);
}

/**
 * Whether a request to the simulator's own endpoints comes from its own page, or from no page at
 * all (a script, a test): the `Host` passes {@link hostAllowed}, and an `Origin`, when sent, is
 * the page's. A browser sends `Origin` with every POST and every cross-origin `EventSource`:
 * another site, or the app under test in its frame, gets a 403 instead of flipping admin rights,
 * expiring tokens or reading the REST log.
 */
export function fromPortalPage(req: IncomingMessage, listenHost: string): boolean {
  if (!hostAllowed(req, listenHost)) return false;
  if (req.headers.origin === undefined) return true;
  try {
    // Scheme aside: with a wildcard --host, a page reached through an https tunnel is still ours.
    return new URL(req.headers.origin).host === requestHost(req).host;
  } catch {
    return false;
  }
}

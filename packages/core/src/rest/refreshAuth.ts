import type { CallCardClient } from '../client/createCallCardClient';
import { str } from '../env';
import { CallCardTransportError } from '../errors';
import type { PortalData } from '../transports/transport';
import { getPortal, keepRefreshed } from './getPortal';
import type { PortalInfo } from './portalInfo';

const pending = new WeakMap<CallCardClient, Promise<PortalInfo>>();

/**
 * Asks the portal for a fresh OAuth token (the portal's `refreshAuth`) and resolves with the
 * updated portal info, which {@link getPortal} returns from then on. Calls made while one is
 * under way share it. Rejects with a {@link CallCardTransportError} when not connected, when the
 * transport cannot refresh, when the answer has no token, or after `timeoutMs` (default 10 s,
 * `0` or `Infinity`: none; the request is then forgotten, so an answer that never comes leaves
 * nothing behind). Calls that join one under way share its timeout.
 *
 * @example
 * const portal = await refreshAuth(client);
 */
export function refreshAuth(
  client: CallCardClient,
  options: { readonly timeoutMs?: number } = {},
): Promise<PortalInfo> {
  let p = pending.get(client);
  if (p) return p;
  p = new Promise<PortalInfo>((resolve, reject) => {
    const c = client.getConnection();
    if (!c?.send || !c.origin) {
      throw new CallCardTransportError('Cannot refresh the token: not connected, or the transport cannot');
    }
    const { timeoutMs = 1e4 } = options;
    // The request is forgotten on its answer or at the timeout: nothing is left behind.
    let settled = false;
    let forget: (() => void) | undefined;
    const end = (): void => (clearTimeout(timer), forget?.());
    const fail = (e: unknown): void => void (settled || ((settled = true), end(), reject(e)));
    // 0 or Infinity: no timeout (setTimeout would fire at once on those).
    const timer =
      timeoutMs > 0 && timeoutMs < 2 ** 31
        ? setTimeout(fail, timeoutMs, new CallCardTransportError(`No token refresh from the portal in ${timeoutMs} ms`))
        : undefined;
    try {
      forget = c.send('refreshAuth', undefined, (answer) => {
        if (settled) return;
        const data = answer as PortalData | null;
        if (typeof data !== 'object' || !str(data?.AUTH_ID)) {
          return fail(new CallCardTransportError('The portal answered refreshAuth with no token'));
        }
        settled = true;
        end();
        keepRefreshed(c, data!);
        const portal = getPortal(client);
        if (portal) resolve(portal);
        else reject(new CallCardTransportError('Client destroyed during the token refresh'));
      });
    } catch (e) {
      fail(e);
    }
    if (settled) forget?.(); // answered synchronously
  }).finally(() => pending.delete(client));
  pending.set(client, p);
  return p;
}

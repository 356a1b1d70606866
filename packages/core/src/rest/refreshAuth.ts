import type { CallCardClient } from '../client/createCallCardClient';
import { str } from '../env';
import { CallCardTransportError } from '../errors';
import { sendOnce } from '../transports/sendOnce';
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
  p = (async () => {
    const c = client.getConnection();
    if (!c?.send || !c.origin) {
      throw new CallCardTransportError('Cannot refresh the token: not connected, or the transport cannot');
    }
    const { timeoutMs = 1e4 } = options;
    // Forgotten on its answer or at the timeout: an answer that never comes leaves nothing behind.
    const answer = (await sendOnce(c, 'refreshAuth', undefined, {
      // 0 or Infinity: no timeout (setTimeout would fire at once on those).
      timeoutMs: timeoutMs > 0 && timeoutMs < 2 ** 31 ? timeoutMs : undefined,
      onTimeout: () => {
        throw new CallCardTransportError(`No token refresh from the portal in ${timeoutMs} ms`);
      },
    })) as PortalData | null;
    if (typeof answer !== 'object' || !str(answer?.AUTH_ID)) {
      throw new CallCardTransportError('The portal answered refreshAuth with no token');
    }
    keepRefreshed(c, answer!);
    const portal = getPortal(client);
    if (!portal) throw new CallCardTransportError('Client destroyed during the token refresh');
    return portal;
  })().finally(() => pending.delete(client));
  pending.set(client, p);
  return p;
}

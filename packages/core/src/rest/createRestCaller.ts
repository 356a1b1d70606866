import type { CallCardClient } from '../client/createCallCardClient';
import { getDefaultCallCardClient } from '../client/getDefaultCallCardClient';
import { callRest, type RestCallOptions, type RestCaller } from './callRest';
import { CallCardRestError } from './errors';
import type { PortalInfo } from './portalInfo';
import { refreshAuth } from './refreshAuth';
import { whenPortal } from './whenPortal';

/**
 * A REST caller: the one way every REST call of this library is made. Bound to a client, it
 * waits for the connection, sends the portal's token, and when the portal answers
 * `expired_token` it refreshes the token once ({@link refreshAuth}) and retries. A call's
 * `signal` also stops the wait for the connection. Bound to a
 * {@link PortalInfo}, it calls that portal with its token as it is. `defaults` apply to every
 * call (a per-call option wins). Default target: the page's client.
 *
 * @example
 * const rest = createRestCaller(client);
 * const contact = await rest('crm.contact.get', { id: 17 });
 */
export function createRestCaller(
  target: CallCardClient | PortalInfo = getDefaultCallCardClient(),
  defaults: RestCallOptions = {},
): RestCaller {
  return async (method, params, options) => {
    const o = { ...defaults, ...options };
    if ('restUrl' in target) return callRest(target, method, params, o);
    const portal = await whenPortal(target, o);
    try {
      return await callRest(portal, method, params, o);
    } catch (e) {
      if (!(e instanceof CallCardRestError && e.error === 'expired_token')) throw e;
      return callRest(await refreshAuth(target), method, params, o);
    }
  };
}

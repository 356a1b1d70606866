import { callRest, CallCardRestError, type RestCaller } from './callRest';
import type { CallCardClient } from './createCallCardClient';
import { CallCardError } from './errors';
import { getDefaultCallCardClient } from './getDefaultCallCardClient';
import type { PortalInfo } from './types';

/**
 * Resolves with the client's portal once connected (starting the client if needed), or rejects
 * with a `NOT_CONNECTED` {@link CallCardError} when it cannot connect.
 */
export function whenPortal(client: CallCardClient): Promise<PortalInfo> {
  return new Promise((resolve, reject) => {
    const check = (): boolean => {
      const portal = client.getPortal();
      const { status, error } = client.getState();
      if (portal) resolve(portal);
      else if (status !== 'idle' && status !== 'connecting') {
        reject(new CallCardError('NOT_CONNECTED', `No portal to call: ${error?.message ?? status}`));
      } else return false;
      return true;
    };
    if (check()) return;
    // The listener may run during subscribe() itself, before its unsubscribe exists.
    const sub: { done: boolean; off?: () => void } = { done: false };
    sub.off = client.subscribe(() => {
      if (!sub.done && check()) {
        sub.done = true;
        sub.off?.();
      }
    });
    if (sub.done) sub.off();
  });
}

/**
 * A REST caller bound to a client's portal: it waits for the connection, sends the portal's
 * token, and when the portal answers `expired_token` it refreshes the token once
 * (`client.refreshAuth()`) and retries. Default client: the page's.
 *
 * @example
 * const rest = createRestCaller();
 * const contact = await rest('crm.contact.get', { id: 17 });
 */
export function createRestCaller(client: CallCardClient = getDefaultCallCardClient()): RestCaller {
  return async (method, params, init) => {
    const portal = await whenPortal(client);
    try {
      return await callRest(portal, method, params, init);
    } catch (e) {
      if (!(e instanceof CallCardRestError && e.error === 'expired_token')) throw e;
      return callRest(await client.refreshAuth(), method, params, init);
    }
  };
}

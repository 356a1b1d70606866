import type { CallCardClient } from '../client/createCallCardClient';
import { CallCardError } from '../errors';
import { getPortal } from './getPortal';
import type { PortalInfo } from './portalInfo';

/**
 * Resolves with the client's portal once connected (starting the client if needed), or rejects
 * with a `NOT_CONNECTED` {@link CallCardError} when it cannot connect.
 *
 * @example
 * const portal = await whenPortal(client);
 */
export function whenPortal(client: CallCardClient): Promise<PortalInfo> {
  return new Promise((resolve, reject) => {
    const check = (): boolean => {
      const portal = getPortal(client);
      const { status, error } = client.getState();
      if (portal) resolve(portal);
      else if (status === 'idle' || status === 'connecting') return false;
      else
        reject(
          new CallCardError(
            'NOT_CONNECTED',
            `No portal to call: ${error?.message ?? (client.getConnection() ? 'the transport names no checked portal host' : status)}`,
          ),
        );
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

import type { CallCardClient } from '../client/createCallCardClient';
import { CallCardError } from '../errors';
import { getPortal } from './getPortal';
import type { PortalInfo } from './portalInfo';

/**
 * Resolves with the client's portal once connected (starting the client if needed), or rejects
 * with a `NOT_CONNECTED` {@link CallCardError} when it cannot connect, or with the signal's reason
 * when `signal` aborts first.
 *
 * @example
 * const portal = await whenPortal(client);
 */
export function whenPortal(
  client: CallCardClient,
  options: { readonly signal?: AbortSignal } = {},
): Promise<PortalInfo> {
  const { signal } = options;
  return new Promise((resolve, reject) => {
    signal?.throwIfAborted();
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
    const stop = (): void => {
      sub.done = true;
      sub.off?.();
      signal?.removeEventListener('abort', onAbort);
    };
    const onAbort = (): void => (stop(), reject(signal!.reason));
    signal?.addEventListener('abort', onAbort, { once: true });
    sub.off = client.subscribe(() => {
      if (!sub.done && check()) stop();
    });
    if (sub.done) stop();
  });
}

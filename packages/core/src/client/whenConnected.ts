import { CallCardError } from '../errors';
import type { TransportConnection } from '../transports/transport';
import type { CallCardClient } from './createCallCardClient';

/**
 * Resolves with the client's live connection once connected (starting the client if needed), or
 * rejects with a `NOT_CONNECTED` {@link CallCardError} when it cannot connect, or with the
 * signal's reason when `signal` aborts first. A connection in a placement without call-card
 * events still resolves: REST and commands decide for themselves.
 *
 * @example
 * const connection = await whenConnected(client);
 */
export function whenConnected(
  client: CallCardClient,
  options: { readonly signal?: AbortSignal } = {},
): Promise<TransportConnection> {
  const { signal } = options;
  return new Promise((resolve, reject) => {
    signal?.throwIfAborted();
    const check = (): boolean => {
      const c = client.getConnection();
      const { status, error } = client.getState();
      if (c) resolve(c);
      else if (status === 'idle' || status === 'connecting') return false;
      else reject(new CallCardError('NOT_CONNECTED', `Not connected to the portal: ${error?.message ?? status}`));
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

/**
 * @internal Calls `fn` once with the client's connection, as soon as there is one, however late
 * (a portal that answers after the init timeout still counts); never, if the client is destroyed
 * first. Starts the client.
 */
export function onceConnected(client: CallCardClient, fn: (connection: TransportConnection) => void): void {
  const sub: { done: boolean; off?: () => void } = { done: false };
  const check = (): void => {
    const c = client.getConnection();
    const { error } = client.getState();
    if (sub.done) return;
    if (c || (error as { reason?: unknown } | null)?.reason === 'DESTROYED') {
      sub.done = true;
      sub.off?.();
      if (c) fn(c);
    }
  };
  sub.off = client.subscribe(check);
  check();
  if (sub.done) sub.off();
}

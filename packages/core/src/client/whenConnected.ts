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
    let stop: (() => void) | undefined = undefined;
    const onAbort = (): void => (stop?.(), reject(signal!.reason));
    signal?.addEventListener('abort', onAbort, { once: true });
    stop = watchClient(client, () => {
      const c = client.getConnection();
      const { status, error } = client.getState();
      if (c) resolve(c);
      else if (status === 'idle' || status === 'connecting') return false;
      else reject(new CallCardError('NOT_CONNECTED', `Not connected to the portal: ${error?.message ?? status}`));
      signal?.removeEventListener('abort', onAbort);
      return true;
    });
  });
}

/**
 * @internal Calls `fn` once with the client's connection, as soon as there is one, however late
 * (a portal that answers after the init timeout still counts); never, if the client is destroyed
 * first. Starts the client.
 */
export function onceConnected(client: CallCardClient, fn: (connection: TransportConnection) => void): void {
  watchClient(client, () => {
    const c = client.getConnection();
    if (c) fn(c);
    return !!c || (client.getState().error as { reason?: unknown } | null)?.reason === 'DESTROYED';
  });
}

/**
 * Runs `check` now and, until it returns `true`, after every change of the client's state
 * (subscribing starts the client), then unsubscribes. Returns the function that stops watching earlier.
 */
function watchClient(client: CallCardClient, check: () => boolean): () => void {
  if (check()) return () => {}; // settled already: no subscription at all
  // The listener may run during subscribe() itself, before its unsubscribe exists.
  let done = false;
  let off: (() => void) | undefined = undefined;
  const stop = (): void => {
    done = true;
    off?.();
  };
  off = client.subscribe(() => void (done || (check() && stop())));
  if (done) off();
  return stop;
}

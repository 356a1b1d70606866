import { str } from '../env';
import type { PortalData, TransportConnection } from './transport';

/** @internal What a transport knows once the portal answered; {@link openConnection} adds the rest. */
export interface ConnectionParts {
  /** The placement as the portal or library gave it (any case, maybe missing: `DEFAULT`). */
  readonly placement: unknown;
  /** See {@link TransportConnection.origin}. */
  readonly origin: string | null;
  /** See {@link TransportConnection.data}: a getter is kept live. */
  readonly data: PortalData;
  /** Binds an event; the handler is wrapped so that nothing is delivered after close. */
  bind(event: string, handler: (payload: unknown) => void): void;
  /** See {@link TransportConnection.send}. */
  send?: TransportConnection['send'];
}

/**
 * @internal The one connection skeleton every transport shares: an abort (destroy) closes the
 * connection and rejects with the signal's reason; `done` turns the parts into a connection
 * (placement upper-cased, `receivedAt` stamped, delivery stopped by `close`); `fail` closes and
 * rejects. `open` may return a cleanup run on close.
 */
export function openConnection(
  signal: AbortSignal,
  open: (done: (parts: ConnectionParts) => void, fail: (error: unknown) => void) => (() => void) | void,
): Promise<TransportConnection> {
  return new Promise((resolve, reject) => {
    let closed = false;
    let cleanup: (() => void) | void = undefined;
    const close = (): void => {
      if (closed) return;
      closed = true;
      cleanup?.();
    };
    signal.addEventListener('abort', () => (close(), reject(signal.reason)), { once: true });
    cleanup = open(
      (parts) =>
        closed ||
        resolve({
          placement: (str(parts.placement) ?? 'DEFAULT').toUpperCase(),
          origin: parts.origin,
          get data() {
            return parts.data;
          },
          receivedAt: Date.now(),
          bind: (event, handler) => parts.bind(event, (payload) => closed || handler(payload)),
          send: parts.send,
          close,
        }),
      (error) => (close(), reject(error)),
    );
    if (closed) cleanup?.(); // failed or aborted while opening
  });
}

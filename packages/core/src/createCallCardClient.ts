import { CallCardError, CallCardListenerError, CallCardTransportError, CallCardUnsupportedError } from './errors';
import {
  CALL_CARD_EVENTS,
  callCardEventName,
  parseCallCardEvent,
  type CallCardEventMap,
  type CallCardEventName,
} from './events';
import { parseEntityChangedPayload, sameEntity } from './parseEntityChangedPayload';
import type { CallCardTransport, TransportConnection } from './transport';
import { autoTransport } from './transports/autoTransport';
import type { CallCardListener, CallCardState, PortalInfo, Unsubscribe } from './types';

/** Options of {@link createCallCardClient}. */
export interface CallCardClientOptions {
  /** How to reach the portal. Default: {@link autoTransport}. */
  readonly transport?: CallCardTransport;
  /**
   * How long to wait for the portal's init data before `unsupported` (`TIMEOUT`). Default: 5000 ms.
   * `0` or `Infinity` waits forever.
   */
  readonly initTimeoutMs?: number;
  /**
   * Receives every problem the client survived: a listener that threw ({@link CallCardListenerError}),
   * an invalid payload ({@link CallCardPayloadError}), a transport failure. Default: `console.error`.
   */
  readonly onError?: (error: unknown) => void;
}

/** A call-card client: an observable store of the current call-card entity. */
export interface CallCardClient {
  /** The current state. The same object until something changes. */
  getState(): CallCardState;
  /**
   * Calls `listener` on every state change; read the current state with `getState()`. The first
   * subscriber starts the client (connect, then bind the event once); the bind outlives every
   * unsubscribe, since Bitrix24 has no unbind, and is reused by later subscribers.
   */
  subscribe(listener: CallCardListener): Unsubscribe;
  /**
   * Calls `handler` with each valid payload of a call-card event (see {@link CallCardEventMap}).
   * Each event is bound once per client, lazily, when its first handler arrives; invalid payloads
   * go to `onError`. `entityChanged` shares the store's bind. Returns the unsubscribe function.
   */
  on<K extends CallCardEventName>(event: K, handler: (payload: CallCardEventMap[K]) => void): Unsubscribe;
  /** Starts the client without subscribing (e.g. before the UI mounts). Idempotent. */
  start(): void;
  /** What the portal said about itself (REST URL, auth), once connected; else `null`. */
  getPortal(): PortalInfo | null;
  /**
   * Asks the portal for a fresh OAuth token (the portal's `refreshAuth`); resolves with the
   * updated portal info, which `getPortal()` returns from then on. Rejects with a
   * {@link CallCardTransportError} when not connected or the transport cannot refresh.
   */
  refreshAuth(): Promise<PortalInfo>;
  /** Stops delivery and drops all listeners. The state becomes `unsupported` (`DESTROYED`). */
  destroy(): void;
}

/** The idle state: where every client starts, and what server rendering shows. */
export const IDLE_STATE: CallCardState = Object.freeze({ status: 'idle', entity: null, error: null, placement: null });

/**
 * Creates a call-card client. Nothing happens until the first `subscribe` (or `start`): then it
 * connects through the transport, binds the placement's entity event exactly once, and keeps the
 * latest valid entity in its state.
 *
 * @example
 * const client = createCallCardClient();
 * const stop = client.subscribe((s) => console.log(s.status, s.entity));
 */
export function createCallCardClient(options: CallCardClientOptions = {}): CallCardClient {
  const { initTimeoutMs = 5000 } = options;
  const report = (error: unknown): void => {
    try {
      (options.onError ?? console.error)(error);
    } catch {
      // An onError that throws must not break delivery.
    }
  };
  const listeners = new Set<{ l: CallCardListener }>();
  const handlers = new Map<CallCardEventName, Set<{ h: (payload: never) => void }>>();
  const bound = new Set<CallCardEventName>();
  const ctrl = new AbortController();
  let state = IDLE_STATE;
  let conn: TransportConnection | null = null;
  let started = false;
  let destroyed = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let refreshing: Promise<PortalInfo> | undefined;

  const queue: Array<() => void> = [];
  let draining = false;
  const enqueue = (job: () => void): void => {
    queue.push(job);
    if (draining) return;
    draining = true;
    try {
      for (let job = queue.shift(); job; job = queue.shift()) job();
    } finally {
      draining = false;
    }
  };

  const set = (patch: Partial<CallCardState>): void => {
    const prev = state;
    const next = { ...prev, ...patch };
    if (
      next.status === prev.status &&
      next.entity === prev.entity &&
      next.error === prev.error &&
      next.placement === prev.placement
    ) {
      return;
    }
    const frozen = (state = Object.freeze(next));
    // A listener that changes the state again (re-entrancy) queues its change behind this one, so
    // everybody sees the changes in order; one unsubscribed before its turn is not called.
    enqueue(() => {
      for (const s of [...listeners]) if (listeners.has(s)) run(() => s.l(frozen, prev));
    });
  };

  const fail = (e: unknown): void => {
    clearTimeout(timer);
    if (destroyed) return;
    const unsupported = e instanceof CallCardUnsupportedError;
    const error = e instanceof CallCardError ? e : new CallCardTransportError(`Transport ${transport.name} failed`, e);
    set({ status: unsupported ? 'unsupported' : 'error', error });
    if (!unsupported) report(error);
  };

  const run = (fn: () => void): void => {
    try {
      fn();
    } catch (e) {
      report(new CallCardListenerError(e));
    }
  };

  const onPayload = (raw: unknown): void => {
    const r = parseEntityChangedPayload(raw);
    if (!r.ok) {
      set({ error: r.error });
      report(r.error);
    } else {
      set({ status: 'ready', error: null, entity: sameEntity(state.entity, r.entity) ? state.entity : r.entity });
      fanOut('entityChanged', r.entity);
    }
  };

  const fanOut = (event: CallCardEventName, value: unknown): void => {
    const group = handlers.get(event);
    for (const e of [...(group ?? [])]) if (group!.has(e)) run(() => e.h(value as never));
  };

  /** Binds `event` once, if connected in a call-card placement and not bound yet. */
  const bindEvent = (event: CallCardEventName): void => {
    const name = conn && callCardEventName(conn.placement, event);
    if (!name || bound.has(event)) return;
    bound.add(event);
    conn!.bind(
      name,
      event === 'entityChanged'
        ? onPayload
        : (raw) => {
            const r = parseCallCardEvent(event, raw);
            if (!r.ok) return report(r.error);
            fanOut(event, r.value);
          },
    );
  };

  const onConnected = (c: TransportConnection): void => {
    clearTimeout(timer);
    if (ctrl.signal.aborted) return c.close();
    conn = c;
    if (!callCardEventName(c.placement, 'entityChanged')) {
      set({ placement: c.placement });
      return fail(
        new CallCardUnsupportedError(
          'PLACEMENT',
          `Placement ${c.placement} has no call-card events: bind the app to PAGE_BACKGROUND_WORKER or CALL_CARD`,
        ),
      );
    }
    // Listening first: a transport may deliver a buffered event synchronously from bind().
    set({ status: 'listening', placement: c.placement });
    bindEvent('entityChanged');
    for (const event of handlers.keys()) bindEvent(event);
  };

  let transport: CallCardTransport;
  const start = (): void => {
    if (started) return;
    started = true;
    try {
      transport = options.transport ?? autoTransport();
      const pending = transport.connect({ signal: ctrl.signal, onError: report });
      set({ status: 'connecting' });
      if (initTimeoutMs > 0 && initTimeoutMs < 2 ** 31) {
        timer = setTimeout(() => {
          ctrl.abort(new CallCardUnsupportedError('TIMEOUT', `No answer from the portal in ${initTimeoutMs} ms`));
          fail(ctrl.signal.reason);
        }, initTimeoutMs);
      }
      pending.then(onConnected, fail);
    } catch (e) {
      fail(e);
    }
  };

  return {
    getState: () => state,
    getPortal: () => conn?.portal ?? null,
    refreshAuth() {
      if (!conn?.refreshAuth) {
        return Promise.reject(
          new CallCardTransportError('Cannot refresh the token: not connected, or the transport cannot'),
        );
      }
      // Calls that find the token expired at the same time share one refresh; a portal that never
      // answers must not block every later refresh.
      return (refreshing ??= new Promise<PortalInfo>((resolve, reject) => {
        const t = setTimeout(() => reject(new CallCardTransportError('No token refresh from the portal in 10 s')), 1e4);
        conn!.refreshAuth!()
          .then(resolve, reject)
          .finally(() => clearTimeout(t));
      }).finally(() => (refreshing = undefined)));
    },
    start,
    subscribe(listener) {
      if (destroyed) return () => {};
      const entry = { l: listener };
      listeners.add(entry);
      start();
      return () => void listeners.delete(entry);
    },
    on(event, handler) {
      if (!CALL_CARD_EVENTS.includes(event)) {
        throw new TypeError(
          `Unknown call-card event "${String(event)}": expected one of ${CALL_CARD_EVENTS.join(', ')}`,
        );
      }
      if (destroyed) return () => {};
      const entry = { h: handler };
      let group = handlers.get(event);
      if (!group) handlers.set(event, (group = new Set()));
      group.add(entry);
      start();
      bindEvent(event);
      return () => void group.delete(entry);
    },
    destroy() {
      if (destroyed) return;
      destroyed = started = true;
      clearTimeout(timer);
      const error = new CallCardUnsupportedError('DESTROYED', 'Client destroyed');
      ctrl.abort(error);
      conn?.close();
      conn = null; // no stale token after destroy
      set({ status: 'unsupported', error });
      enqueue(() => listeners.clear()); // after they were told
      handlers.clear();
    },
  };
}

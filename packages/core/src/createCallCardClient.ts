import {
  CallCardListenerError,
  CallCardTransportError,
  CallCardUnsupportedError,
  isCallCardError,
  type CallCardError,
} from './errors';
import {
  CALL_CARD_EVENTS,
  callCardEventName,
  parseCallCardEvent,
  type CallCardEventMap,
  type CallCardEventName,
} from './events';
import { sameEntity } from './parseEntityChangedPayload';
import type { CallCardTransport, TransportConnection } from './transport';
import { autoTransport } from './transports/autoTransport';
import type { CallCardEntity, CallCardListener, CallCardState, PortalInfo, Unsubscribe } from './types';

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
  type Entry = { f: (...args: never[]) => void };
  const { initTimeoutMs = 5000 } = options;
  const report = (error: unknown): void => {
    try {
      (options.onError ?? console.error)(error);
    } catch {
      // An onError that throws must not break delivery.
    }
  };
  /** Calls every entry still in `group` when its turn comes; a throw is reported, not raised. */
  const call = (group: Set<Entry> | undefined, ...args: unknown[]): void => {
    for (const e of [...(group ?? [])]) {
      if (group!.has(e)) {
        try {
          e.f(...(args as never[]));
        } catch (err) {
          report(new CallCardListenerError(err));
        }
      }
    }
  };
  /** Adds `f` to `group` and starts the client; the result removes it. */
  const add = (group: Set<Entry>, f: Entry['f']): Unsubscribe => {
    if (destroyed) return () => {};
    const entry = { f };
    group.add(entry);
    start();
    return () => void group.delete(entry);
  };
  const listeners = new Set<Entry>();
  const handlers = new Map<CallCardEventName, Set<Entry>>();
  const bound = new Set<CallCardEventName>();
  const ctrl = new AbortController();
  let state = IDLE_STATE;
  let conn: TransportConnection | null = null;
  let started = false;
  let destroyed = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let refreshing: Promise<PortalInfo> | undefined;
  let transport: CallCardTransport;

  // A listener that changes the state again (re-entrancy) queues its change behind this one, so
  // everybody sees the changes in order; one unsubscribed before its turn is not called.
  const queue: Array<() => void> = [];
  let draining = false;
  const enqueue = (job: () => void): void => {
    queue.push(job);
    if (draining) return;
    draining = true;
    try {
      for (let next = queue.shift(); next; next = queue.shift()) next();
    } finally {
      draining = false;
    }
  };

  const set = (patch: Partial<CallCardState>): void => {
    const prev = state;
    if ((Object.keys(patch) as Array<keyof CallCardState>).every((k) => patch[k] === prev[k])) return;
    const next = (state = Object.freeze({ ...prev, ...patch }));
    enqueue(() => call(listeners, next, prev));
  };

  const fail = (e: unknown): void => {
    clearTimeout(timer);
    if (destroyed) return;
    const error = isCallCardError(e) ? e : new CallCardTransportError(`Transport ${transport.name} failed`, e);
    const unsupported = error.code === 'UNSUPPORTED';
    set({ status: unsupported ? 'unsupported' : 'error', error });
    if (!unsupported) report(error);
  };

  /** Binds `event` once, if connected in a call-card placement and not bound yet. */
  const bindEvent = (event: CallCardEventName): void => {
    const name = conn && callCardEventName(conn.placement, event);
    if (!name || bound.has(event)) return;
    bound.add(event);
    conn!.bind(name, (raw) => {
      if (destroyed) return; // a transport whose close() does not stop its binds
      const r = parseCallCardEvent(event, raw);
      if (event === 'entityChanged') {
        const entity = r.ok ? (r.value as CallCardEntity) : null;
        set(
          entity
            ? { status: 'ready', error: null, entity: sameEntity(state.entity, entity) ? state.entity : entity }
            : { error: (r as { error: CallCardError }).error },
        );
      }
      if (!r.ok) return report(r.error);
      call(handlers.get(event), r.value);
    });
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
    handlers.forEach((_, event) => bindEvent(event));
  };

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
    refreshAuth: () =>
      // Calls that find the token expired at the same time share one refresh; a portal that never
      // answers must not block every later refresh.
      (refreshing ??= new Promise<PortalInfo>((resolve, reject) => {
        if (!conn?.refreshAuth) {
          throw new CallCardTransportError('Cannot refresh the token: not connected, or the transport cannot');
        }
        const t = setTimeout(reject, 1e4, new CallCardTransportError('No token refresh from the portal in 10 s'));
        conn
          .refreshAuth()
          .then(resolve, reject)
          .finally(() => clearTimeout(t));
      }).finally(() => (refreshing = undefined))),
    start,
    subscribe: (listener) => add(listeners, listener),
    on(event, handler) {
      if (!CALL_CARD_EVENTS.includes(event)) {
        throw new TypeError(
          `Unknown call-card event "${String(event)}": expected one of ${CALL_CARD_EVENTS.join(', ')}`,
        );
      }
      let group = handlers.get(event);
      if (!group) handlers.set(event, (group = new Set()));
      const off = add(group, handler);
      bindEvent(event);
      return off;
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

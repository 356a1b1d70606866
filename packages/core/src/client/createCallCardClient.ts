import { sameEntity, parseEntityChangedPayload } from '../entity/parseEntityChangedPayload';
import { CallCardTransportError, CallCardUnsupportedError, isCallCardError } from '../errors';
import { callEach, createStore, type ReadableStore } from '../store/createStore';
import type { CallCardTransport, TransportConnection } from '../transports/transport';
import type { CallCardState, ParseResult, PayloadParser, Unsubscribe } from '../types';
import { isCallCardPlacement, portalEventName } from './portalEventName';

/** Options of {@link createCallCardClient}. */
export interface CallCardClientOptions {
  /**
   * How to reach the portal: `frameTransport()` (built in, no script), `bx24Transport()` (the
   * classic `BX24` script), `b24FrameTransport({ frame })` (`@bitrix24/b24jssdk`) or
   * `autoTransport()`. Required; `getDefaultCallCardClient()` picks one for you.
   */
  readonly transport: CallCardTransport;
  /**
   * How long to wait for the portal's init data before `unsupported` (`TIMEOUT`). Default: 5000 ms.
   * `0` or `Infinity` waits forever. The client keeps listening after the timeout: a late answer
   * still brings it up (`listening`).
   */
  readonly initTimeoutMs?: number;
  /**
   * Receives every problem the client survived: a listener that threw ({@link CallCardListenerError}),
   * an invalid payload ({@link CallCardPayloadError}), a transport failure. Default: `console.error`.
   */
  readonly onError?: (error: unknown) => void;
}

/**
 * A call-card client: an observable store of the current call-card entity (see
 * {@link CallCardState}), plus the single-bind registry the event, call-state and command
 * modules build on.
 */
export interface CallCardClient extends ReadableStore<CallCardState> {
  /**
   * Calls `listener` on every state change (with the new and the previous state). The first
   * subscriber starts the client (connect, then bind the entity event once); the bind outlives
   * every unsubscribe, since Bitrix24 has no unbind, and is reused by later subscribers.
   */
  subscribe(listener: (state: CallCardState, previous: CallCardState) => void): Unsubscribe;
  /** Starts the client without subscribing (e.g. before the UI mounts). Idempotent. */
  start(): void;
  /**
   * Low level, for modules like `onCallCardEvent`: calls `handler` with every payload of the
   * portal event `event` (short name, e.g. `hangupButtonClick`), parsed by `parse`. The event is
   * bound at most once per client, however many handlers; each payload is parsed once per
   * distinct parser, and an invalid one is reported to `onError` once. Starts the client.
   */
  listen<T>(event: string, parse: PayloadParser<T>, handler: (result: ParseResult<T>) => void): Unsubscribe;
  /** Low level: the live connection once connected, else `null` (also after destroy). */
  getConnection(): TransportConnection | null;
  /** Reports a problem to the client's `onError` (never throws). */
  report(error: unknown): void;
  /** Stops delivery and drops all handlers. The state becomes `unsupported` (`DESTROYED`). */
  destroy(): void;
}

/** The idle state: where every client starts, and what server rendering shows. */
export const IDLE_STATE: CallCardState = /* @__PURE__ */ Object.freeze({
  status: 'idle',
  entity: null,
  error: null,
  placement: null,
});

type Handlers = Set<{ f: (result: ParseResult<never>) => void }>;

/**
 * Creates a call-card client. Nothing happens until the first `subscribe` (or `start`): then it
 * connects through the transport, binds the placement's entity event exactly once, and keeps the
 * latest valid entity in its state.
 *
 * @example
 * const client = createCallCardClient({ transport: frameTransport({ allowedHosts: ['*.bitrix24.com'] }) });
 * const stop = client.subscribe((s) => console.log(s.status, s.entity));
 */
export function createCallCardClient(options: CallCardClientOptions): CallCardClient {
  const transport = options?.transport;
  if (typeof transport?.connect !== 'function') {
    throw new TypeError(
      'createCallCardClient: pass a transport, e.g. { transport: frameTransport() }, or use getDefaultCallCardClient()',
    );
  }
  const { initTimeoutMs = 5000, onError = console.error } = options;
  const report = (error: unknown): void => {
    try {
      onError(error);
    } catch {
      // An onError that throws must not break delivery.
    }
  };
  /** event → parser → handlers: bound once per event, parsed once per parser. */
  const channels = new Map<string, Map<PayloadParser<unknown>, Handlers>>();
  const bound = new Set<string>();
  const ctrl = new AbortController();
  let conn: TransportConnection | null = null;
  let started = false;
  let destroyed = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const store = createStore(IDLE_STATE, { onFirstSubscribe: () => start(), onError: report });
  const set = (patch: { readonly [K in keyof CallCardState]?: unknown }): void => {
    const prev = store.getState();
    if ((Object.keys(patch) as Array<keyof CallCardState>).some((k) => patch[k] !== prev[k]))
      store.setState(Object.freeze({ ...prev, ...patch }) as CallCardState);
  };

  const fail = (e: unknown, placement?: string): void => {
    clearTimeout(timer);
    if (destroyed) return;
    const error = isCallCardError(e) ? e : new CallCardTransportError(`Transport ${transport.name} failed`, e);
    const unsupported = error.code === 'UNSUPPORTED';
    // One change: the status, the error (and the placement, when known) together.
    set({ status: unsupported ? 'unsupported' : 'error', error, ...(placement && { placement }) });
    if (!unsupported) report(error);
  };

  /** Binds `event` once, if connected in a call-card placement and not bound yet. */
  const bind = (event: string): void => {
    // An event this placement does not have is never bound (onCallCardEvent reports it).
    const name = conn && portalEventName(conn.placement, event);
    if (!name || bound.has(event)) return;
    bound.add(event);
    try {
      conn!.bind(name, deliver(event));
    } catch (e) {
      bound.delete(event); // tried again by the next handler for it
      report(new CallCardTransportError(`Could not bind ${name}`, e));
    }
  };

  /** Delivers a payload of `event` to its handlers, parsed once per parser. */
  const deliver =
    (event: string) =>
    (raw: unknown): void => {
      if (destroyed) return; // a transport whose close() does not stop its binds
      // A snapshot: a handler added during this delivery (with a new parser) gets the next payload.
      for (const [parse, handlers] of [...(channels.get(event) ?? [])]) {
        const result = parse(raw);
        if (!result.ok) report(result.error);
        callEach(handlers, report, result as ParseResult<never>);
      }
    };

  const add = <T>(event: string, parse: PayloadParser<T>, handler: (result: ParseResult<T>) => void): Unsubscribe => {
    if (destroyed) return () => {};
    let parsers = channels.get(event);
    if (!parsers) channels.set(event, (parsers = new Map()));
    let handlers = parsers.get(parse as PayloadParser<unknown>);
    if (!handlers) parsers.set(parse as PayloadParser<unknown>, (handlers = new Set()));
    const entry = { f: handler as (result: ParseResult<never>) => void };
    handlers.add(entry);
    bind(event);
    return () => void handlers.delete(entry);
  };

  // The client's own job: the entity. Registered first, so it is the first bind made.
  // An invalid payload changes nothing here: it went to onError, the last valid entity stays.
  add('entityChanged', parseEntityChangedPayload, (r) => {
    const { entity } = store.getState();
    if (r.ok) set({ status: 'ready', error: null, entity: sameEntity(entity, r.value) ? entity : r.value });
  });

  const onConnected = (c: TransportConnection): void => {
    clearTimeout(timer);
    if (destroyed) return c.close();
    conn = c; // kept in any placement: REST works from an install page too
    if (!isCallCardPlacement(c.placement)) {
      return fail(
        new CallCardUnsupportedError(
          'PLACEMENT',
          `Placement ${c.placement} has no call-card events: use PAGE_BACKGROUND_WORKER or CALL_CARD`,
        ),
        c.placement,
      );
    }
    // Listening first: a transport may deliver a buffered event synchronously from bind(). A late
    // answer (after the timeout) clears the TIMEOUT error.
    set({ status: 'listening', placement: c.placement, error: null });
    channels.forEach((_, event) => bind(event));
  };

  const start = (): void => {
    if (started) return;
    started = true;
    try {
      const pending = transport.connect({ signal: ctrl.signal, onError: report });
      set({ status: 'connecting' });
      // A transport may hand the connection over at once (the mock does): no timer, no microtask.
      if (!('then' in pending)) return onConnected(pending);
      if (initTimeoutMs > 0 && initTimeoutMs < 2 ** 31) {
        // Not an abort: a portal slower than the timeout still brings the client up when it answers.
        timer = setTimeout(
          fail,
          initTimeoutMs,
          new CallCardUnsupportedError(
            'TIMEOUT',
            `No portal answer in ${initTimeoutMs} ms (a late answer still connects)`,
          ),
        );
      }
      pending.then(onConnected, (e: unknown) => fail(e));
    } catch (e) {
      fail(e);
    }
  };

  return {
    getState: store.getState,
    getServerState: store.getServerState,
    subscribe: store.subscribe,
    start,
    listen: (event, parse, handler) => {
      const off = add(event, parse, handler);
      start();
      return off;
    },
    getConnection: () => conn,
    report,
    destroy() {
      if (destroyed) return;
      destroyed = started = true;
      clearTimeout(timer);
      const error = new CallCardUnsupportedError('DESTROYED', 'Client destroyed');
      ctrl.abort(error);
      conn?.close();
      conn = null; // no stale token after destroy
      channels.clear();
      set({ status: 'unsupported', error });
    },
  };
}

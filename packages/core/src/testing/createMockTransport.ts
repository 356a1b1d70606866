import { isCallCardPlacement, portalEventName } from '../client/portalEventName';
import {
  CALL_CARD_COMMANDS,
  CALL_CARD_UI_STATES,
  COMMANDS,
  commandPlacement,
  type CallCardCommandName,
} from '../commands/callCardCommands';
import type { BackgroundWorkerEventMap, CallCardEventName, CallCardTabEventMap } from '../events/callCardEvents';
import type { PortalInfo } from '../rest/portalInfo';
import type { CallCardTransport, PortalData, TransportConnection } from '../transports/transport';

/** Options of {@link createMockTransport}. */
export interface MockTransportOptions {
  /** The placement the fake portal reports. Default: `PAGE_BACKGROUND_WORKER`. */
  readonly placement?: string;
  /** The checked portal origin (where REST goes). Default: `https://example.bitrix24.com`; `null`: none. */
  readonly origin?: string | null;
  /** The portal's data, in the `getInitData` shape. Default: {@link mockPortalData}. */
  readonly data?: PortalData;
  /**
   * When the portal answers: `immediate` (the default: `connect` hands the connection over
   * synchronously, so the client is `listening` and its binds exist as soon as it starts, with
   * nothing to await), `manual` (`connect` returns a promise settled by
   * {@link MockTransport.answer}), or `never` (a portal that never answers).
   */
  readonly answer?: 'immediate' | 'manual' | 'never';
  /**
   * Make `connect` fail with this error: thrown synchronously when its `code` is `UNSUPPORTED`
   * (as a real transport does when it can tell at once), else a rejected promise.
   */
  readonly failWith?: unknown;
  /** How the fake portal answers `refreshAuth` (`AUTH_ID`, `REFRESH_ID`, `AUTH_EXPIRES`). Default: no refresh support. */
  readonly refreshAuth?: () => PortalData | Promise<PortalData>;
  /**
   * How the fake portal answers commands, by name: the answer as the portal sends it (e.g. `[]`,
   * `[{ result: 'error', errorCode: 'Call card is undefined' }]`), a function of the params that
   * returns it, {@link SILENCE} for no answer, or an array of answers given with {@link answers}
   * (the desktop app answers `missing field held` twice). Default, as the browser portal: `[]` for
   * the placement's commands, silence for the timer commands and for any other command,
   * `getInterface` lists the placement's commands, `CallCardGetListUiStates` the 12 states,
   * `getStatus` a sample call.
   */
  readonly commandAnswers?: Readonly<Record<string, unknown>>;
}

/** A command answer that never comes (the portal is silent). */
export const SILENCE: unique symbol = Symbol('silence');

/** Several answers to one command, in order (the desktop app answers `missing field held`, then `[]`). */
export const answers = (...list: unknown[]): { readonly [ANSWERS]: unknown[] } => ({ [ANSWERS]: list });
const ANSWERS = Symbol('answers');

/** A call as `getStatus` answers it in the `CALL_CARD` placement. */
export const mockCallStatus = (): Record<string, unknown> => ({
  CALL_ID: 'externalCall.mock',
  PHONE_NUMBER: '+15550100',
  LINE_NUMBER: 'line-1',
  LINE_NAME: 'Sales',
  CRM_ENTITY_TYPE: 'CONTACT',
  CRM_ENTITY_ID: 17,
  CALL_DIRECTION: 'incoming',
  CALL_STATE: 'connected',
  CALL_LIST_MODE: false,
});

const defaultAnswer = (placement: string, command: string): unknown => {
  const own = Object.prototype.hasOwnProperty.call(COMMANDS, command)
    ? commandPlacement(command as CallCardCommandName) === placement
    : false;
  if (command === 'getInterface') {
    return { command: CALL_CARD_COMMANDS.filter((c) => commandPlacement(c) === placement), event: [] };
  }
  if (!own || command === 'CallCardStartTimer' || command === 'CallCardStopTimer') return SILENCE;
  if (command === 'CallCardGetListUiStates') return [...CALL_CARD_UI_STATES];
  if (command === 'getStatus') return mockCallStatus();
  return [];
};

/**
 * An event {@link MockTransport.emit} can fire: a short name of either placement
 * (`hangupButtonClick`, `callStateChanged`..., turned into the placement's full name), or the
 * portal's full name (`BackgroundCallCard::hangupButtonClick`, `CallCard::EntityChanged`...).
 * Strict: a typo is a type error.
 */
export type MockEventName =
  | CallCardEventName
  | `BackgroundCallCard::${keyof BackgroundWorkerEventMap}`
  | `CallCard::${Capitalize<keyof CallCardTabEventMap>}`;

/** A fake portal for tests: the real {@link CallCardTransport} interface plus controls. */
export interface MockTransport extends CallCardTransport {
  /**
   * Fires `event` with `payload` (the raw payload, as the portal sends it) to every bind made for
   * it, as the portal does: two binds mean two deliveries. `event` is a short name (default
   * `entityChanged`, turned into the placement's full name) or a full name like
   * `BackgroundCallCard::hangupButtonClick`. Synchronous: the handlers have run when it returns.
   *
   * Returns how many binds it reached (a client binds each event once). Throws an `Error` saying why when nothing could get it: the
   * event is not bound (the message names the placement and the events that are), the placement
   * does not have the event, or the connection was closed (the client was destroyed).
   */
  emit(payload: unknown, event?: MockEventName): number;
  /** Answers the pending `connect` calls (with `answer: 'manual'` or `'never'`). Calling it again is harmless. */
  answer(): void;
  /** Rejects the pending `connect` calls with `error`. */
  fail(error: unknown): void;
  /** Every bind made, in order, by event name (the portal keeps them all: there is no unbind). */
  readonly binds: readonly string[];
  /** Every command sent through the connection, in order (`getInterface`, `refreshAuth`, `CallCardSetMute`...). */
  readonly commands: ReadonlyArray<{ readonly command: string; readonly params: unknown }>;
  /** How many times `connect` was called. */
  readonly connectCalls: number;
  /**
   * Whether the client closed its connection (destroyed). Each `connect` makes a connection of its
   * own: with several clients on one transport, `true` once every one of them is closed.
   */
  readonly closed: boolean;
}

/** The `getInitData` answer of the fake portal: a token valid for an hour, an administrator. */
export const mockPortalData = (): PortalData => ({
  AUTH_ID: 'mock-access-token',
  REFRESH_ID: 'mock-refresh-token',
  AUTH_EXPIRES: 3600,
  MEMBER_ID: 'mock-member',
  IS_ADMIN: true,
  LANG: 'en',
  PLACEMENT_OPTIONS: {},
});

/** A portal at `example.bitrix24.com` with a token valid for an hour (what `getPortal` gives for the mock's defaults). */
export const mockPortal = (): PortalInfo => ({
  domain: 'example.bitrix24.com',
  protocol: 'https:',
  restUrl: 'https://example.bitrix24.com/rest/',
  auth: { accessToken: 'mock-access-token', refreshToken: 'mock-refresh-token', expiresAt: Date.now() + 3600_000 },
  memberId: 'mock-member',
  isAdmin: true,
  lang: 'en',
  placementOptions: {},
});

/**
 * Creates a fake transport to drive a client in tests, with no portal and no DOM. By default it
 * connects at once: the client is `listening` and bound as soon as it starts (first `subscribe`,
 * `start()`, `onCallCardEvent`, a hook's mount), so `emit` works right away.
 *
 * @example
 * const transport = createMockTransport();
 * const client = createCallCardClient({ transport, onError: collectErrors() });
 * client.start();
 * transport.emit({ PHONE_NUMBER: '+100', CRM_ENTITY_TYPE: 'CONTACT', CRM_ENTITY_ID: 5 });
 * client.getState().entity; // { phoneNumber: '+100', entityType: 'CONTACT', entityId: 5 }
 * transport.emit(undefined, 'hangupButtonClick'); // throws: nobody listens to it
 */
export function createMockTransport(options: MockTransportOptions = {}): MockTransport {
  const placement = (options.placement ?? 'PAGE_BACKGROUND_WORKER').toUpperCase();
  const origin = options.origin === undefined ? 'https://example.bitrix24.com' : options.origin;
  const data = options.data ?? mockPortalData();
  const mode = options.answer ?? 'immediate';
  const handlers: Array<{ event: string; handler: (payload: unknown) => void; live: () => boolean }> = [];
  const binds: string[] = [];
  const commands: Array<{ command: string; params: unknown }> = [];
  const pending: Array<{ resolve: () => void; reject: (e: unknown) => void }> = [];
  let connections = 0;
  let open = 0;
  let connectCalls = 0;

  const refresh = options.refreshAuth;
  const send: TransportConnection['send'] = (command, params, onAnswer) => {
    commands.push({ command, params });
    let live = true;
    if (command === 'refreshAuth') {
      if (refresh) void Promise.resolve(refresh()).then((a) => live && onAnswer(a));
      return () => void (live = false);
    }
    const scripted = options.commandAnswers;
    let answer =
      scripted && Object.prototype.hasOwnProperty.call(scripted, command)
        ? scripted[command]
        : defaultAnswer(placement, command);
    if (typeof answer === 'function') answer = (answer as (p: unknown) => unknown)(params);
    const list =
      typeof answer === 'object' && answer !== null && ANSWERS in answer
        ? (answer as { [ANSWERS]: unknown[] })[ANSWERS]
        : [answer];
    // Answers arrive asynchronously, as postMessage does.
    for (const a of list) if (a !== SILENCE) queueMicrotask(() => live && onAnswer(a));
    return () => void (live = false);
  };

  /** A connection of its own per `connect`: closing one (a destroyed client) leaves the others. */
  const connection = (): TransportConnection => {
    let closed = false;
    connections++;
    open++;
    const live = () => !closed;
    return {
      placement,
      origin,
      data,
      receivedAt: Date.now(),
      send,
      bind(event, handler) {
        binds.push(event);
        handlers.push({ event, handler, live });
      },
      close() {
        if (!closed) open--;
        closed = true;
      },
    };
  };

  const what = (event: string): string => `transport.emit(payload, '${event}')`;

  return {
    name: 'mock',
    get binds() {
      return binds;
    },
    get commands() {
      return commands;
    },
    get connectCalls() {
      return connectCalls;
    },
    get closed() {
      return connections > 0 && open === 0;
    },
    connect(o) {
      connectCalls++;
      const { failWith } = options;
      if (failWith !== undefined && (failWith as { code?: unknown }).code === 'UNSUPPORTED') throw failWith;
      if (o.signal.aborted) throw o.signal.reason;
      // The default: the portal answers at once, and the client binds with no microtask to wait.
      if (failWith === undefined && mode === 'immediate') return connection();
      return new Promise<TransportConnection>((resolve, reject) => {
        o.signal.addEventListener('abort', () => reject(o.signal.reason), { once: true });
        if (failWith !== undefined) reject(failWith);
        else pending.push({ resolve: () => resolve(connection()), reject });
      });
    },
    answer: () => {
      for (const p of pending.splice(0)) p.resolve();
    },
    fail: (e) => {
      for (const p of pending.splice(0)) p.reject(e);
    },
    emit(payload, event = 'entityChanged') {
      const name = event.includes('::') ? event : portalEventName(placement, event);
      if (!name) {
        throw new Error(
          `${what(event)}: the ${placement} placement has no event ${event}, so nothing can be bound to it` +
            (isCallCardPlacement(placement) ? '' : ' (it has no call-card events at all)'),
        );
      }
      if (connections > 0 && open === 0) {
        throw new Error(`${what(event)}: the connection is closed (the client was destroyed), nothing gets ${name}`);
      }
      const targets = handlers.filter((h) => h.event === name && h.live());
      if (!targets.length) {
        const bound = [...new Set(handlers.filter((h) => h.live()).map((h) => h.event))];
        throw new Error(
          `${what(event)}: nothing is bound to ${name} in ${placement}. ` +
            (connections === 0
              ? connectCalls === 0
                ? 'The client has not connected: start it (client.start(), subscribe, or listen for the event) first.'
                : options.failWith !== undefined
                  ? 'The client never connected (failWith).'
                  : `The client is still connecting: call transport.answer() first (answer: '${mode}').`
              : `Bound: ${bound.length ? bound.join(', ') : 'none'}. Listen for ${event} first (onCallCardEvent, a hook).`),
        );
      }
      for (const h of targets) h.handler(payload);
      return targets.length;
    },
  };
}

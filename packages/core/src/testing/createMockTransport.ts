import { portalEventName } from '../client/portalEventName';
import {
  CALL_CARD_COMMANDS,
  CALL_CARD_UI_STATES,
  COMMANDS,
  commandPlacement,
  type CallCardCommandName,
} from '../commands/callCardCommands';
import type { CallCardEventName } from '../events/callCardEvents';
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
   * When `connect` settles: `immediate` (next microtask, the default), `manual` (on
   * {@link MockTransport.answer}), or `never` (a portal that never answers).
   */
  readonly answer?: 'immediate' | 'manual' | 'never';
  /** Make `connect` fail with this error (thrown synchronously when it is unsupported-like). */
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

/** A fake portal for tests: the real {@link CallCardTransport} interface plus controls. */
export interface MockTransport extends CallCardTransport {
  /**
   * Fires `event` with `payload` to every bind made for it, as the portal does: two binds mean
   * two deliveries. `event` is a short name (default `entityChanged`, turned into the
   * placement's full name) or a full name like `BackgroundCallCard::hangupButtonClick`.
   * Returns how many handlers got it.
   */
  emit(payload: unknown, event?: CallCardEventName | (string & {})): number;
  /** Answers a pending `connect` (with `answer: 'manual'`). Calling it again is harmless. */
  answer(): void;
  /** Rejects a pending `connect` with `error`. */
  fail(error: unknown): void;
  /** Every bind made, in order, by event name (the portal keeps them all: there is no unbind). */
  readonly binds: readonly string[];
  /** Every command sent through the connection, in order (`getInterface`, `refreshAuth`, `CallCardSetMute`...). */
  readonly commands: ReadonlyArray<{ readonly command: string; readonly params: unknown }>;
  /** How many times `connect` was called. */
  readonly connectCalls: number;
  /** Whether the client closed the connection. */
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
 * Creates a fake transport to drive a client in tests, with no portal and no DOM.
 *
 * @example
 * const transport = createMockTransport();
 * const client = createCallCardClient({ transport });
 * client.start();
 * await Promise.resolve();
 * transport.emit({ PHONE_NUMBER: '+100', CRM_ENTITY_TYPE: 'CONTACT', CRM_ENTITY_ID: 5 });
 */
export function createMockTransport(options: MockTransportOptions = {}): MockTransport {
  const placement = (options.placement ?? 'PAGE_BACKGROUND_WORKER').toUpperCase();
  const handlers: Array<{ event: string; handler: (payload: unknown) => void }> = [];
  const binds: string[] = [];
  const commands: Array<{ command: string; params: unknown }> = [];
  let settle: { resolve: () => void; reject: (e: unknown) => void } | undefined;
  let connectCalls = 0;
  let closed = false;

  const refresh = options.refreshAuth;
  const connection: TransportConnection = {
    placement,
    origin: options.origin === undefined ? 'https://example.bitrix24.com' : options.origin,
    data: options.data ?? mockPortalData(),
    receivedAt: Date.now(),
    send(command, params, onAnswer) {
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
    },
    bind(event, handler) {
      binds.push(event);
      handlers.push({ event, handler });
    },
    close() {
      closed = true;
    },
  };

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
      return closed;
    },
    connect({ signal }) {
      connectCalls++;
      if (options.failWith !== undefined && (options.failWith as { code?: unknown }).code === 'UNSUPPORTED') {
        throw options.failWith;
      }
      return new Promise<TransportConnection>((resolve, reject) => {
        signal.addEventListener('abort', () => reject(signal.reason), { once: true });
        settle = { resolve: () => resolve(connection), reject };
        if (options.failWith !== undefined) reject(options.failWith);
        else if ((options.answer ?? 'immediate') === 'immediate') resolve(connection);
      });
    },
    answer: () => settle?.resolve(),
    fail: (e) => settle?.reject(e),
    emit(payload, event = 'entityChanged') {
      if (closed) return 0;
      const name = event.includes('::') ? event : portalEventName(placement, event);
      const targets = handlers.filter((h) => h.event === name);
      for (const h of targets) h.handler(payload);
      return targets.length;
    },
  };
}

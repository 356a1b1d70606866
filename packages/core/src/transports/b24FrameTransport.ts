import { CallCardTransportError, isCallCardError } from '../errors';
import { checkHost, type AllowedHosts } from '../frame/frameParams';
import { openConnection } from './openConnection';
import type { CallCardTransport, PortalData } from './transport';

/** What the SDK's `auth.getAuthData()` returns. */
export interface B24FrameAuthData {
  /** Access token. */
  readonly access_token: string;
  /** Refresh token. */
  readonly refresh_token?: string;
  /** When the token expires, in seconds since the epoch. */
  readonly expires?: number;
  /** The token's full lifetime in seconds. */
  readonly expires_in?: number;
  /** Portal member id. */
  readonly member_id?: string;
}

/** The part of an `@bitrix24/b24jssdk` `B24Frame` this transport uses (structural: the SDK is not imported). */
export interface B24FrameLike {
  /** The SDK's placement manager. */
  readonly placement: {
    /** The placement (the SDK says `DEFAULT` when the portal gave none). */
    readonly placement: string;
    /** `PLACEMENT_OPTIONS`. */
    readonly options?: unknown;
    /** Binds a placement event; resolves about 900 ms later, as the portal never acknowledges a bind. */
    bindEvent(event: string, callback: (payload: unknown) => void): Promise<unknown>;
  };
  /** The SDK's auth manager. */
  readonly auth?: {
    /** OAuth data, or `false` once expired. */
    getAuthData(): false | B24FrameAuthData;
    /** Whether the user is a portal administrator. */
    readonly isAdmin?: boolean;
    /** Asks the portal for a fresh token. */
    refreshAuth?(): Promise<unknown>;
  };
  /** The SDK's parent manager: its message manager sends raw frame commands. */
  readonly parent?: {
    readonly message?: {
      /** Sends a command and resolves with the portal's first answer (never, if none comes). */
      send(command: string, params?: Record<string, unknown> | null): Promise<unknown>;
    };
  };
  /** The portal origin, e.g. `https://example.bitrix24.com`. */
  getTargetOrigin?(): string;
  /** The interface language. */
  getLang?(): string;
}

/** Options of {@link b24FrameTransport}. */
export interface B24FrameTransportOptions {
  /** The frame, or the promise, that `initializeB24Frame()` returns. */
  readonly frame: B24FrameLike | PromiseLike<B24FrameLike>;
  /** Portal hosts the app trusts, checked against the SDK's target origin. */
  readonly allowedHosts?: AllowedHosts;
}

const isBindTimeout = (v: unknown): boolean =>
  typeof v === 'object' && v !== null && (v as { isSafely?: unknown }).isSafely === true && Object.keys(v).length === 1;

/**
 * The SDK's token in the portal's own {@link PortalData} shape, or `null` once it expired (or when
 * the SDK throws: never thrown on).
 */
const toData = (b24: B24FrameLike): PortalData | null => {
  try {
    const auth = b24.auth?.getAuthData();
    if (!auth) return null;
    const { expires, expires_in } = auth;
    return {
      AUTH_ID: auth.access_token,
      REFRESH_ID: auth.refresh_token,
      // `expires` is when the token expires (s since the epoch); `expires_in` is its full lifetime.
      AUTH_EXPIRES_AT:
        typeof expires === 'number'
          ? expires * 1e3
          : Date.now() + (typeof expires_in === 'number' ? expires_in : 0) * 1e3,
      MEMBER_ID: auth.member_id,
      IS_ADMIN: b24.auth?.isAdmin,
      LANG: b24.getLang?.(),
      PLACEMENT_OPTIONS: b24.placement.options,
    };
  } catch {
    return null;
  }
};

/**
 * A transport over the official SDK `@bitrix24/b24jssdk`: pass the frame (or the promise) that
 * `initializeB24Frame()` returns. The SDK stays your dependency; this package never imports it.
 *
 * b24jssdk's `bindEvent` gives an event that arrives in the first ~900 ms after the bind to its
 * promise instead of the callback. This transport takes it from the promise, so no event is lost.
 *
 * @example
 * import { initializeB24Frame } from '@bitrix24/b24jssdk';
 * createCallCardClient({ transport: b24FrameTransport({ frame: initializeB24Frame() }) });
 */
export function b24FrameTransport(options: B24FrameTransportOptions): CallCardTransport {
  return {
    name: 'b24jssdk',
    connect({ signal, onError }) {
      return openConnection(signal, (done, fail) => {
        Promise.resolve(options.frame).then((b24) => {
          try {
            // No target origin: no checked host, so no REST (and nothing to check against allowedHosts).
            const target = b24.getTargetOrigin?.();
            const url = target ? new URL(target) : null;
            const origin = url ? url.origin : null;
            // With allowedHosts, a frame that names no origin cannot be trusted either.
            if (url || options.allowedHosts) checkHost(url ? url.host : '(no target origin)', options.allowedHosts);
            // The SDK's getAuthData() is false once the token expired: keep the last one, so REST
            // gets an expired_token answer and refreshes, rather than having no portal.
            let token: unknown;
            let data: PortalData = {};
            /** The SDK's token, rebuilt only when it changed (so getPortal keeps its identity). */
            const read = (): PortalData => {
              const next = toData(b24);
              if (next && next.AUTH_ID !== token) {
                token = next.AUTH_ID;
                data = next;
              }
              return data;
            };
            read();
            done({
              placement: b24.placement.placement,
              origin,
              get data() {
                return read();
              },
              send(command, params, onAnswer, onFail) {
                const auth = b24.auth;
                let live = true;
                if (command !== 'refreshAuth') {
                  // Through the SDK's message manager, not placement.call: that one adds isRawValue to
                  // the params and resolves {isSafely: true} after 900 ms whatever happened.
                  const message = b24.parent?.message;
                  if (!message) throw new CallCardTransportError(`This B24Frame cannot send ${command}`);
                  message.send(command, params as Record<string, unknown>).then(
                    (answer) => live && onAnswer(answer),
                    (cause) => {
                      if (!live) return;
                      const error = new CallCardTransportError(`b24jssdk failed to send ${command}`, cause);
                      if (onFail) onFail(error);
                      else onError(error);
                    },
                  );
                  return () => void (live = false);
                }
                if (!auth?.refreshAuth) throw new CallCardTransportError('This B24Frame cannot refresh the token');
                auth.refreshAuth().then(
                  () => live && onAnswer(toData(b24)),
                  // Reported, then answered with no token: the refresh fails now, not at its timeout.
                  (cause) => {
                    if (!live) return;
                    onError(new CallCardTransportError('b24jssdk refreshAuth failed', cause));
                    onAnswer(undefined);
                  },
                );
                return () => void (live = false);
              },
              bind(event, handler) {
                let fired = false;
                const deliver = (payload: unknown): void => ((fired = true), handler(payload));
                b24.placement.bindEvent(event, deliver).then(
                  // An event that beat the SDK's bind timer resolved the promise instead of the callback.
                  (result) => fired || isBindTimeout(result) || deliver(result),
                  (cause) => onError(new CallCardTransportError(`b24jssdk failed to bind ${event}`, cause)),
                );
              },
            });
          } catch (cause) {
            fail(isCallCardError(cause) ? cause : new CallCardTransportError('The B24Frame is not usable', cause));
          }
        }, fail);
      });
    },
  };
}

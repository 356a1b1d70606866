import { CallCardTransportError } from '../errors';
import { portalInfo } from '../env';
import type { CallCardTransport, TransportConnection } from '../transport';
import type { PortalInfo } from '../types';

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
    getAuthData():
      | false
      | { access_token: string; refresh_token?: string; expires?: number; expires_in?: number; member_id?: string };
    /** Whether the user is a portal administrator. */
    readonly isAdmin?: boolean;
    /** Asks the portal for a fresh token. */
    refreshAuth?(): Promise<unknown>;
  };
  /** The portal origin, e.g. `https://example.bitrix24.com`. */
  getTargetOrigin?(): string;
  /** The interface language. */
  getLang?(): string;
}

const isBindTimeout = (v: unknown): boolean =>
  typeof v === 'object' && v !== null && (v as { isSafely?: unknown }).isSafely === true && Object.keys(v).length === 1;

/**
 * A transport over the official SDK `@bitrix24/b24jssdk`: pass the frame (or the promise) that
 * `initializeB24Frame()` returns. The SDK stays your dependency; this package never imports it.
 *
 * b24jssdk's `bindEvent` gives an event that arrives in the first ~900 ms after the bind to its
 * promise instead of the callback. This transport takes it from the promise, so no event is lost.
 *
 * @example
 * import { initializeB24Frame } from '@bitrix24/b24jssdk';
 * createCallCardClient({ transport: b24FrameTransport(initializeB24Frame()) });
 */
export function b24FrameTransport(frame: B24FrameLike | PromiseLike<B24FrameLike>): CallCardTransport {
  return {
    name: 'b24jssdk',
    connect({ signal, onError }) {
      return new Promise<TransportConnection>((resolve, reject) => {
        let closed = false;
        signal.addEventListener('abort', () => ((closed = true), reject(signal.reason)), { once: true });
        Promise.resolve(frame).then((b24) => {
          if (closed) return;
          try {
            let portal = portalFromFrame(b24);
            resolve({
              placement: String(b24.placement.placement || 'DEFAULT').toUpperCase(),
              // The SDK's getAuthData() is false once the token expired: keep the last one, so
              // REST gets an expired_token answer and refreshes, rather than having no portal.
              get portal() {
                return (portal = portalFromFrame(b24) ?? portal);
              },
              refreshAuth: b24.auth?.refreshAuth
                ? async () => {
                    await b24.auth!.refreshAuth!();
                    const next = portalFromFrame(b24);
                    if (!next) throw new CallCardTransportError('b24jssdk refreshAuth gave no token');
                    return (portal = next);
                  }
                : undefined,
              bind(event, handler) {
                let fired = false;
                const deliver = (payload: unknown): void => void (closed || ((fired = true), handler(payload)));
                b24.placement.bindEvent(event, deliver).then(
                  // An event that beat the SDK's bind timer resolved the promise instead of the callback.
                  (result) => fired || isBindTimeout(result) || deliver(result),
                  (cause) => onError(new CallCardTransportError(`b24jssdk failed to bind ${event}`, cause)),
                );
              },
              close: () => void (closed = true),
            });
          } catch (cause) {
            reject(new CallCardTransportError('The B24Frame is not usable', cause));
          }
        }, reject);
      });
    },
  };
}

function portalFromFrame(b24: B24FrameLike): PortalInfo | null {
  const auth = b24.auth?.getAuthData();
  const origin = b24.getTargetOrigin?.();
  if (!auth || !origin) return null;
  const url = new URL(origin);
  return portalInfo(
    url.host,
    url.protocol !== 'http:',
    auth.access_token,
    auth.refresh_token,
    // `expires` is when the token expires (s since the epoch); `expires_in` is its full lifetime.
    auth.expires ? auth.expires - Date.now() / 1e3 : auth.expires_in,
    auth.member_id,
    b24.auth?.isAdmin,
    b24.getLang?.(),
    b24.placement.options,
  );
}

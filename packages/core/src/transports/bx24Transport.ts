import { CallCardTransportError } from '../errors';
import { getWindow, notInPortal, portalInfo } from '../env';
import type { CallCardTransport, TransportConnection } from '../transport';
import { parseWindowName } from './frameTransport';

/** The part of the classic global `BX24` object this transport uses. */
export interface Bx24Like {
  /** Runs `callback` once the portal answered `getInitData` (always deferred). */
  init(callback: () => void): void;
  /** Placement API. */
  readonly placement: {
    /** The current placement; `{ placement: null }` before init. */
    info(): { placement?: string | null; options?: unknown } | null | undefined;
    /** Binds a placement event. There is no unbind: each call adds a bind that fires forever. */
    bindEvent(event: string, callback: (payload: unknown) => void): void;
  };
  /** OAuth data, or `false` before init. */
  getAuth?(): false | null | Bx24Auth;
  /** Asks the portal for a fresh token; calls back with the new auth data. */
  refreshAuth?(callback: (auth: Bx24Auth | false) => void): void;
  /** Whether the user is a portal administrator. */
  isAdmin?(): boolean;
  /** The interface language. */
  getLang?(): string;
}

/** What `BX24.getAuth()` returns. */
export interface Bx24Auth {
  /** Access token. */
  readonly access_token: string;
  /** Refresh token. */
  readonly refresh_token?: string;
  /**
   * When the access token expires. The classic script gives an absolute time in ms since the
   * epoch here (its `AUTH_EXPIRES`, despite the name); a small value is read as seconds from now.
   */
  readonly expires_in?: number | string;
  /** Portal host. */
  readonly domain: string;
  /** Portal member id. */
  readonly member_id?: string;
}

/** Seconds until `expiresIn` (see {@link Bx24Auth.expires_in}): a timestamp in ms, or seconds. */
const secondsLeft = (expiresIn: unknown): number => {
  const n = Number(expiresIn) || 0;
  return n > 1e11 ? (n - Date.now()) / 1e3 : n;
};

/**
 * A transport over the classic global `BX24` script (`//api.bitrix24.com/api/v1/`).
 *
 * @param bx24 The `BX24` object. Default: `window.BX24` at connect time. The script sets it to
 *   `null` outside a Bitrix24 frame: the client then becomes `unsupported` (`NOT_IN_PORTAL`).
 *
 * @example
 * createCallCardClient({ transport: bx24Transport() });
 */
export function bx24Transport(bx24?: Bx24Like): CallCardTransport {
  return {
    name: 'bx24',
    connect({ signal }) {
      const win = getWindow();
      const bx = bx24 ?? (win as (Window & { BX24?: Bx24Like | null }) | undefined)?.BX24;
      if (!bx || typeof bx.init !== 'function' || !bx.placement) {
        throw notInPortal();
      }
      return new Promise<TransportConnection>((resolve, reject) => {
        let closed = false;
        signal.addEventListener('abort', () => ((closed = true), reject(signal.reason)), { once: true });
        bx.init(() => {
          if (closed) return;
          try {
            const info = bx.placement.info();
            const toPortal = (auth: false | null | undefined | Bx24Auth) =>
              auth
                ? portalInfo(
                    auth.domain,
                    win ? (parseWindowName(win.name)?.https ?? true) : true,
                    auth.access_token,
                    auth.refresh_token,
                    secondsLeft(auth.expires_in),
                    auth.member_id,
                    bx.isAdmin?.(),
                    bx.getLang?.(),
                    info?.options,
                  )
                : null;
            let portal = toPortal(bx.getAuth?.());
            const refresh = bx.refreshAuth;
            resolve({
              placement: String(info?.placement || 'DEFAULT').toUpperCase(),
              get portal() {
                return portal;
              },
              refreshAuth: refresh
                ? () =>
                    new Promise((ok, fail) =>
                      refresh.call(bx, (auth) => {
                        const next = toPortal(auth);
                        if (!next) return fail(new CallCardTransportError('BX24.refreshAuth gave no token'));
                        ok((portal = next));
                      }),
                    )
                : undefined,
              bind: (event, handler) => bx.placement.bindEvent(event, (payload) => closed || handler(payload)),
              close: () => void (closed = true),
            });
          } catch (cause) {
            reject(new CallCardTransportError('BX24.placement.info() threw', cause));
          }
        });
      });
    },
  };
}

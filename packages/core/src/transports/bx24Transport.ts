import { getWindow, notInPortal } from '../env';
import { CallCardTransportError } from '../errors';
import { parseWindowName, readFrameParams, type AllowedHosts } from '../frame/frameParams';
import { openConnection } from './openConnection';
import type { CallCardTransport, PortalData } from './transport';

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
    /** Sends a placement command; `callback` gets the portal's answer (if it ever comes). */
    call?(command: string, params: unknown, callback: (answer: unknown) => void): void;
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
  /** The portal host BX24 reports. REST does not trust it: it goes to the host of `window.name`. */
  readonly domain: string;
  /** Portal member id. */
  readonly member_id?: string;
}

/** Options of {@link bx24Transport}. */
export interface Bx24TransportOptions {
  /** The `BX24` object. Default: `BX24` of `window` at connect time. */
  readonly bx24?: Bx24Like | null;
  /** The app frame's window: where `BX24` and `window.name` are read. Default: the global `window`. */
  readonly window?: Window;
  /** Portal hosts the app trusts, checked against `window.name` as the frame transport does. */
  readonly allowedHosts?: AllowedHosts;
}

/** Turns what BX24 gives into the portal's own {@link PortalData} shape. Total: never throws. */
const toData = (auth: unknown, bx: Bx24Like, options: unknown): PortalData => {
  const a = (typeof auth === 'object' && auth) || {};
  const { access_token, refresh_token, expires_in, member_id } = a as Partial<Bx24Auth>;
  const n = typeof expires_in === 'number' ? expires_in : typeof expires_in === 'string' ? +expires_in || 0 : 0;
  let admin: unknown;
  let lang: unknown;
  try {
    admin = bx.isAdmin?.();
    lang = bx.getLang?.();
  } catch {
    // a broken BX24 gives no admin flag or language
  }
  return {
    AUTH_ID: access_token,
    REFRESH_ID: refresh_token,
    AUTH_EXPIRES_AT: n > 1e11 ? n : Date.now() + n * 1e3,
    MEMBER_ID: member_id,
    IS_ADMIN: admin,
    LANG: lang,
    PLACEMENT_OPTIONS: options,
  };
};

/**
 * A transport over the classic global `BX24` script (`//api.bitrix24.com/api/v1/`).
 * The script sets `window.BX24` to `null` outside a Bitrix24 frame: the client then becomes
 * `unsupported` (`NOT_IN_PORTAL`). REST goes to the portal host of `window.name` (checked with
 * `allowedHosts` when given), never to a host BX24 reports.
 *
 * @example
 * createCallCardClient({ transport: bx24Transport({ allowedHosts: ['*.bitrix24.com'] }) });
 */
export function bx24Transport(options: Bx24TransportOptions = {}): CallCardTransport {
  return {
    name: 'bx24',
    connect({ signal }) {
      const win = options.window ?? getWindow();
      const bx = options.bx24 ?? (win as (Window & { BX24?: Bx24Like | null }) | undefined)?.BX24;
      if (!bx || typeof bx.init !== 'function' || !bx.placement) throw notInPortal();
      const frame =
        win && (options.allowedHosts ? readFrameParams(win, options.allowedHosts) : parseWindowName(win.name));
      return openConnection(signal, (done, fail) =>
        bx.init(() => {
          let info: ReturnType<Bx24Like['placement']['info']>;
          try {
            info = bx.placement.info();
          } catch (cause) {
            return fail(new CallCardTransportError('BX24.placement.info() threw', cause));
          }
          let data: PortalData = {};
          let token: unknown = data; // a sentinel that no token equals: the first read builds

          done({
            placement: info?.placement,
            origin: frame ? frame.origin : null,
            // BX24 refreshes its token by itself: read it afresh, rebuilt only when it changed.
            get data() {
              let auth: unknown;
              try {
                auth = bx.getAuth?.();
              } catch {
                // no token from a broken BX24
              }
              const next = (auth as Partial<Bx24Auth> | null)?.access_token;
              if (next !== token) {
                token = next;
                data = toData(auth, bx, info?.options);
              }
              return data;
            },
            bind: (event, handler) => bx.placement.bindEvent(event, handler),
            send(command, params, onAnswer) {
              let live = true;
              if (command === 'refreshAuth' && bx.refreshAuth) {
                bx.refreshAuth((auth) => live && onAnswer(toData(auth, bx, info?.options)));
              } else if (bx.placement.call) {
                bx.placement.call(command, params, (answer) => live && onAnswer(answer));
              } else throw new CallCardTransportError(`This BX24 cannot send ${command}`);
              return () => void (live = false);
            },
          });
        }),
      );
    },
  };
}

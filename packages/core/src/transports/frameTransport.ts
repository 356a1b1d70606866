import { CallCardTransportError, CallCardUnsupportedError } from '../errors';
import { getWindow, notInPortal, portalInfo, requireWindow, str } from '../env';
import type { CallCardTransport, TransportConnection } from '../transport';

/** The portal parameters Bitrix24 puts in the app frame's `window.name` (`DOMAIN|PROTOCOL|APP_SID`). */
export interface FrameParams {
  /** The portal host, with `:80`/`:443` removed (e.g. `example.bitrix24.com`, `localhost:4000`). */
  readonly domain: string;
  /** Whether the portal is served over https (`PROTOCOL` = `1`). */
  readonly https: boolean;
  /** The app session id the portal expects in every command. */
  readonly appSid: string;
  /** The only origin whose messages are accepted, e.g. `https://example.bitrix24.com`. */
  readonly origin: string;
}

/**
 * Which portal hosts the app accepts: exact hosts (`example.bitrix24.com`, `localhost:4000`),
 * wildcards that match any subdomain (`*.bitrix24.com`), or a predicate. Compared case-insensitively.
 */
export type AllowedHosts = readonly string[] | ((host: string) => boolean);

/** Options of {@link frameTransport}. */
export interface FrameTransportOptions {
  /** The window of the app frame. Default: the global `window`. */
  readonly window?: Window;
  /**
   * Portal hosts the app trusts. `window.name` decides which origin is "the portal", and anyone
   * who frames the app can set it: with this option, any other host makes the client
   * `unsupported` with reason `UNTRUSTED_HOST`. Default: any host.
   */
  readonly allowedHosts?: AllowedHosts;
}

/**
 * Reads the Bitrix24 frame parameters from a `window.name` value, or `null` when it does not
 * have the form `DOMAIN|PROTOCOL|APP_SID` (PROTOCOL `0` or `1`, DOMAIN a host with optional port).
 */
export function parseWindowName(name: string): FrameParams | null {
  const m = /^([a-z\d.-]+(?::\d{1,5})?)\|([01])\|([\w.-]+)$/i.exec(name);
  if (!m) return null;
  const domain = m[1]!.replace(/:(80|443)$/, '');
  const https = m[2] === '1';
  return { domain, https, appSid: m[3]!, origin: (https ? 'https://' : 'http://') + domain };
}

/** Whether `host` is allowed by `allowed` (see {@link AllowedHosts}). */
export function isHostAllowed(host: string, allowed: AllowedHosts): boolean {
  if (typeof allowed === 'function') return allowed(host);
  host = host.toLowerCase();
  return allowed.some((p) => {
    p = p.toLowerCase();
    return p.startsWith('*.') ? host.endsWith(p.slice(1)) && host.length > p.length - 1 : host === p;
  });
}

/** @internal Reads and checks the frame parameters; throws `unsupported` when they do not fit. */
export function readFrameParams(win: Window, allowed?: AllowedHosts): FrameParams {
  const params = parseWindowName(win.name);
  if (!params) throw notInPortal();
  if (allowed && !isHostAllowed(params.domain, allowed)) {
    throw new CallCardUnsupportedError('UNTRUSTED_HOST', `Portal ${params.domain} is not in allowedHosts`);
  }
  return params;
}

const newId = (): string =>
  Array.from(crypto.getRandomValues(new Uint8Array(32)), (b) => (b % 36).toString(36)).join('');

/**
 * The built-in transport: speaks Bitrix24's frame protocol itself, with no script to load.
 *
 * It reads `window.name`, asks the parent for `getInitData`, and sends `placementBindEvent`
 * commands in the string form the portal parses. It drops every message whose origin is not the
 * portal's, whose source is not the parent window, whose data is not a string, or whose callback
 * id is not one of its own.
 *
 * @example
 * createCallCardClient({ transport: frameTransport({ allowedHosts: ['*.bitrix24.com'] }) });
 */
export function frameTransport(options: FrameTransportOptions = {}): CallCardTransport {
  return {
    name: 'frame',
    connect({ signal, onError }) {
      const win = requireWindow(options.window ?? getWindow());
      const params = readFrameParams(win, options.allowedHosts);
      const parent = win.parent;
      if (!parent || parent === win) throw notInPortal();

      const callbacks = new Map<string, (args: unknown) => void>();
      const onMessage = (e: MessageEvent): void => {
        const data: unknown = e.data;
        if (e.origin !== params.origin || e.source !== parent || typeof data !== 'string') return;
        const i = data.indexOf(':');
        const cb = i > 0 ? callbacks.get(data.slice(0, i)) : undefined;
        if (!cb) return;
        const body = data.slice(i + 1);
        let args: unknown;
        try {
          args = body === '' ? undefined : JSON.parse(body);
        } catch (cause) {
          onError(new CallCardTransportError('Malformed message from the portal', cause));
          return;
        }
        cb(args);
      };
      const send = (command: string, args: unknown, cb: (args: unknown) => void): string => {
        const id = newId();
        callbacks.set(id, cb);
        parent.postMessage(
          `${command}:${args === undefined ? '' : JSON.stringify(args)}:${id}:${params.appSid}`,
          params.origin,
        );
        return id;
      };
      const close = (): void => {
        win.removeEventListener('message', onMessage);
        callbacks.clear();
      };
      win.addEventListener('message', onMessage);

      return new Promise<TransportConnection>((resolve, reject) => {
        signal.addEventListener('abort', () => (close(), reject(signal.reason)), { once: true });
        const initId = send('getInitData', undefined, (answer) => {
          callbacks.delete(initId);
          if (typeof answer !== 'object' || answer === null) {
            close();
            reject(new CallCardTransportError('Empty getInitData answer'));
            return;
          }
          const d = answer as Record<string, unknown>;
          // REST goes to the host checked above, never to a DOMAIN the answer names.
          const toPortal = (a: Record<string, unknown>) =>
            portalInfo(
              params.domain,
              params.https,
              a.AUTH_ID,
              a.REFRESH_ID,
              a.AUTH_EXPIRES,
              d.MEMBER_ID,
              d.IS_ADMIN,
              d.LANG,
              d.PLACEMENT_OPTIONS,
            );
          let portal = toPortal(d);
          resolve({
            placement: (str(d.PLACEMENT) ?? 'DEFAULT').toUpperCase(),
            get portal() {
              return portal;
            },
            // The client times a refresh out; an answer that never comes leaves one callback behind.
            refreshAuth: () =>
              new Promise((ok, fail) => {
                const id = send('refreshAuth', undefined, (a) => {
                  callbacks.delete(id);
                  if (str((a as Record<string, unknown> | null)?.AUTH_ID))
                    ok((portal = toPortal(a as Record<string, unknown>)));
                  else fail(new CallCardTransportError('Empty refreshAuth answer'));
                });
              }),
            bind: (event, handler) => void send('placementBindEvent', { event }, handler),
            close,
          });
        });
      });
    },
  };
}

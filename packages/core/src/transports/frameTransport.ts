import { getWindow, notInPortal, requireWindow } from '../env';
import { CallCardTransportError } from '../errors';
import { readFrameParams, type AllowedHosts } from '../frame/frameParams';
import { openConnection } from './openConnection';
import type { CallCardTransport, PortalData } from './transport';

/** Options of {@link frameTransport}. */
export interface FrameTransportOptions {
  /** The window of the app frame. Default: the global `window`. */
  readonly window?: Window;
  /**
   * Portal hosts the app trusts. `window.name` decides which origin is "the portal", and anyone
   * who frames the app can set it: with this option, any other host makes the client
   * `unsupported` with reason `UNTRUSTED_HOST`. Default: any host (development builds warn once
   * when that host is not local).
   */
  readonly allowedHosts?: AllowedHosts;
}

let count = 0;
/** A callback id the portal echoes back; unique per page, not secret (messages are origin-checked). */
const newId = (): string => (++count).toString(36) + Math.random().toString(36).slice(2);

let warned = false;

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
      try {
        // Development builds only: bundlers replace NODE_ENV and drop this; `process` may not exist.
        if (
          process.env.NODE_ENV !== 'production' &&
          !options.allowedHosts &&
          !warned &&
          !/^(localhost|127\.[\d.]+|\[::1\])(:|$)/.test(params.domain)
        ) {
          warned = true;
          console.warn(
            `[b24-callcard] Connected to ${params.domain} without allowedHosts: any page that frames this app can pose as a portal. Pass allowedHosts to frameTransport (this warning is left out of production builds).`,
          );
        }
      } catch {
        // no `process`: a page without a bundler
      }

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
      /** Sends a command; `cb` gets every answer to it until the result is called. */
      const send = (command: string, args: unknown, cb: (args: unknown) => void): (() => void) => {
        const id = newId();
        callbacks.set(id, cb);
        parent.postMessage(
          `${command}:${args === undefined ? '' : JSON.stringify(args)}:${id}:${params.appSid}`,
          params.origin,
        );
        return () => void callbacks.delete(id);
      };
      win.addEventListener('message', onMessage);

      return openConnection(signal, (done, fail) => {
        const forget = send('getInitData', undefined, (answer) => {
          forget();
          if (typeof answer !== 'object' || answer === null) {
            return fail(new CallCardTransportError('Empty getInitData answer'));
          }
          const data = answer as PortalData;
          done({
            placement: data.PLACEMENT,
            // REST goes to the host checked above, never to a DOMAIN the answer names.
            origin: params.origin,
            data,
            bind: (event, handler) => void send('placementBindEvent', { event }, handler),
            send,
          });
        });
        return () => {
          win.removeEventListener('message', onMessage);
          callbacks.clear();
        };
      });
    },
  };
}

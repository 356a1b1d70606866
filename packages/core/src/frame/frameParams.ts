import { notInPortal } from '../env';
import { CallCardUnsupportedError } from '../errors';

/** The portal parameters Bitrix24 puts in the app frame's `window.name` (`DOMAIN|PROTOCOL|APP_SID`). */
export interface FrameParams {
  /** The portal host in lower case, with `:80`/`:443` removed (e.g. `example.bitrix24.com`, `localhost:4000`). */
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
 * wildcards that match any subdomain (`*.bitrix24.com`), or a predicate (given the lower-case
 * host). Compared case-insensitively.
 */
export type AllowedHosts = readonly string[] | ((host: string) => boolean);

/**
 * Reads the Bitrix24 frame parameters from a `window.name` value, or `null` when it does not
 * have the form `DOMAIN|PROTOCOL|APP_SID` (PROTOCOL `0` or `1`, DOMAIN a host with optional port).
 * The host is lower-cased, as browsers report origins.
 */
export function parseWindowName(name: string): FrameParams | null {
  const m = /^([a-z\d.-]+(?::\d{1,5})?)\|([01])\|([\w.-]+)$/i.exec(name);
  if (!m) return null;
  const domain = m[1]!.toLowerCase().replace(/:(80|443)$/, '');
  const https = m[2] === '1';
  return { domain, https, appSid: m[3]!, origin: (https ? 'https://' : 'http://') + domain };
}

/** Whether `host` is allowed by `allowed` (see {@link AllowedHosts}). */
export function isHostAllowed(host: string, allowed: AllowedHosts): boolean {
  host = host.toLowerCase();
  if (typeof allowed === 'function') return allowed(host);
  return allowed.some((p) => {
    p = p.toLowerCase();
    return p.startsWith('*.') ? host.endsWith(p.slice(1)) && host.length > p.length - 1 : host === p;
  });
}

/** @internal Throws `UNTRUSTED_HOST` when `host` is not allowed. */
export function checkHost(host: string, allowed?: AllowedHosts): void {
  if (allowed && !isHostAllowed(host, allowed)) {
    throw new CallCardUnsupportedError(
      'UNTRUSTED_HOST',
      `Portal ${host} is not in allowedHosts: add it if this is your portal`,
    );
  }
}

/**
 * The host policy in one place: reads the frame parameters from `win.name` and checks the host
 * against `allowed`. Throws `unsupported` (`NOT_IN_PORTAL` or `UNTRUSTED_HOST`) when they do not fit.
 */
export function readFrameParams(win: Window, allowed?: AllowedHosts): FrameParams {
  const params = parseWindowName(win.name);
  if (!params) throw notInPortal();
  checkHost(params.domain, allowed);
  return params;
}

import { str } from '../env';
import type { PortalData } from '../transports/transport';

/** OAuth data for REST calls from the app to the portal. */
export interface PortalAuth {
  /** The access token (`AUTH_ID`), sent as `auth` with each REST call. */
  readonly accessToken: string;
  /** The refresh token (`REFRESH_ID`), if the portal gave one. */
  readonly refreshToken: string | null;
  /** When the access token expires, in ms since the epoch (`Date.now()` scale). */
  readonly expiresAt: number;
}

/** What the portal told the app about itself when the connection was made. */
export interface PortalInfo {
  /** The portal host, possibly with a port (e.g. `example.bitrix24.com`). */
  readonly domain: string;
  /** `https:` or `http:`. */
  readonly protocol: 'https:' | 'http:';
  /** Base URL of REST calls, ending with a slash, e.g. `https://example.bitrix24.com/rest/`. */
  readonly restUrl: string;
  /** OAuth data for REST calls. */
  readonly auth: PortalAuth;
  /** The portal's member id, if known. */
  readonly memberId: string | null;
  /** Whether the current user is a portal administrator. */
  readonly isAdmin: boolean;
  /** The user interface language (e.g. `en`), if known. */
  readonly lang: string | null;
  /** The placement options the portal passed (`PLACEMENT_OPTIONS`). */
  readonly placementOptions: Readonly<Record<string, unknown>>;
}

/** What {@link portalInfo} builds from. */
export interface PortalInfoSource {
  /** The checked portal origin, e.g. `https://example.bitrix24.com`: REST goes there only. */
  readonly origin: string;
  /** The portal's data, in the `getInitData` shape. */
  readonly data: PortalData;
  /** When `data` arrived (what `AUTH_EXPIRES` counts from), in ms since the epoch. */
  readonly receivedAt: number;
}

const num = (v: unknown): number => {
  const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : 0;
  return Number.isFinite(n) ? n : 0;
};

/**
 * Builds {@link PortalInfo} from a portal origin and the portal's data: the one place that reads
 * tokens. Total: a field of the wrong type is read as missing, never coerced.
 */
export function portalInfo({ origin, data, receivedAt }: PortalInfoSource): PortalInfo {
  const url = new URL(origin);
  const options = data.PLACEMENT_OPTIONS;
  return {
    domain: url.host,
    protocol: url.protocol === 'http:' ? 'http:' : 'https:',
    restUrl: url.origin + '/rest/',
    auth: {
      accessToken: str(data.AUTH_ID) ?? '',
      refreshToken: str(data.REFRESH_ID),
      expiresAt: num(data.AUTH_EXPIRES_AT) || receivedAt + num(data.AUTH_EXPIRES) * 1e3,
    },
    memberId: str(data.MEMBER_ID),
    isAdmin: data.IS_ADMIN === true || data.IS_ADMIN === 'Y',
    lang: str(data.LANG),
    placementOptions:
      typeof options === 'object' && options !== null && !Array.isArray(options)
        ? (options as Record<string, unknown>)
        : {},
  };
}

import { CallCardUnsupportedError } from './errors';
import type { PortalInfo } from './types';

/** @internal The global window, or `undefined` on a server. Never read at import time. */
export const getWindow = (): Window | undefined => (typeof window !== 'undefined' ? window : undefined);

/** @internal */
export const requireWindow = (win: Window | undefined): Window => {
  if (!win)
    throw new CallCardUnsupportedError('NO_WINDOW', 'No window: subscribe in the browser, not during server rendering');
  return win;
};

/** @internal */
export const notInPortal = (): CallCardUnsupportedError =>
  new CallCardUnsupportedError(
    'NOT_IN_PORTAL',
    'Not inside a Bitrix24 frame (no BX24, no portal window.name): open the app from the portal or in the simulator (npx b24-callcard-simulator <url>)',
  );

/** @internal An object, or `{}` for anything else. */
export const obj = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

/** @internal A non-empty string, or `null`. */
export const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** @internal Builds {@link PortalInfo} from what every transport knows, in one place. */
export const portalInfo = (
  domain: string,
  https: boolean,
  token: unknown,
  refresh: unknown,
  expiresIn: unknown,
  memberId: unknown,
  isAdmin: unknown,
  lang: unknown,
  options: unknown,
): PortalInfo => {
  const protocol = https ? 'https:' : 'http:';
  return {
    domain,
    protocol,
    restUrl: `${protocol}//${domain}/rest/`,
    auth: {
      accessToken: str(token) ?? '',
      refreshToken: str(refresh),
      expiresAt: Date.now() + (Number(expiresIn) || 0) * 1e3,
    },
    memberId: str(memberId),
    isAdmin: isAdmin === true || isAdmin === 'Y',
    lang: str(lang),
    placementOptions: obj(options),
  };
};

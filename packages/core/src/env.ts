import { CallCardUnsupportedError } from './errors';

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
    'Not in a Bitrix24 frame: open the app from the portal, or in the simulator (npx @b24-callcard/simulator <url>)',
  );

/** @internal A non-empty string, or `null`. Total: never throws, whatever `v` is. */
export const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

import { getWindow, notInPortal, requireWindow } from '../env';
import type { AllowedHosts } from '../frame/frameParams';
import { bx24Transport, type Bx24Like } from './bx24Transport';
import { frameTransport } from './frameTransport';
import type { CallCardTransport } from './transport';

/** Options of {@link autoTransport}. */
export interface AutoTransportOptions {
  /** The window of the app frame. Default: the global `window`. */
  readonly window?: Window;
  /** Portal hosts the app trusts, checked whichever transport is picked. */
  readonly allowedHosts?: AllowedHosts;
}

/**
 * The transport `getDefaultCallCardClient()` uses. Picks, at connect time:
 * 1. the classic `window.BX24` when the page loaded it (and it initialised, i.e. is not `null`);
 * 2. else the built-in {@link frameTransport} when `window.name` has the Bitrix24 form;
 * 3. else `unsupported` (`NOT_IN_PORTAL`, or `NO_WINDOW` on a server) with a reason that says what to do.
 */
export function autoTransport(options: AutoTransportOptions = {}): CallCardTransport {
  return {
    name: 'auto',
    connect(o) {
      const win = requireWindow(options.window ?? getWindow());
      const bx24 = (win as Window & { BX24?: Bx24Like | null }).BX24;
      if (bx24 && typeof bx24 === 'object') return bx24Transport({ ...options, bx24, window: win }).connect(o);
      if (!win.name.includes('|')) throw notInPortal();
      return frameTransport(options).connect(o);
    },
  };
}

import { getWindow, notInPortal, requireWindow } from '../env';
import type { CallCardTransport } from '../transport';
import { bx24Transport, type Bx24Like } from './bx24Transport';
import { frameTransport, readFrameParams, type FrameTransportOptions } from './frameTransport';

/**
 * The default transport. Picks, at connect time:
 * 1. the classic `window.BX24` when the page loaded it (and it initialised, i.e. is not `null`);
 * 2. else the built-in {@link frameTransport} when `window.name` has the Bitrix24 form;
 * 3. else `unsupported` (`NOT_IN_PORTAL`, or `NO_WINDOW` on a server) with a reason that says what to do.
 *
 * `allowedHosts` is checked whichever transport is picked.
 */
export function autoTransport(options: FrameTransportOptions = {}): CallCardTransport {
  return {
    name: 'auto',
    connect(o) {
      const win = requireWindow(options.window ?? getWindow());
      const bx = (win as Window & { BX24?: Bx24Like | null }).BX24;
      if (bx && typeof bx === 'object') {
        if (options.allowedHosts) readFrameParams(win, options.allowedHosts);
        return bx24Transport(bx).connect(o);
      }
      if (!win.name.includes('|')) {
        throw notInPortal();
      }
      return frameTransport(options).connect(o);
    },
  };
}

import { autoTransport } from '../transports/autoTransport';
import { createCallCardClient, type CallCardClient } from './createCallCardClient';

/**
 * Where the shared client lives: one per page, even with two copies of this package loaded. The
 * number is the `CallCardClient` contract's: bump it when that interface changes incompatibly,
 * so that copies that do not agree on it keep separate clients.
 */
const KEY = /* @__PURE__ */ Symbol.for('@b24-callcard/core:default-client@2');

/**
 * The page's shared client, created on first use with {@link autoTransport} (the classic `BX24`
 * when the page loaded it, else the built-in frame transport). The React hooks and the Vue
 * composables use it when no client is provided. If it was destroyed (say, by a hot reload), the
 * next call makes a new one. It is kept on `globalThis` under a registered symbol, so that two
 * copies of this package on one page (its CJS and ESM builds, or two versions) share one client
 * and bind the portal's events once.
 */
export function getDefaultCallCardClient(): CallCardClient {
  const store = globalThis as { [KEY]?: CallCardClient };
  const shared = store[KEY];
  const { error } = shared?.getState() ?? {};
  if (!shared || (error?.code === 'UNSUPPORTED' && (error as { reason?: unknown }).reason === 'DESTROYED')) {
    return (store[KEY] = createCallCardClient({ transport: autoTransport() }));
  }
  return shared;
}

import { getCurrentScope, onScopeDispose } from 'vue';
import type { Unsubscribe } from '@b24-callcard/core';

/**
 * Runs `subscribe` in the browser and undoes it when the current effect scope (component or
 * `effectScope`) is disposed. On a server it does nothing: nothing to listen to there.
 */
export function subscribeInScope(subscribe: () => Unsubscribe): void {
  if (typeof window === 'undefined') return;
  const off = subscribe();
  if (getCurrentScope()) onScopeDispose(off);
}

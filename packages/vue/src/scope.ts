import { getCurrentInstance, getCurrentScope, hasInjectionContext, inject, onScopeDispose, ssrContextKey } from 'vue';
import type { Unsubscribe } from '@b24-callcard/core';

/** Whether this runs during server rendering: no `window`, or inside `renderToString`. */
export const serverRendering = (): boolean =>
  typeof window === 'undefined' || (hasInjectionContext() && inject(ssrContextKey, null) != null);

/**
 * Runs `subscribe` in the browser and undoes it when the current effect scope (component or
 * `effectScope`) is disposed. During server rendering it does nothing: nothing to listen to there.
 */
export function subscribeInScope(subscribe: () => Unsubscribe): void {
  if (serverRendering()) return;
  const off = subscribe();
  if (getCurrentScope()) onScopeDispose(off);
}

/**
 * Whether the composable should start from the state the server rendered (idle, no call): during
 * server rendering, and while hydrating server HTML (the component's element already exists).
 */
export const startsFromServerState = (): boolean => serverRendering() || !!getCurrentInstance()?.vnode.el;

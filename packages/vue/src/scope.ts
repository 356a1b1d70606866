import {
  getCurrentInstance,
  getCurrentScope,
  hasInjectionContext,
  inject,
  onMounted,
  onScopeDispose,
  ssrContextKey,
  type InjectionKey,
} from 'vue';
import type { ReadableStore, Unsubscribe } from '@b24-callcard/core';

/** `inject(key)` where injection works (setup, an app's `runWithContext`), else `null`; never warns. */
export const tryInject = <T>(key: InjectionKey<T> | string): T | null =>
  hasInjectionContext() ? inject(key, null) : null;

/** Whether this runs during server rendering: no `window`, or inside `renderToString`. */
export const serverRendering = (): boolean => typeof window === 'undefined' || tryInject(ssrContextKey) != null;

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
 * Feeds `apply` with a store's state at once and on every change, for as long as the current
 * scope lives. During server rendering, and while hydrating server HTML (the component's element
 * already exists), it starts from the store's server state, the state the server rendered, and
 * catches up once mounted, so hydration never mismatches.
 */
export function syncInScope<S>(store: ReadableStore<S>, apply: (state: S) => void): void {
  let live = !(serverRendering() || !!getCurrentInstance()?.vnode.el);
  const sync = (): void => void (live && apply(store.getState()));
  apply(live ? store.getState() : store.getServerState());
  subscribeInScope(() => {
    // Subscribing may start the client, which changes the state at once: while hydrating, hold
    // every change back until mounted; otherwise catch up now.
    const off = store.subscribe(sync);
    if (live) sync();
    else onMounted(() => ((live = true), sync()));
    return off;
  });
}

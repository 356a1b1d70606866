import { CallCardListenerError } from '../errors';
import type { Unsubscribe } from '../types';

/** A function told about every change of a store: the new state and the one before it. */
export type StoreListener<S> = (state: S, previous: S) => void;

/**
 * A read-only observable store: the shape every store of this library has, and what the React
 * and Vue adapters read (`useSyncExternalStore(subscribe, getState, getServerState)`).
 */
export interface ReadableStore<S> {
  /** The current state: the same value until something really changed. */
  getState(): S;
  /** What server rendering shows, and what hydration starts from: the initial state. Never changes. */
  getServerState(): S;
  /**
   * Calls `listener` after every change, in order: a change made by a listener is delivered to
   * everybody after the current one. A listener removed before its turn is not called; one that
   * throws is reported and the others still run. Returns the unsubscribe function.
   */
  subscribe(listener: StoreListener<S>): Unsubscribe;
}

/** A store that can be written: {@link ReadableStore} plus `setState`. */
export interface Store<S> extends ReadableStore<S> {
  /** Replaces the state and tells the listeners; a value identical (`Object.is`) to the current one is ignored. */
  setState(next: S): void;
}

/** Options of {@link createStore}. */
export interface StoreOptions {
  /** Called when the store goes from no listener to one (nanostores' `onMount`): start the work here. */
  readonly onFirstSubscribe?: () => void;
  /** Receives a {@link CallCardListenerError} for each listener that threw. Default: `console.error`. */
  readonly onError?: (error: unknown) => void;
}

/** @internal Calls each entry still in `group` when its turn comes; a throw goes to `report`. */
export function callEach<A extends unknown[]>(
  group: Set<{ f: (...args: A) => void }> | undefined,
  report: (error: unknown) => void,
  ...args: A
): void {
  if (group)
    for (const e of [...group]) {
      if (group.has(e)) {
        try {
          e.f(...args);
        } catch (err) {
          report(new CallCardListenerError(err));
        }
      }
    }
}

/**
 * Creates an observable store: the one store every part of the library is built on (the
 * client's state, the call state). Identity is kept until a real change, notification is ordered
 * even when a listener changes the state again, and a listener that throws does not stop the
 * others.
 *
 * @example
 * const count = createStore(0, { onFirstSubscribe: () => console.log('watched') });
 * count.subscribe((n, before) => console.log(before, '→', n));
 * count.setState(1);
 */
export function createStore<S>(initial: S, options: StoreOptions = {}): Store<S> {
  const listeners = new Set<{ f: StoreListener<S> }>();
  const queue: Array<() => void> = [];
  let state = initial;
  let draining = false;
  const report = (error: unknown): void => {
    try {
      (options.onError ?? console.error)(error);
    } catch {
      // An onError that throws must not stop the notification.
    }
  };
  return {
    getState: () => state,
    getServerState: () => initial,
    subscribe(listener) {
      const entry = { f: listener };
      listeners.add(entry);
      if (listeners.size === 1) options.onFirstSubscribe?.();
      return () => void listeners.delete(entry);
    },
    setState(next) {
      const prev = state;
      if (Object.is(next, prev)) return;
      state = next;
      // Re-entrant changes wait behind the one being delivered, so every listener sees them in order.
      queue.push(() => callEach(listeners, report, next, prev));
      if (draining) return;
      draining = true;
      try {
        for (let job = queue.shift(); job; job = queue.shift()) job();
      } finally {
        draining = false;
      }
    },
  };
}

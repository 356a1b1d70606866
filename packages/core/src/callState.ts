import type { CallCardClient } from './createCallCardClient';
import type { CallCardCall } from './events';
import type { Unsubscribe } from './types';

/** The call the card shows, kept up to date from `initialized` and the events after it. */
export interface CallState extends Omit<CallCardCall, 'state' | 'raw'> {
  /** `CALL_STATE` from `initialized`; `ended` once hang up was clicked. */
  readonly state: CallCardCall['state'] | 'ended';
  /** Whether the call is muted (last `muteButtonClick`). */
  readonly muted: boolean;
  /** Whether the call is on hold (last `holdButtonClick`). */
  readonly held: boolean;
}

/** An observable store of {@link CallState}: `null` before `initialized` and after the card closed. */
export interface CallStateStore {
  /** The current call, or `null`. The same object until something changes. */
  getState(): CallState | null;
  /** Calls `listener` on every change. Returns the unsubscribe function. */
  subscribe(listener: () => void): Unsubscribe;
}

const stores = new WeakMap<CallCardClient, CallStateStore>();

/**
 * The call state of a client (one store per client, created on first use). Rules:
 * `initialized` starts a call; `entityChanged` updates its phone and CRM entity; `muteButtonClick`
 * and `holdButtonClick` set `muted` / `held`; `hangupButtonClick` sets `state: 'ended'`;
 * `closeButtonClick` clears it to `null`. Events before `initialized` change nothing.
 */
export function getCallStateStore(client: CallCardClient): CallStateStore {
  let store = stores.get(client);
  if (store) return store;
  let state: CallState | null = null;
  let started = false;
  const listeners = new Set<{ l: () => void }>();
  const update = (next: CallState | null): void => {
    if (next === state) return;
    state = next && Object.freeze(next);
    for (const s of [...listeners]) s.l();
  };
  const patch = (p: Partial<CallState>): void => {
    if (state && Object.entries(p).some(([k, v]) => state![k as keyof CallState] !== v)) update({ ...state, ...p });
  };
  const start = (): void => {
    if (started) return;
    started = true;
    client.on('initialized', ({ raw: _raw, ...call }) => update({ ...call, muted: false, held: false }));
    client.on('entityChanged', (e) =>
      patch({ phoneNumber: e.phoneNumber, entityType: e.entityType, entityId: e.entityId }),
    );
    client.on('muteButtonClick', (muted) => patch({ muted }));
    client.on('holdButtonClick', (held) => patch({ held }));
    client.on('hangupButtonClick', () => patch({ state: 'ended' }));
    client.on('closeButtonClick', () => update(null));
  };
  store = {
    getState: () => state,
    subscribe(listener) {
      const entry = { l: listener };
      listeners.add(entry);
      start();
      return () => void listeners.delete(entry);
    },
  };
  stores.set(client, store);
  return store;
}

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
 * `closeButtonClick` clears it to `null`. An `entityChanged` that came before `initialized`
 * fills the call's CRM fields when it starts (and its phone, when the call has none); nothing
 * carries over from one call to the next. A listener that throws goes to `report` (default
 * `console.error`, set by the first call for a client) and the others still run.
 */
export function getCallStateStore(
  client: CallCardClient,
  report: (error: unknown) => void = console.error,
): CallStateStore {
  let store = stores.get(client);
  if (store) return store;
  let state: CallState | null = null;
  let started = false;
  const listeners = new Set<{ l: () => void }>();
  const update = (next: CallState | null): void => {
    if (next === state) return;
    state = next && Object.freeze(next);
    for (const s of [...listeners]) {
      try {
        s.l();
      } catch (e) {
        report(e);
      }
    }
  };
  const patch = (p: Partial<CallState>): void => {
    if (state && Object.entries(p).some(([k, v]) => state![k as keyof CallState] !== v)) update({ ...state, ...p });
  };
  const start = (): void => {
    if (started) return;
    started = true;
    // The portal may announce the entity before the call: keep it for when the call starts.
    let entity: Pick<CallState, 'phoneNumber' | 'entityType' | 'entityId'> | null = null;
    client.on('initialized', ({ raw: _raw, ...call }) => {
      // Only an entity announced for this call fills it in, and never over the call's own data.
      const early = call.entityType === null && call.entityId === null ? entity : null;
      entity = null;
      update({
        ...call,
        ...(early && { entityType: early.entityType, entityId: early.entityId }),
        phoneNumber: call.phoneNumber ?? early?.phoneNumber ?? null,
        muted: false,
        held: false,
      });
    });
    client.on('entityChanged', (e) => {
      const fields = { phoneNumber: e.phoneNumber, entityType: e.entityType, entityId: e.entityId };
      // During a call, apply it; before `initialized` (or after the call ended), keep it for the
      // call about to start.
      if (state && state.state !== 'ended') patch(fields);
      else entity = fields;
    });

    client.on('muteButtonClick', (muted) => patch({ muted }));
    client.on('holdButtonClick', (held) => patch({ held }));
    client.on('hangupButtonClick', () => patch({ state: 'ended' }));
    client.on('closeButtonClick', () => {
      entity = null; // the next call must not inherit this one's client
      update(null);
    });
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

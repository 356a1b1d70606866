import type { CallCardClient } from '../client/createCallCardClient';
import type { CallCardCall, CallCardEventMap, CallCardEventName } from '../events/callCardEvents';
import { onCallCardEvent } from '../events/onCallCardEvent';
import { createStore, type ReadableStore } from '../store/createStore';

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
export type CallStateStore = ReadableStore<CallState | null>;

const stores = new WeakMap<CallCardClient, CallStateStore>();

/**
 * The call state of a client (one store per client, created on first use; it listens from its
 * first subscriber on). Rules: `initialized` starts a call; `entityChanged` updates its phone and
 * CRM entity; `muteButtonClick` and `holdButtonClick` set `muted` / `held`; `hangupButtonClick`
 * sets `state: 'ended'`; `closeButtonClick` clears it to `null`. An `entityChanged` that came
 * before `initialized` fills the call's CRM fields when it starts (and its phone, when the call
 * has none); nothing carries over from one call to the next. A listener that throws goes to the
 * client's `onError` and the others still run. Server rendering shows `null`.
 */
export function getCallStateStore(client: CallCardClient): CallStateStore {
  let store = stores.get(client);
  if (store) return store;
  // The portal may announce the entity before the call: keep it for when the call starts.
  let early: Pick<CallState, 'phoneNumber' | 'entityType' | 'entityId'> | null = null;
  const listen = (): void => {
    const on = <K extends CallCardEventName>(event: K, handler: (payload: CallCardEventMap[K]) => void) =>
      onCallCardEvent(client, event, handler);
    const patch = (p: Partial<CallState>): void => {
      const state = s.getState();
      if (state && (Object.keys(p) as Array<keyof CallState>).some((k) => state[k] !== p[k]))
        s.setState(Object.freeze({ ...state, ...p }));
    };
    on('initialized', ({ raw: _raw, ...call }) => {
      // Only an entity announced for this call fills it in, and never over the call's own data.
      const e = call.entityType === null && call.entityId === null ? early : null;
      early = null;
      s.setState(
        Object.freeze({
          ...call,
          ...(e && { entityType: e.entityType, entityId: e.entityId }),
          phoneNumber: call.phoneNumber ?? e?.phoneNumber ?? null,
          muted: false,
          held: false,
        }),
      );
    });
    on('entityChanged', (e) => {
      const fields = { phoneNumber: e.phoneNumber, entityType: e.entityType, entityId: e.entityId };
      const state = s.getState();
      // During a call, apply it; before `initialized` (or after the call ended), keep it for the
      // call about to start.
      if (state && state.state !== 'ended') patch(fields);
      else early = fields;
    });
    on('muteButtonClick', (muted) => patch({ muted }));
    on('holdButtonClick', (held) => patch({ held }));
    on('hangupButtonClick', () => patch({ state: 'ended' }));
    on('closeButtonClick', () => {
      early = null; // the next call must not inherit this one's client
      s.setState(null);
    });
  };
  let listening = false;
  const s = createStore<CallState | null>(null, {
    onFirstSubscribe: () => listening || ((listening = true), listen()),
    onError: client.report,
  });
  store = { getState: s.getState, getServerState: s.getServerState, subscribe: s.subscribe };
  stores.set(client, store);
  return store;
}

import type { CallCardClient } from '../client/createCallCardClient';
import { onceConnected } from '../client/whenConnected';
import type { CallCardUiState } from '../commands/callCardCommands';
import { onCommandSucceeded } from '../commands/onCommandSucceeded';
import type { CallCardCall, CallCardEventMap, CallCardEventName } from '../events/callCardEvents';
import { parseCallCardCall } from '../events/parseCallCardCall';
import { onCallCardEvent } from '../events/onCallCardEvent';
import { createStore, type ReadableStore } from '../store/createStore';
import { sendOnce } from '../transports/sendOnce';
import type { TransportConnection } from '../transports/transport';

/** The call the card shows, kept up to date from the portal's events and the app's own commands. */
export interface CallState extends Omit<CallCardCall, 'state' | 'raw'> {
  /** `CALL_STATE` (`idle`, `connecting`, `connected`); `ended` once hang up was clicked. */
  readonly state: CallCardCall['state'] | 'ended';
  /** Whether the call is muted (the last `muteButtonClick` or successful `CallCardSetMute`). */
  readonly muted: boolean;
  /** Whether the call is on hold (the last `holdButtonClick` or successful `CallCardSetHold`). */
  readonly held: boolean;
  /** The card's UI state, once the app set one with a successful `CallCardSetUiState`; else `null`. */
  readonly uiState: CallCardUiState | null;
}

/** An observable store of {@link CallState}: `null` before the call is known and after the card closed. */
export type CallStateStore = ReadableStore<CallState | null>;

const stores = new WeakMap<CallCardClient, CallStateStore>();

/**
 * The call state of a client (one store per client, created on first use; it listens from its
 * first subscriber on, with the events of the placement the client connected in).
 *
 * `PAGE_BACKGROUND_WORKER`: `initialized` starts a call; `entityChanged` updates its phone and
 * CRM entity; `muteButtonClick` and `holdButtonClick` set `muted` / `held`; `hangupButtonClick`
 * sets `state: 'ended'`; `closeButtonClick` clears it to `null`. An `entityChanged` that came
 * before `initialized` fills the call's CRM fields when it starts (and its phone, when the call
 * has none); nothing carries over from one call to the next.
 *
 * `CALL_CARD` (the tab): the call starts from the tab's `PLACEMENT_OPTIONS` (the portal sends its
 * ids as strings: `"17"`, `"false"`, `"undefined"` are normalised), then from the portal's
 * `getStatus`; `callStateChanged` sets `state`, `entityChanged` the CRM fields.
 *
 * In both, the app's own successful commands count too (the portal does not echo them as button
 * events): `CallCardSetMute`, `CallCardSetHold`, `CallCardSetUiState` (`uiState`), and
 * `CallCardClose` (`null`). A listener that throws goes to the client's `onError` and the others
 * still run. Server rendering shows `null`.
 */
export function getCallStateStore(client: CallCardClient): CallStateStore {
  let store = stores.get(client);
  if (store) return store;
  // The portal may announce the entity before the call: keep it for when the call starts.
  let early: Pick<CallState, 'phoneNumber' | 'entityType' | 'entityId'> | null = null;
  const on = <K extends CallCardEventName>(event: K, handler: (payload: CallCardEventMap[K]) => void) =>
    onCallCardEvent(client, event, handler);
  const patch = (p: Partial<CallState>): void => {
    const state = s.getState();
    if (state && (Object.keys(p) as Array<keyof CallState>).some((k) => state[k] !== p[k]))
      s.setState(Object.freeze({ ...state, ...p }));
  };
  /** A call from `initialized` or `getStatus`; an early entity fills it only where it has none. */
  const start = ({ raw: _raw, ...call }: CallCardCall, keep?: CallState | null): void => {
    const e = call.entityType === null && call.entityId === null ? early : null;
    early = null;
    s.setState(
      Object.freeze({
        ...call,
        ...(e && { entityType: e.entityType, entityId: e.entityId }),
        phoneNumber: call.phoneNumber ?? e?.phoneNumber ?? null,
        muted: keep?.muted ?? false,
        held: keep?.held ?? false,
        uiState: keep?.uiState ?? null,
      }),
    );
  };
  const entity = (e: CallCardEventMap['entityChanged']): void => {
    const fields = { phoneNumber: e.phoneNumber, entityType: e.entityType, entityId: e.entityId };
    const state = s.getState();
    // During a call, apply it; before the call is known (or after it ended), keep it for the
    // call about to start.
    if (state && state.state !== 'ended') patch(fields);
    else early = fields;
  };
  const close = (): void => {
    early = null; // the next call must not inherit this one's client
    s.setState(null);
  };
  const worker = (): void => {
    on('initialized', (call) => start(call));
    on('entityChanged', entity);
    on('muteButtonClick', (muted) => patch({ muted }));
    on('holdButtonClick', (held) => patch({ held }));
    on('hangupButtonClick', () => patch({ state: 'ended' }));
    on('closeButtonClick', close);
  };
  const tab = (c: TransportConnection): void => {
    const parse = parseCallCardCall;
    const options = parse(c.data.PLACEMENT_OPTIONS);
    if (options.ok) start(options.value);
    on('entityChanged', entity);
    on('callStateChanged', (state) => patch({ state }));
    // The tab's options are what the portal knew when it built the tab: ask for the call now.
    if (!c.send) return;
    try {
      void sendOnce(c, 'getStatus', {}).then((answer) => {
        const r = parse(answer);
        if (r.ok) start(r.value, s.getState());
      }, client.report);
    } catch (e) {
      client.report(e);
    }
  };
  const listen = (): void => {
    onceConnected(client, (c) =>
      c.placement === 'CALL_CARD' ? tab(c) : c.placement === 'PAGE_BACKGROUND_WORKER' && worker(),
    );
    onCommandSucceeded(client, (command, params) => {
      if (command === 'CallCardSetMute') patch({ muted: params.muted as boolean });
      else if (command === 'CallCardSetHold') patch({ held: params.held as boolean });
      else if (command === 'CallCardSetUiState') patch({ uiState: params.uiState as CallCardUiState });
      else if (command === 'CallCardClose') close();
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

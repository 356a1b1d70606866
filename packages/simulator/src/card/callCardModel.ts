/**
 * The call card of one portal user, as a DOM-free model: the state the card shows, the answers
 * the portal gives to the card commands of both placements, and the events the card raises when
 * it closes or the call state changes. Behaviour follows the portal's own call-card code
 * (voximplant `phone-calls` view and background workers) as written down in
 * `bitrix24-facts.md`, "Commands and events per placement".
 */
import {
  BACKGROUND_WORKER_COMMANDS,
  CALL_CARD_TAB_COMMANDS,
  CALL_CARD_UI_STATES,
  isUiState,
  UI_STATE_BUTTONS,
  type ButtonEvent,
  type CallCardUiState,
} from '../protocol';

/** Which client plays the portal: the browser, or the Bitrix24 desktop app (other answers). */
export type ClientMode = 'browser' | 'desktop';

/** The call state the card reports (`CALL_STATE`, `CallCard::CallStateChanged`). */
export type SimCallState = 'idle' | 'connecting' | 'connected';

/** The direction of a call (`CALL_DIRECTION`). */
export type SimCallDirection = 'incoming' | 'outgoing' | 'callback';

/** A CRM binding of a call. */
export interface SimCrmBinding {
  readonly ENTITY_TYPE: string;
  readonly ENTITY_ID: number;
}

/** A call raised with `telephony.externalCall.register`, as the simulator keeps it. */
export interface SimCall {
  readonly CALL_ID: string;
  /** The user whose card shows the call. */
  readonly USER_ID: number;
  /** The client's number; `''` when unknown (the portal then sends `hidden`); may be `unknown` in call-list mode. */
  readonly PHONE_NUMBER: string;
  readonly LINE_NUMBER: string;
  readonly LINE_NAME: string;
  /** 1 outgoing, 2 incoming, 3 incoming with redirect, 4 callback, 5 info call. */
  readonly TYPE: 1 | 2 | 3 | 4 | 5;
  readonly CALL_DIRECTION: SimCallDirection;
  /** `LEAD`, `CONTACT`, `COMPANY`, `DEAL`, or `''` when nothing is bound. */
  readonly CRM_ENTITY_TYPE: string;
  /** `0` when nothing is bound. */
  readonly CRM_ENTITY_ID: number;
  readonly CRM_ACTIVITY_ID?: number;
  readonly CRM_BINDINGS?: readonly SimCrmBinding[];
  readonly CALL_LIST_MODE: boolean;
}

/** The client shown in the card: what `entityChanged` announces. */
export interface SimEntity {
  readonly PHONE_NUMBER?: string;
  readonly CRM_ENTITY_TYPE: string;
  readonly CRM_ENTITY_ID: number;
  readonly CRM_ACTIVITY_ID?: number;
  readonly CRM_BINDINGS?: readonly SimCrmBinding[];
}

/** The card's timer. The elapsed time is `(running ? now : stoppedAt) - startedAt`. */
export interface SimTimer {
  readonly running: boolean;
  /** When the timer (re)started; `null` before it ever ran. */
  readonly startedAt: number | null;
  /** When it stopped; `null` while running or before it ever ran. */
  readonly stoppedAt: number | null;
}

/** What the card shows. A frozen object, replaced on every change. */
export interface CallCardState {
  /** Whether the card is on screen and can be managed. */
  readonly open: boolean;
  /** The call of the card (kept after it closes, for display); `null` before the first call. */
  readonly call: SimCall | null;
  readonly callState: SimCallState;
  readonly uiState: CallCardUiState;
  readonly muted: boolean;
  readonly held: boolean;
  /** Set by `CallCardSetCardTitle`; `''` until then (the view shows its own default). */
  readonly title: string;
  /** Set by `CallCardSetStatusText`; `''` until then. */
  readonly statusText: string;
  readonly timer: SimTimer;
  /**
   * Whether the card was closed (`CallCardClose`, the close button, `.hide`, `.finish`): every
   * command then answers `Call card is undefined` until a card opens again.
   */
  readonly closed: boolean;
  /** A `CALL_CARD` tab sent `disableAutoClose` (and no `enableAutoClose` since): the card's automatic close waits 65 s. */
  readonly autoCloseDisabled: boolean;
  /** When a held automatic close happens (attempt + 65 s, restarted by each `disableAutoClose`); `null` when none waits. */
  readonly autoCloseHoldUntil: number | null;
}

/** Why the card closed. */
export type CloseReason =
  | 'command' // CallCardClose
  | 'closeButton' // the card's close button
  | 'autoClose' // the card closing by itself (.hide, .finish), not held
  | 'holdExpired' // a held automatic close, 65 s later
  | 'enableAutoClose' // a held automatic close released by enableAutoClose
  | 'replaced' // another call opened the card
  | 'api'; // close() without a reason

/** What the card raises; the portal engine turns them into `CallCard::*` events for the tabs. */
export type CallCardEvent =
  | { readonly type: 'opened'; readonly call: SimCall }
  | { readonly type: 'callStateChanged'; readonly state: SimCallState; readonly failedCode?: string }
  /** `final`: the card really closes now; `false`: a held automatic close (the card stays 65 s more). */
  | { readonly type: 'beforeClose'; readonly final: boolean }
  | { readonly type: 'closed'; readonly reason: CloseReason };

/** The result of {@link CallCardModel.press}: the event the button fires, with its payload. */
export interface PressResult {
  readonly event: ButtonEvent;
  readonly payload: unknown;
}

/** Options of {@link createCallCardModel}. */
export interface CallCardModelOptions {
  /** The clock (ms). Default: `Date.now`. */
  readonly now?: () => number;
  /** Schedules the 65 s hold. Default: `setTimeout`. */
  readonly setTimer?: (fn: () => void, ms: number) => unknown;
  /** Cancels what {@link CallCardModelOptions.setTimer} scheduled. Default: `clearTimeout`. */
  readonly clearTimer?: (handle: unknown) => void;
  /** Gets what a listener threw (the other listeners still run). Default: rethrown in a microtask. */
  readonly onListenerError?: (error: unknown) => void;
}

/** The call card of one user. */
export interface CallCardModel {
  /** The current state (a frozen object: compare by reference to see a change). */
  getState(): CallCardState;
  /** Calls `listener` with the new state after every change. Returns the unsubscribe function. */
  subscribe(listener: (state: CallCardState) => void): () => void;
  /** Calls `listener` with every {@link CallCardEvent}. Returns the unsubscribe function. */
  onEvent(listener: (event: CallCardEvent) => void): () => void;
  /**
   * Opens the card for `call`: `uiState` from the direction (incoming → `incoming`, outgoing and
   * callback → `outgoing`), `callState` `connecting`, not muted nor held, no title, timer stopped.
   * The same call again (by `CALL_ID`) while the card is open only updates the call's data; another
   * call replaces the card (the old one closes first).
   */
  open(call: SimCall): void;
  /** Changes the client shown (call-list next, caller identified): updates the call's CRM fields. */
  setEntity(entity: SimEntity): void;
  /**
   * The call connected: `callState` `connected`, and `uiState` `connected` with the timer started;
   * when the card already is in `connected` (a worker set it, maybe with `disableAutoStartTimer`)
   * the timer is left as it is.
   */
  connect(): void;
  /** The call ended: `callState` `idle`, the timer stops, the UI state stays. `failedCode`: a SIP code (`486`). */
  end(failedCode?: string): void;
  /** Closes the card now (`beforeClose` once, then `closed`). No-op when no card is open. */
  close(reason?: CloseReason): void;
  /**
   * The card closing by itself (what `.hide` and `.finish` do): closes now, unless a tab sent
   * `disableAutoClose`: then `beforeClose` fires at once, the card stays 65 s (each
   * `disableAutoClose` restarts the countdown) and closes with a second `beforeClose`, or at
   * once on `enableAutoClose`.
   */
  autoClose(): void;
  /** `end()` then `autoClose()`: what `telephony.externalCall.finish` does to the card. */
  finish(failedCode?: string): void;
  /**
   * The button events the card shows now: the state's buttons ({@link UI_STATE_BUTTONS}),
   * adjusted for call-list mode (see the module notes), then `addCommentButtonClick` (the CRM
   * area, in every state). `[]` when no card is open.
   */
  buttons(): readonly ButtonEvent[];
  /**
   * Presses a button: returns the event it fires and its payload, or `null` when the card does not
   * show it. Mute and hold toggle the state and fire the new value; close closes the card;
   * `dialpadButtonClick`, `qualityMeterClick`, `addCommentButtonClick` and `transferButtonClick`
   * take `payload` (defaults `'1'`, `'5'`, `''`, `{phoneNumber, target: '1'}`); the others fire no data.
   */
  press(button: ButtonEvent, payload?: unknown): PressResult | null;
  /**
   * The portal's answers to a card command, in order, or `null` when the portal never answers.
   * `placement` picks the command set: the 9 `CallCard*` commands in `PAGE_BACKGROUND_WORKER`, the
   * 3 tab commands in `CALL_CARD`; any other command or placement → `null`.
   */
  command(name: string, params: unknown, mode: ClientMode, placement: string): unknown[] | null;
  /** The call as `getStatus` and `initialized` give it, or `null` when no card is open. */
  status(): Record<string, unknown> | null;
  /** Cancels a pending hold timer; the model stays usable. */
  dispose(): void;
}

const NO_CARD = 'Call card is undefined';
const AUTO_CLOSE_HOLD_MS = 65_000;
const WORKER_COMMANDS: ReadonlySet<string> = new Set(BACKGROUND_WORKER_COMMANDS);
const TAB_COMMANDS: ReadonlySet<string> = new Set(CALL_CARD_TAB_COMMANDS);

const error = (errorCode: string) => ({ result: 'error', errorCode });

/** The phone number as the portal's card keeps it: `hidden` when missing. */
const cardPhone = (call: SimCall): string => call.PHONE_NUMBER || 'hidden';

/**
 * The call as the portal's `getStatus` answers it and `BackgroundCallCard::initialized` carries
 * it: `PHONE_NUMBER` absent when `unknown` (`hidden` when missing), `CRM_ACTIVITY_ID` absent when
 * none, `CRM_BINDINGS` absent when none, ids numbers, `CALL_LIST_MODE` a boolean.
 */
export function callStatus(call: SimCall, callState: SimCallState): Record<string, unknown> {
  const phone = cardPhone(call);
  const o: Record<string, unknown> = { CALL_ID: call.CALL_ID };
  if (phone !== 'unknown') o.PHONE_NUMBER = phone;
  o.LINE_NUMBER = call.LINE_NUMBER;
  o.LINE_NAME = call.LINE_NAME;
  o.CRM_ENTITY_TYPE = call.CRM_ENTITY_TYPE;
  o.CRM_ENTITY_ID = call.CRM_ENTITY_ID;
  if (call.CRM_ACTIVITY_ID) o.CRM_ACTIVITY_ID = call.CRM_ACTIVITY_ID;
  if (call.CRM_BINDINGS?.length) o.CRM_BINDINGS = call.CRM_BINDINGS.map((b) => ({ ...b }));
  o.CALL_DIRECTION = call.CALL_DIRECTION;
  o.CALL_STATE = callState;
  o.CALL_LIST_MODE = call.CALL_LIST_MODE;
  return o;
}

/**
 * The call in a `CALL_CARD` tab's `PLACEMENT_OPTIONS` (`getInitData`), in the portal's string
 * form: the same keys as {@link callStatus}, ids as strings (`"17"`), `CRM_ACTIVITY_ID` the
 * string `"undefined"` when none, `CALL_LIST_MODE` `"true"`/`"false"`; `PHONE_NUMBER` absent when
 * `unknown`, `CRM_BINDINGS` absent when none (ids as strings otherwise).
 */
export function tabPlacementOptions(call: SimCall, callState: SimCallState): Record<string, unknown> {
  const phone = cardPhone(call);
  const o: Record<string, unknown> = { CALL_ID: call.CALL_ID };
  if (phone !== 'unknown') o.PHONE_NUMBER = phone;
  o.LINE_NUMBER = call.LINE_NUMBER;
  o.LINE_NAME = call.LINE_NAME;
  o.CRM_ENTITY_TYPE = call.CRM_ENTITY_TYPE;
  o.CRM_ENTITY_ID = String(call.CRM_ENTITY_ID);
  o.CRM_ACTIVITY_ID = call.CRM_ACTIVITY_ID ? String(call.CRM_ACTIVITY_ID) : 'undefined';
  if (call.CRM_BINDINGS?.length) {
    o.CRM_BINDINGS = call.CRM_BINDINGS.map((b) => ({ ENTITY_TYPE: b.ENTITY_TYPE, ENTITY_ID: String(b.ENTITY_ID) }));
  }
  o.CALL_DIRECTION = call.CALL_DIRECTION;
  o.CALL_STATE = callState;
  o.CALL_LIST_MODE = String(call.CALL_LIST_MODE);
  return o;
}

/** The `entityChanged` payload for the call: `{CRM_ENTITY_TYPE, CRM_ENTITY_ID, PHONE_NUMBER}` (`hidden` when missing). */
export function entityPayload(call: SimCall): { CRM_ENTITY_TYPE: string; CRM_ENTITY_ID: number; PHONE_NUMBER: string } {
  return { CRM_ENTITY_TYPE: call.CRM_ENTITY_TYPE, CRM_ENTITY_ID: call.CRM_ENTITY_ID, PHONE_NUMBER: cardPhone(call) };
}

const IDLE_TIMER: SimTimer = Object.freeze({ running: false, startedAt: null, stoppedAt: null });

const initialState = (): CallCardState =>
  Object.freeze({
    open: false,
    call: null,
    callState: 'idle',
    uiState: 'incoming',
    muted: false,
    held: false,
    title: '',
    statusText: '',
    timer: IDLE_TIMER,
    closed: false,
    autoCloseDisabled: false,
    autoCloseHoldUntil: null,
  });

/** The params object of a command (`{}` for anything else: the portal reads fields off it). */
const fieldsOf = (params: unknown): Record<string, unknown> =>
  typeof params === 'object' && params !== null && !Array.isArray(params) ? (params as Record<string, unknown>) : {};

const has = (o: Record<string, unknown>, key: string): boolean => Object.prototype.hasOwnProperty.call(o, key);

const text = (v: unknown): string => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));

/**
 * Creates the call card of one user.
 *
 * Notes on choices the facts leave open (all from the portal's call-card code where it speaks):
 * - Call-list mode (`CALL_LIST_MODE`): `outgoing` shows `nextButtonClick` after make-call,
 *   `error` shows make-call (redial), next and close, `connected` has no transfer button.
 *   `addCommentButtonClick` is shown in every state (the CRM area).
 * - Browser mode reads a missing field as `undefined`, as the portal's browser code does:
 *   `CallCardSetMute {}` / `CallCardSetHold {}` mean `false` (answer `[]`), a missing title or
 *   status text becomes `''` (answer `[]`), a missing `uiState` is `Invalid ui state`.
 * - Timers: entering `connected` starts the timer (unless `disableAutoStartTimer`), the transfer
 *   states keep it running, every other state stops it. `CallCardStartTimer` restarts a stopped
 *   timer from zero and leaves a running one alone.
 * - `CallCardStartTimer`/`StopTimer` with no card answer `Call card is undefined` in both modes;
 *   with a card, the browser never answers.
 * - `getStatus`, `disableAutoClose` and `enableAutoClose` with no card open answer
 *   `[{"result":"error","errorCode":"Call card is undefined"}]` (on the portal the tab is gone
 *   with its card; the facts do not say).
 * - `BeforeClose`: a close fires it once; a held automatic close fires it when attempted and a
 *   second time when the card really closes (65 s later or on `enableAutoClose`).
 *   `enableAutoClose` closes the card at once only when a held close is waiting.
 */
export function createCallCardModel(options: CallCardModelOptions = {}): CallCardModel {
  const now = options.now ?? Date.now;
  const setTimer = options.setTimer ?? ((fn: () => void, ms: number) => setTimeout(fn, ms));
  const clearTimer = options.clearTimer ?? ((h: unknown) => clearTimeout(h as ReturnType<typeof setTimeout>));
  let state = initialState();
  let holdTimer: unknown = null;
  const stateListeners = new Set<(s: CallCardState) => void>();
  const eventListeners = new Set<(e: CallCardEvent) => void>();

  const call = <T>(listeners: Set<(x: T) => void>, value: T): void => {
    for (const l of [...listeners]) {
      try {
        l(value);
      } catch (e) {
        // One broken listener must not stop the card or the others; the error still surfaces.
        if (options.onListenerError) options.onListenerError(e);
        else
          queueMicrotask(() => {
            throw e;
          });
      }
    }
  };
  const set = (patch: Partial<CallCardState>): void => {
    state = Object.freeze({ ...state, ...patch });
    call(stateListeners, state);
  };
  const emit = (e: CallCardEvent): void => call(eventListeners, e);

  const startTimer = (): SimTimer =>
    state.timer.running ? state.timer : Object.freeze({ running: true, startedAt: now(), stoppedAt: null });
  const stopTimer = (): SimTimer =>
    state.timer.running ? Object.freeze({ ...state.timer, running: false, stoppedAt: now() }) : state.timer;

  const setCallState = (callState: SimCallState, patch: Partial<CallCardState> = {}, failedCode?: string): void => {
    const changed = callState !== state.callState;
    set({ ...patch, callState });
    if (changed)
      emit(
        failedCode === undefined
          ? { type: 'callStateChanged', state: callState }
          : { type: 'callStateChanged', state: callState, failedCode },
      );
  };

  /** The portal's `setUiState` plus the worker's timer handling. */
  const enterUiState = (uiState: CallCardUiState, disableAutoStartTimer: boolean): void => {
    let timer = state.timer;
    // The facts file (checked against the docs and the portal's code) rules: entering `connected`
    // starts the timer unless disableAutoStartTimer, leaving it for any other state stops it.
    if (uiState === 'connected') timer = disableAutoStartTimer ? stopTimer() : startTimer();
    else timer = stopTimer();
    set({ uiState, timer });
  };

  const cancelHold = (): void => {
    if (holdTimer !== null) clearTimer(holdTimer);
    holdTimer = null;
  };

  const close = (reason: CloseReason = 'api'): void => {
    if (!state.open) return;
    cancelHold();
    emit({ type: 'beforeClose', final: true });
    if (!state.open) return; // a listener closed it already
    set({ open: false, closed: true, timer: stopTimer(), autoCloseHoldUntil: null, autoCloseDisabled: false });
    emit({ type: 'closed', reason });
  };

  const scheduleHold = (): void => {
    cancelHold();
    const until = now() + AUTO_CLOSE_HOLD_MS;
    holdTimer = setTimer(() => {
      holdTimer = null;
      close('holdExpired');
    }, AUTO_CLOSE_HOLD_MS);
    set({ autoCloseHoldUntil: until });
  };

  const autoClose = (): void => {
    if (!state.open || state.autoCloseHoldUntil !== null) return;
    if (!state.autoCloseDisabled) return close('autoClose');
    emit({ type: 'beforeClose', final: false });
    if (state.open && state.autoCloseHoldUntil === null) scheduleHold();
  };

  const end = (failedCode?: string): void => {
    if (!state.open) return;
    setCallState('idle', { timer: stopTimer() }, failedCode);
  };

  const buttons = (): readonly ButtonEvent[] => {
    if (!state.open || !state.call) return [];
    const list = [...UI_STATE_BUTTONS[state.uiState]];
    if (state.call.CALL_LIST_MODE) {
      if (state.uiState === 'outgoing') list.push('nextButtonClick');
      if (state.uiState === 'error')
        list.splice(0, list.length, 'makeCallButtonClick', 'nextButtonClick', 'closeButtonClick');
      if (state.uiState === 'connected') list.splice(list.indexOf('transferButtonClick'), 1);
    }
    list.push('addCommentButtonClick');
    return list;
  };

  const workerCommand = (name: string, params: unknown, mode: ClientMode): unknown[] | null => {
    if (name === 'CallCardGetListUiStates') return [[...CALL_CARD_UI_STATES]];
    if (!state.open) return [[error(NO_CARD)]];
    const p = fieldsOf(params);
    const desktop = mode === 'desktop';
    switch (name) {
      case 'CallCardSetMute':
        // The desktop app reports this one as a bare object, not in an array.
        if (desktop && !has(p, 'muted')) return [error('missing field muted')];
        set({ muted: !!p.muted });
        return [[]];
      case 'CallCardSetHold':
        if (desktop && !has(p, 'held')) {
          // The desktop code has no `return` after this error: it goes on (held = !!undefined) and answers again.
          set({ held: false });
          return [[error('missing field held')], []];
        }
        set({ held: !!p.held });
        return [[]];
      case 'CallCardSetUiState':
        if ((desktop && !has(p, 'uiState')) || !isUiState(p.uiState)) return [[error('Invalid ui state')]];
        enterUiState(p.uiState, p.uiState === 'connected' && !!p.disableAutoStartTimer);
        return [[]];
      case 'CallCardSetCardTitle':
        if (desktop && !has(p, 'title')) return [[error('missing field title')]];
        set({ title: text(p.title) });
        return [[]];
      case 'CallCardSetStatusText':
        if (desktop && !has(p, 'statusText')) return [[error('missing field statusText')]];
        set({ statusText: text(p.statusText) });
        return [[]];
      case 'CallCardStartTimer':
        set({ timer: startTimer() });
        return desktop ? [[]] : null; // the browser never answers: silence is success
      case 'CallCardStopTimer':
        set({ timer: stopTimer() });
        return desktop ? [[]] : null;
      case 'CallCardClose':
        close('command');
        return [[]];
      default:
        return null;
    }
  };

  const tabCommand = (name: string): unknown[] | null => {
    if (!state.open || !state.call) return [[error(NO_CARD)]];
    switch (name) {
      case 'getStatus':
        return [callStatus(state.call, state.callState)];
      case 'disableAutoClose':
        set({ autoCloseDisabled: true });
        if (state.autoCloseHoldUntil !== null) scheduleHold(); // each call restarts the countdown
        return [[]];
      case 'enableAutoClose':
        set({ autoCloseDisabled: false });
        if (state.autoCloseHoldUntil !== null) close('enableAutoClose');
        return [[]];
      default:
        return null;
    }
  };

  return {
    getState: () => state,
    subscribe(listener) {
      stateListeners.add(listener);
      return () => void stateListeners.delete(listener);
    },
    onEvent(listener) {
      eventListeners.add(listener);
      return () => void eventListeners.delete(listener);
    },
    open(next) {
      if (state.open && state.call?.CALL_ID === next.CALL_ID) {
        set({ call: next });
        return;
      }
      if (state.open) close('replaced');
      cancelHold();
      state = Object.freeze({ ...initialState(), open: true, call: next, callState: 'idle' as const });
      setCallState('connecting', { uiState: next.CALL_DIRECTION === 'incoming' ? 'incoming' : 'outgoing' });
      emit({ type: 'opened', call: next });
    },
    setEntity(entity) {
      if (!state.call) return;
      const c = state.call;
      set({
        call: {
          ...c,
          PHONE_NUMBER: entity.PHONE_NUMBER ?? c.PHONE_NUMBER,
          CRM_ENTITY_TYPE: entity.CRM_ENTITY_TYPE,
          CRM_ENTITY_ID: entity.CRM_ENTITY_ID,
          ...(entity.CRM_ACTIVITY_ID !== undefined ? { CRM_ACTIVITY_ID: entity.CRM_ACTIVITY_ID } : {}),
          ...(entity.CRM_BINDINGS !== undefined ? { CRM_BINDINGS: entity.CRM_BINDINGS } : {}),
        },
      });
    },
    connect() {
      if (!state.open) return;
      if (state.uiState !== 'connected') enterUiState('connected', false);
      setCallState('connected');
    },
    end,
    close,
    autoClose,
    finish(failedCode) {
      end(failedCode);
      autoClose();
    },
    buttons,
    press(button, payload) {
      if (!buttons().includes(button) || !state.call) return null;
      switch (button) {
        case 'muteButtonClick':
          set({ muted: !state.muted });
          return { event: button, payload: state.muted };
        case 'holdButtonClick':
          set({ held: !state.held });
          return { event: button, payload: state.held };
        case 'dialpadButtonClick':
          return { event: button, payload: payload ?? '1' };
        case 'qualityMeterClick':
          return { event: button, payload: payload ?? '5' };
        case 'addCommentButtonClick':
          return { event: button, payload: payload ?? '' };
        case 'transferButtonClick':
          return { event: button, payload: payload ?? { phoneNumber: cardPhone(state.call), target: '1' } };
        case 'closeButtonClick':
          close('closeButton');
          return { event: button, payload: undefined };
        default:
          return { event: button, payload: undefined };
      }
    },
    command(name, params, mode, placement) {
      if (placement === 'PAGE_BACKGROUND_WORKER' && WORKER_COMMANDS.has(name)) return workerCommand(name, params, mode);
      if (placement === 'CALL_CARD' && TAB_COMMANDS.has(name)) return tabCommand(name);
      return null; // an unknown command or another placement's: the portal never calls back
    },
    status: () => (state.open && state.call ? callStatus(state.call, state.callState) : null),
    dispose: cancelHold,
  };
}

import type { CallCardCall } from '../events/callCardEvents';

/** The 12 UI states of the call card (`CallCardSetUiState`). */
export type CallCardUiState =
  | 'incoming'
  | 'transferIncoming'
  | 'outgoing'
  | 'connectingIncoming'
  | 'connectingOutgoing'
  | 'connected'
  | 'transferring'
  | 'transferFailed'
  | 'transferConnected'
  | 'error'
  | 'moneyError'
  | 'redial';

/** Every UI state the card knows, in the portal's order. */
export const CALL_CARD_UI_STATES: readonly CallCardUiState[] = [
  'incoming',
  'transferIncoming',
  'outgoing',
  'connectingIncoming',
  'connectingOutgoing',
  'connected',
  'transferring',
  'transferFailed',
  'transferConnected',
  'error',
  'moneyError',
  'redial',
];

/** No parameters. */
export type NoParams = Record<string, never>;

/**
 * The 9 commands of the `PAGE_BACKGROUND_WORKER` placement: the parameters each takes and what
 * it resolves with.
 */
export interface BackgroundWorkerCommandMap {
  /** Mutes or unmutes the call. No `muteButtonClick` is fired for it. */
  CallCardSetMute: { params: { readonly muted: boolean }; result: undefined };
  /** Puts the call on hold or takes it off. No `holdButtonClick` is fired for it. */
  CallCardSetHold: { params: { readonly held: boolean }; result: undefined };
  /**
   * Moves the card to a UI state (its buttons follow). Entering `connected` starts the timer
   * unless `disableAutoStartTimer`; leaving it stops the timer.
   */
  CallCardSetUiState: {
    params: { readonly uiState: CallCardUiState; readonly disableAutoStartTimer?: boolean };
    result: undefined;
  };
  /** The UI states the card knows. Works even with no card. */
  CallCardGetListUiStates: { params: NoParams; result: CallCardUiState[] };
  /** Sets the card's title. */
  CallCardSetCardTitle: { params: { readonly title: string }; result: undefined };
  /** Sets the card's status text. */
  CallCardSetStatusText: { params: { readonly statusText: string }; result: undefined };
  /** Starts the card's timer. The browser never answers it: silence is success. */
  CallCardStartTimer: { params: NoParams; result: undefined };
  /** Stops the card's timer. The browser never answers it: silence is success. */
  CallCardStopTimer: { params: NoParams; result: undefined };
  /** Closes the card; afterwards it can no longer be managed. */
  CallCardClose: { params: NoParams; result: undefined };
}

/** The 3 commands of the `CALL_CARD` placement (a tab in the card). */
export interface CallCardTabCommandMap {
  /** The call the card shows, normalised like `initialized`. */
  getStatus: { params: NoParams; result: CallCardCall };
  /** Keeps the card open 65 s after the call ends; each call restarts the countdown. */
  disableAutoClose: { params: NoParams; result: undefined };
  /** Lets the card close again (now, if the call has ended). */
  enableAutoClose: { params: NoParams; result: undefined };
}

/** Every call-card command of both placements, by the portal's own name. */
export interface CallCardCommandMap extends BackgroundWorkerCommandMap, CallCardTabCommandMap {}

/** The name of a call-card command. */
export type CallCardCommandName = keyof CallCardCommandMap;

/** The parameters of a command. */
export type CallCardCommandParams<C extends CallCardCommandName> = CallCardCommandMap[C]['params'];

/** What a command resolves with. */
export type CallCardCommandResult<C extends CallCardCommandName> = CallCardCommandMap[C]['result'];

/** How a command's fields are checked: `type` of a required (`!`) or optional field. */
type FieldSpec = Readonly<Record<string, 'boolean' | 'boolean?' | 'string' | 'uiState'>>;

/** @internal What the library knows of each command: its placement and its fields. */
export const COMMANDS: { readonly [C in CallCardCommandName]: readonly [placement: 'W' | 'T', fields?: FieldSpec] } = {
  CallCardSetMute: ['W', { muted: 'boolean' }],
  CallCardSetHold: ['W', { held: 'boolean' }],
  CallCardSetUiState: ['W', { uiState: 'uiState', disableAutoStartTimer: 'boolean?' }],
  CallCardGetListUiStates: ['W'],
  CallCardSetCardTitle: ['W', { title: 'string' }],
  CallCardSetStatusText: ['W', { statusText: 'string' }],
  CallCardStartTimer: ['W'],
  CallCardStopTimer: ['W'],
  CallCardClose: ['W'],
  getStatus: ['T'],
  disableAutoClose: ['T'],
  enableAutoClose: ['T'],
};

/** @internal The placement a command belongs to. */
export const commandPlacement = (command: CallCardCommandName): 'PAGE_BACKGROUND_WORKER' | 'CALL_CARD' =>
  COMMANDS[command][0] === 'W' ? 'PAGE_BACKGROUND_WORKER' : 'CALL_CARD';

/** Every call-card command's name. */
export const CALL_CARD_COMMANDS = /* @__PURE__ */ Object.keys(COMMANDS) as readonly CallCardCommandName[];

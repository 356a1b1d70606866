import type { CallCardClient } from '../client/createCallCardClient';
import type { CallCardCall } from '../events/callCardEvents';
import { callCardCommand, type CallCardCommandOptions } from './callCardCommand';
import type { CallCardUiState } from './callCardCommands';

/**
 * The call-card commands as plain functions bound to a client (what `useCallCardCommands()`
 * returns). Each waits for the connection and rejects with a `CallCardCommandError`; see
 * {@link callCardCommand}. The first nine are the `PAGE_BACKGROUND_WORKER`'s, the last three the
 * `CALL_CARD` tab's (`NOT_AVAILABLE` in the other placement).
 */
export interface CallCardCommands {
  /** `CallCardSetMute`. */
  setMute(muted: boolean, options?: CallCardCommandOptions): Promise<void>;
  /** `CallCardSetHold`. */
  setHold(held: boolean, options?: CallCardCommandOptions): Promise<void>;
  /** `CallCardSetUiState`; `disableAutoStartTimer` only matters for `connected`. */
  setUiState(
    uiState: CallCardUiState,
    options?: CallCardCommandOptions & { readonly disableAutoStartTimer?: boolean },
  ): Promise<void>;
  /** `CallCardGetListUiStates`. */
  getUiStates(options?: CallCardCommandOptions): Promise<CallCardUiState[]>;
  /** `CallCardSetCardTitle`. */
  setTitle(title: string, options?: CallCardCommandOptions): Promise<void>;
  /** `CallCardSetStatusText`. */
  setStatusText(statusText: string, options?: CallCardCommandOptions): Promise<void>;
  /** `CallCardStartTimer` (silence is success in the browser). */
  startTimer(options?: CallCardCommandOptions): Promise<void>;
  /** `CallCardStopTimer` (silence is success in the browser). */
  stopTimer(options?: CallCardCommandOptions): Promise<void>;
  /** `CallCardClose`. */
  close(options?: CallCardCommandOptions): Promise<void>;
  /** `getStatus` (tab): the call, normalised. */
  getStatus(options?: CallCardCommandOptions): Promise<CallCardCall>;
  /** `disableAutoClose` (tab): keeps the card open 65 s after the call ends. */
  disableAutoClose(options?: CallCardCommandOptions): Promise<void>;
  /** `enableAutoClose` (tab). */
  enableAutoClose(options?: CallCardCommandOptions): Promise<void>;
}

/**
 * Binds every call-card command to `client`, as plain functions (stable: make them once per client).
 *
 * @example
 * const card = bindCallCardCommands(client);
 * await card.setStatusText('VIP client');
 */
export function bindCallCardCommands(client: CallCardClient): CallCardCommands {
  return {
    setMute: (muted, o) => callCardCommand(client, 'CallCardSetMute', { muted }, o),
    setHold: (held, o) => callCardCommand(client, 'CallCardSetHold', { held }, o),
    setUiState: (uiState, o = {}) => {
      const { disableAutoStartTimer, ...options } = o;
      return callCardCommand(
        client,
        'CallCardSetUiState',
        disableAutoStartTimer === undefined ? { uiState } : { uiState, disableAutoStartTimer },
        options,
      );
    },
    getUiStates: (o) => callCardCommand(client, 'CallCardGetListUiStates', {}, o),
    setTitle: (title, o) => callCardCommand(client, 'CallCardSetCardTitle', { title }, o),
    setStatusText: (statusText, o) => callCardCommand(client, 'CallCardSetStatusText', { statusText }, o),
    startTimer: (o) => callCardCommand(client, 'CallCardStartTimer', {}, o),
    stopTimer: (o) => callCardCommand(client, 'CallCardStopTimer', {}, o),
    close: (o) => callCardCommand(client, 'CallCardClose', {}, o),
    getStatus: (o) => callCardCommand(client, 'getStatus', {}, o),
    disableAutoClose: (o) => callCardCommand(client, 'disableAutoClose', {}, o),
    enableAutoClose: (o) => callCardCommand(client, 'enableAutoClose', {}, o),
  };
}

import { CallCardError } from '../errors';

/**
 * Why a call-card command failed:
 * - `NO_CARD`: the portal answered `Call card is undefined`: no card yet (before `initialized`),
 *   the card was closed, or the call was not raised by `telephony.externalCall.register`.
 * - `INVALID_UI_STATE`: not one of the 12 UI states (checked before sending, or the portal's
 *   `Invalid ui state`).
 * - `MISSING_FIELD`: a required parameter is missing or of the wrong type (checked before
 *   sending, or the desktop app's `missing field <name>`, in an array or as a bare object).
 * - `NOT_AVAILABLE`: the current placement does not offer the command (the portal would never
 *   answer it): known from the placement, or from the portal's `getInterface` answer.
 * - `NO_ANSWER`: no answer within `timeoutMs`.
 * - `NOT_CONNECTED`: the client could not connect to the portal.
 * - `INVALID_ANSWER`: an answer of the wrong shape (e.g. `getStatus` without a call id).
 * - `PORTAL`: another error the portal answered with (`errorCode` holds it).
 */
export type CallCardCommandReason =
  | 'NO_CARD'
  | 'INVALID_UI_STATE'
  | 'MISSING_FIELD'
  | 'NOT_AVAILABLE'
  | 'NO_ANSWER'
  | 'NOT_CONNECTED'
  | 'INVALID_ANSWER'
  | 'PORTAL';

/** A call-card command that failed. `reason` says how; `answer` holds the portal's answer as it came. */
export class CallCardCommandError extends CallCardError {
  declare readonly code: 'COMMAND';
  /**
   * @param command The command sent (or about to be sent).
   * @param reason How it failed.
   * @param message What happened and what to do.
   * @param errorCode The portal's `errorCode`, when it answered with one.
   * @param answer The portal's answer exactly as it came (`undefined` when there was none).
   */
  constructor(
    readonly command: string,
    readonly reason: CallCardCommandReason,
    message: string,
    readonly errorCode: string | null = null,
    readonly answer: unknown = undefined,
  ) {
    super('COMMAND', `${command}: ${message}`);
    this.name = 'CallCardCommandError';
  }
}

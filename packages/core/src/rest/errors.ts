import { CallCardError } from '../errors';

/**
 * Why a REST call failed:
 * - `PORTAL`: the portal answered with an error (`error` / `description` hold Bitrix24's).
 * - `INVALID_RESPONSE`: the answer is not Bitrix24 REST JSON (a login or maintenance page, say).
 * - `REDIRECT`: the portal answered with a redirect; it is not followed, so the token stays home.
 * - `NETWORK`: the request did not reach the portal (`cause` holds the original error).
 * - `TIMEOUT`: no answer within `timeoutMs`.
 */
export type CallCardRestReason = 'PORTAL' | 'INVALID_RESPONSE' | 'REDIRECT' | 'NETWORK' | 'TIMEOUT';

/** A REST call that failed. `reason` says how; for `PORTAL`, `error` and `description` are Bitrix24's. */
export class CallCardRestError extends CallCardError {
  declare readonly code: 'REST';
  /**
   * @param method The REST method called.
   * @param error Bitrix24's error code (e.g. `expired_token`, `ACCESS_DENIED`; may be empty).
   * @param description Bitrix24's error description, or what went wrong.
   * @param status The HTTP status (`0` when there was no answer).
   * @param reason How the call failed.
   * @param cause The original error, if any.
   */
  constructor(
    readonly method: string,
    readonly error: string,
    readonly description: string,
    readonly status: number,
    readonly reason: CallCardRestReason = 'PORTAL',
    cause?: unknown,
  ) {
    super('REST', `${method}: ${error || reason} ${description}`.trim(), cause);
    this.name = 'CallCardRestError';
  }
}

/** Why a registration could not even be tried. */
export type CallCardRegistrationReason =
  'INVALID_URL' | 'MISSING_ERROR_HANDLER_URL' | 'NOT_ADMIN' | 'NOT_CONNECTED' | 'ALREADY_BOUND';

/** A worker registration that was refused before (or instead of) the REST call. */
export class CallCardRegistrationError extends CallCardError {
  declare readonly code: 'REGISTRATION';
  /**
   * @param reason Why.
   * @param message What to do about it.
   */
  constructor(
    readonly reason: CallCardRegistrationReason,
    message: string,
  ) {
    super('REGISTRATION', message);
    this.name = 'CallCardRegistrationError';
  }
}

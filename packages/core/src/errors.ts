/**
 * What kind of error: `INVALID_PAYLOAD`, `UNSUPPORTED`, `TRANSPORT`, `LISTENER`, `REST`,
 * `REGISTRATION`, `NOT_CONNECTED`, `COMMAND`.
 */
export type CallCardErrorCode =
  'INVALID_PAYLOAD' | 'UNSUPPORTED' | 'TRANSPORT' | 'LISTENER' | 'REST' | 'REGISTRATION' | 'NOT_CONNECTED' | 'COMMAND';

/** Base class of every error the library reports. `code` tells the kinds apart without `instanceof`. */
export class CallCardError extends Error {
  /** The original error, if any (declared here too for consumers whose `lib` predates ES2022). */
  declare readonly cause?: unknown;

  /**
   * @param code A stable machine-readable code: `INVALID_PAYLOAD`, `UNSUPPORTED`, `TRANSPORT`,
   *   `LISTENER`, `REST`, `REGISTRATION`, `NOT_CONNECTED`.
   * @param message What happened and what to do.
   * @param cause The original error, if any.
   */
  constructor(
    readonly code: CallCardErrorCode,
    message: string,
    cause?: unknown,
  ) {
    super(message, { cause });
    // Set by hand: minifiers rename classes, so `constructor.name` is not reliable in user bundles.
    this.name = 'CallCardError';
  }
}

/** A payload from the portal that is not valid for its event. `raw` holds it unchanged. */
export class CallCardPayloadError extends CallCardError {
  declare readonly code: 'INVALID_PAYLOAD';
  /**
   * @param field The field that is wrong (or `payload` when the payload as a whole is).
   * @param raw The payload exactly as received.
   * @param event The event's short name.
   */
  constructor(
    readonly field: string,
    readonly raw: unknown,
    readonly event = 'entityChanged',
  ) {
    super('INVALID_PAYLOAD', `Invalid ${event} payload: bad ${field}`);
    this.name = 'CallCardPayloadError';
  }
}

/**
 * Why the library cannot run where it is:
 * - `NO_WINDOW`: no `window` (server-side rendering, Node).
 * - `NOT_IN_PORTAL`: not opened by Bitrix24 (no `BX24`, no Bitrix24 `window.name`, not framed).
 * - `UNTRUSTED_HOST`: `window.name` names a portal that `allowedHosts` does not allow.
 * - `PLACEMENT`: the app runs in a placement that has no call-card events.
 * - `TIMEOUT`: the portal did not answer in time.
 * - `DESTROYED`: the client was destroyed.
 * - `EVENT_NOT_IN_PLACEMENT`: an event handler asked for an event the current placement does not
 *   have (reported through `onError`; nothing is bound, the client keeps working).
 */
export type CallCardUnsupportedReason =
  'NO_WINDOW' | 'NOT_IN_PORTAL' | 'UNTRUSTED_HOST' | 'PLACEMENT' | 'TIMEOUT' | 'DESTROYED' | 'EVENT_NOT_IN_PLACEMENT';

/** The environment cannot deliver call-card events. `reason` says why, the message says what to do. */
export class CallCardUnsupportedError extends CallCardError {
  declare readonly code: 'UNSUPPORTED';
  /**
   * @param reason Why the environment is unsupported.
   * @param message What to do about it.
   */
  constructor(
    readonly reason: CallCardUnsupportedReason,
    message: string,
  ) {
    super('UNSUPPORTED', message);
    this.name = 'CallCardUnsupportedError';
  }
}

/** The transport failed (e.g. `BX24.placement.info()` threw). `cause` holds the original error. */
export class CallCardTransportError extends CallCardError {
  declare readonly code: 'TRANSPORT';
  /**
   * @param message What failed.
   * @param cause The original error.
   */
  constructor(message: string, cause?: unknown) {
    super('TRANSPORT', message, cause);
    this.name = 'CallCardTransportError';
  }
}

/** A subscriber or event handler threw. `cause` holds what it threw; the others still ran. */
export class CallCardListenerError extends CallCardError {
  declare readonly code: 'LISTENER';
  /** @param cause What the listener threw. */
  constructor(cause: unknown) {
    super('LISTENER', 'A call-card listener threw', cause);
    this.name = 'CallCardListenerError';
  }
}

/**
 * @internal Whether `e` is one of our errors, with `code` (and `reason` for `UNSUPPORTED`) to
 * tell the kinds apart. Checked by name and code rather than `instanceof`, so that an error made
 * by another copy of this package (its CJS and ESM builds both loaded, or two versions installed)
 * is still recognised.
 */
export const isCallCardError = (e: unknown): e is CallCardError =>
  e instanceof Error && /^CallCard\w*Error$/.test(e.name) && typeof (e as { code?: unknown }).code === 'string';

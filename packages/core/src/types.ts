import type { CallCardError, CallCardPayloadError, CallCardUnsupportedError } from './errors';

/** The four CRM entity types a Bitrix24 call card can show. */
export type KnownCrmEntityType = 'LEAD' | 'CONTACT' | 'COMPANY' | 'DEAL';

/**
 * A CRM entity type: one of the four known ones, or any other non-empty string the portal sends
 * (kept as it is). The `string & {}` keeps autocompletion for the known four.
 */
export type CrmEntityType = KnownCrmEntityType | (string & {});

/** The client currently shown in the call card, normalised from the portal's payload. */
export interface CallCardEntity {
  /** The phone number, or `null` when the portal has none (`"hidden"`, `"unknown"`, `""`). */
  readonly phoneNumber: string | null;
  /** The CRM entity type, or `null` when no CRM entity is bound (`""`). */
  readonly entityType: CrmEntityType | null;
  /** The CRM entity id as a number, or `null` when no CRM entity is bound (`0`, `""`). */
  readonly entityId: number | null;
  /** The payload exactly as the portal sent it. */
  readonly raw: unknown;
}

/**
 * The placement an app runs in: the two with call-card events, the app's own page (`DEFAULT`), or
 * any other placement the portal names (kept as it is).
 */
export type CallCardPlacement = 'PAGE_BACKGROUND_WORKER' | 'CALL_CARD' | 'DEFAULT' | (string & {});

/**
 * Where the client is in its life:
 * - `idle`: created, nothing started yet (server rendering shows this state: nothing starts there).
 * - `connecting`: waiting for the portal's init data.
 * - `listening`: the event is bound; no entity has arrived yet.
 * - `ready`: an entity arrived; `entity` holds it.
 * - `unsupported`: cannot run here (not inside Bitrix24, wrong placement, init timed out);
 *   `error` is a {@link CallCardUnsupportedError} whose `reason` says why.
 * - `error`: the transport failed; `error.cause` holds what it threw.
 */
export type CallCardStatus = 'idle' | 'connecting' | 'listening' | 'ready' | 'unsupported' | 'error';

/**
 * The observable state of a call-card client, discriminated by `status`: `error` is non-null
 * exactly when the status is `unsupported` or `error`, and `entity` is non-null when it is
 * `ready`, so checking the status narrows the rest. Replaced (never mutated) only when something
 * changed. Invalid payloads do not change it: they go to `onError`, and the last valid entity stays.
 */
export type CallCardState =
  | {
      /** Not started, or waiting for the portal's init data. */
      readonly status: 'idle' | 'connecting';
      readonly entity: null;
      readonly error: null;
      readonly placement: null;
    }
  | {
      /** Bound; no entity has arrived yet. */
      readonly status: 'listening';
      readonly entity: null;
      readonly error: null;
      /** The placement the app runs in. */
      readonly placement: CallCardPlacement;
    }
  | {
      /** An entity arrived. */
      readonly status: 'ready';
      /** The latest valid entity. */
      readonly entity: CallCardEntity;
      readonly error: null;
      /** The placement the app runs in. */
      readonly placement: CallCardPlacement;
    }
  | {
      /** Cannot run here; `error.reason` says why. */
      readonly status: 'unsupported';
      /** The last valid entity, if one arrived before. */
      readonly entity: CallCardEntity | null;
      readonly error: CallCardUnsupportedError;
      /** The placement, when the portal named it. */
      readonly placement: CallCardPlacement | null;
    }
  | {
      /** The transport failed; `error.cause` holds what it threw. */
      readonly status: 'error';
      /** The last valid entity, if one arrived before. */
      readonly entity: CallCardEntity | null;
      readonly error: CallCardError;
      /** The placement, when the portal named it. */
      readonly placement: CallCardPlacement | null;
    };

/** A function that receives every state change. */
export type CallCardListener = (state: CallCardState, previous: CallCardState) => void;

/** A function that undoes a subscription. Calling it twice is harmless. */
export type Unsubscribe = () => void;

/** What a payload parser gives: the normalised value, or a typed error that holds the payload. Never thrown. */
export type ParseResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: CallCardPayloadError };

/** Validates and normalises an event's raw payload. Must never throw. */
export type PayloadParser<T> = (raw: unknown) => ParseResult<T>;

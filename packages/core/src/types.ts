import type { CallCardError, CallCardPayloadError } from './errors';

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

/** The observable state of a call-card client. Replaced (never mutated) only when something changed. */
export interface CallCardState {
  /** See {@link CallCardStatus}. */
  readonly status: CallCardStatus;
  /** The latest valid entity, kept across invalid payloads. */
  readonly entity: CallCardEntity | null;
  /** The last problem: an invalid payload, an unsupported environment or a transport failure. */
  readonly error: CallCardError | null;
  /** The placement the app runs in (e.g. `PAGE_BACKGROUND_WORKER`), once known. */
  readonly placement: string | null;
}

/** A function that receives every state change. */
export type CallCardListener = (state: CallCardState, previous: CallCardState) => void;

/** A function that undoes a subscription. Calling it twice is harmless. */
export type Unsubscribe = () => void;

/** What a payload parser gives: the normalised value, or a typed error that holds the payload. Never thrown. */
export type ParseResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: CallCardPayloadError };

/** Validates and normalises an event's raw payload. Must never throw. */
export type PayloadParser<T> = (raw: unknown) => ParseResult<T>;

import { str } from './env';
import { CallCardPayloadError } from './errors';
import { parseEntityChangedPayload } from './parseEntityChangedPayload';
import type { CallCardEntity, CrmEntityType } from './types';

/** `CALL_DIRECTION` of a call. */
export type CallDirection = 'incoming' | 'outgoing' | 'callback' | (string & {});

/** `CALL_STATE` of a call. */
export type CallStateName = 'idle' | 'connecting' | 'connected' | (string & {});

/** A dialpad key: `0`-`9`, `*`, `#`. */
export type DialpadKey = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9' | '*' | '#';

/** Raw payload of `BackgroundCallCard::initialized`, as the portal sends it. */
export interface RawCallInitialized {
  CALL_ID: string;
  PHONE_NUMBER: string;
  LINE_NUMBER: string;
  LINE_NAME: string;
  CRM_ENTITY_TYPE: string;
  CRM_ENTITY_ID: number | string;
  CRM_ACTIVITY_ID: number | string;
  CRM_BINDINGS: unknown;
  CALL_DIRECTION: CallDirection;
  CALL_STATE: CallStateName;
  CALL_LIST_MODE: boolean;
}

/** Normalised payload of `initialized`: the call the card shows. */
export interface CallCardCall {
  /** The call id (`CALL_ID`). */
  readonly callId: string;
  /** The phone number, or `null` when hidden or unknown. */
  readonly phoneNumber: string | null;
  /** The line: number and name, when the portal gave them. */
  readonly line: { readonly number: string | null; readonly name: string | null };
  /** The CRM entity of the call, as in `entityChanged`. */
  readonly entityType: CrmEntityType | null;
  /** The CRM entity id, or `null`. */
  readonly entityId: number | null;
  /** `CALL_DIRECTION`: `incoming`, `outgoing` or `callback`. */
  readonly direction: CallDirection | null;
  /** `CALL_STATE`: `idle`, `connecting` or `connected`. */
  readonly state: CallStateName | null;
  /** Whether the card runs a call list (`CALL_LIST_MODE`). */
  readonly callListMode: boolean;
  /** The payload exactly as received. */
  readonly raw: unknown;
}

/** Payload of `transferButtonClick`. */
export interface TransferTarget {
  /** The number to transfer to. */
  readonly phoneNumber: string;
  /** The transfer target (a user or a queue). */
  readonly target: string;
}

/**
 * Every call-card event by its short name, with the payload a handler receives (after
 * validation and normalisation). The portal names them `BackgroundCallCard::<name>` in the
 * `PAGE_BACKGROUND_WORKER` placement and `CallCard::<Name>` in `CALL_CARD`.
 */
export interface CallCardEventMap {
  /** The card is ready: the call it shows. */
  initialized: CallCardCall;
  /** The client shown in the card changed. */
  entityChanged: CallCardEntity;
  /** Mute toggled: `true` when muted. */
  muteButtonClick: boolean;
  /** Hold toggled: `true` when on hold. */
  holdButtonClick: boolean;
  /** A comment was added: its text. */
  addCommentButtonClick: string;
  /** A dialpad key was pressed. */
  dialpadButtonClick: DialpadKey;
  /** The call quality was rated, `"1"` to `"5"`. */
  qualityMeterClick: '1' | '2' | '3' | '4' | '5';
  /** Transfer was requested. */
  transferButtonClick: TransferTarget;
  /** The card was closed. */
  closeButtonClick: undefined;
  /** The transfer was cancelled. */
  cancelTransferButtonClick: undefined;
  /** The transfer was completed. */
  completeTransferButtonClick: undefined;
  /** Hang up was clicked. */
  hangupButtonClick: undefined;
  /** Next (call list) was clicked. */
  nextButtonClick: undefined;
  /** Skip (call list) was clicked. */
  skipButtonClick: undefined;
  /** Answer was clicked. */
  answerButtonClick: undefined;
  /** Make call was clicked. */
  makeCallButtonClick: undefined;
  /** Notify admin was clicked. */
  notifyAdminButtonClick: undefined;
}

/** The short name of a call-card event. */
export type CallCardEventName = keyof CallCardEventMap;

/** The raw payloads, by the portal's full event names (`BackgroundCallCard::*` and `CallCard::*` twins). */
export type BackgroundCallCardEvents = {
  [K in CallCardEventName as `BackgroundCallCard::${K}` | `CallCard::${Capitalize<K>}`]: K extends 'initialized'
    ? RawCallInitialized
    : K extends 'entityChanged'
      ? { PHONE_NUMBER: string; CRM_ENTITY_TYPE: string; CRM_ENTITY_ID: number | string }
      : K extends 'transferButtonClick'
        ? { phoneNumber: string; target: string }
        : CallCardEventMap[K];
};

/** The result of {@link parseCallCardEvent}. */
export type ParseEventResult<K extends CallCardEventName> =
  | { readonly ok: true; readonly value: CallCardEventMap[K] }
  | { readonly ok: false; readonly error: CallCardPayloadError };

const BAD = Symbol();
const isString = (raw: unknown): unknown => (typeof raw === 'string' ? raw : BAD);
const isBoolean = (raw: unknown): unknown => (typeof raw === 'boolean' ? raw : BAD);
const noData = (): undefined => undefined; // the classic script passes [], b24jssdk '': handlers get undefined

/** How each event's payload is checked and normalised: the value, or `BAD`. */
const RULES: Record<CallCardEventName, (raw: unknown) => unknown> = {
  initialized: () => BAD, // handled with its CRM fields below
  entityChanged: () => BAD, // handled by parseEntityChangedPayload below
  muteButtonClick: isBoolean,
  holdButtonClick: isBoolean,
  addCommentButtonClick: isString,
  dialpadButtonClick: (raw) => (typeof raw === 'string' && /^[\d*#]$/.test(raw) ? raw : BAD),
  qualityMeterClick: (raw) =>
    (typeof raw === 'string' || typeof raw === 'number') && /^[1-5]$/.test(String(raw)) ? String(raw) : BAD,
  transferButtonClick: (raw) => {
    const o = raw as Record<string, unknown> | null;
    return typeof o?.phoneNumber === 'string' && typeof o.target === 'string'
      ? Object.freeze({ phoneNumber: o.phoneNumber, target: o.target })
      : BAD;
  },
  closeButtonClick: noData,
  cancelTransferButtonClick: noData,
  completeTransferButtonClick: noData,
  hangupButtonClick: noData,
  nextButtonClick: noData,
  skipButtonClick: noData,
  answerButtonClick: noData,
  makeCallButtonClick: noData,
  notifyAdminButtonClick: noData,
};

/** Every call-card event's short name. */
export const CALL_CARD_EVENTS = Object.keys(RULES) as readonly CallCardEventName[];

/**
 * The portal's full name of an event in a placement, or `null` when the placement has no
 * call-card events. `CallCard::*` names are the `BackgroundCallCard::*` ones with a capital
 * first letter (`CallCard::EntityChanged` is documented; the others follow it, inferred).
 */
export function callCardEventName(placement: string | null, event: CallCardEventName): string | null {
  return placement === 'PAGE_BACKGROUND_WORKER'
    ? 'BackgroundCallCard::' + event
    : placement === 'CALL_CARD'
      ? 'CallCard::' + event[0]!.toUpperCase() + event.slice(1)
      : null;
}

/**
 * Validates and normalises the payload of a call-card event. Never throws.
 *
 * @example
 * parseCallCardEvent('dialpadButtonClick', '5'); // { ok: true, value: '5' }
 */
export function parseCallCardEvent<K extends CallCardEventName>(event: K, raw: unknown): ParseEventResult<K> {
  const fail = (field = 'payload') =>
    ({ ok: false, error: new CallCardPayloadError(field, raw, event) }) as ParseEventResult<K>;
  try {
    return parseEvent(event, raw, fail);
  } catch {
    // A payload whose getters or Proxy traps throw is invalid, not a crash.
    return fail();
  }
}

function parseEvent<K extends CallCardEventName>(
  event: K,
  raw: unknown,
  fail: (field?: string) => ParseEventResult<K>,
): ParseEventResult<K> {
  const ok = (value: unknown) => ({ ok: true, value }) as ParseEventResult<K>;
  if (event === 'entityChanged' || event === 'initialized') {
    const r = parseEntityChangedPayload(raw);
    if (!r.ok) return fail(r.error.field);
    if (event === 'entityChanged') return ok(r.entity);
    const o = raw as Record<string, unknown>;
    if (typeof o.CALL_ID !== 'string' || !o.CALL_ID) return fail('CALL_ID');
    return ok(
      Object.freeze({
        callId: o.CALL_ID,
        phoneNumber: r.entity.phoneNumber,
        line: { number: str(o.LINE_NUMBER), name: str(o.LINE_NAME) },
        entityType: r.entity.entityType,
        entityId: r.entity.entityId,
        direction: str(o.CALL_DIRECTION),
        state: str(o.CALL_STATE),
        callListMode: o.CALL_LIST_MODE === true || o.CALL_LIST_MODE === 'Y',
        raw,
      }),
    );
  }
  const rule = Object.prototype.hasOwnProperty.call(RULES, event) ? RULES[event] : undefined;
  if (!rule) return fail('event');
  const value = rule(raw);
  return value === BAD ? fail() : ok(value);
}

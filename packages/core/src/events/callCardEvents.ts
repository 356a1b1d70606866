import { parseEntityChangedPayload } from '../entity/parseEntityChangedPayload';
import { CallCardPayloadError } from '../errors';
import type { CallCardEntity, CrmEntityType, ParseResult, PayloadParser } from '../types';
import { parseCallCardCall } from './parseCallCardCall';

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
  /** The transfer target: a user id or a phone number (the event does not fire for a department). */
  readonly target: string;
}

/**
 * The events of the `PAGE_BACKGROUND_WORKER` placement (17) by short name, with the payload a
 * handler receives (after validation and normalisation). The portal names them
 * `BackgroundCallCard::<name>`.
 */
export interface BackgroundWorkerEventMap {
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

/**
 * The events of the `CALL_CARD` placement (a tab in the card): exactly three. The portal names
 * them `CallCard::<Name>` (capital first letter).
 */
export interface CallCardTabEventMap {
  /** The client shown in the card changed (`CallCard::EntityChanged`). */
  entityChanged: CallCardEntity;
  /**
   * The card is closing (`CallCard::BeforeClose`, no data). It fires twice: when closing is
   * attempted, and again when the card really closes.
   */
  beforeClose: undefined;
  /**
   * The call's state changed (`CallCard::CallStateChanged`). The portal's own handler also gets a
   * `failedCode` (a SIP code) when a call failed, but only the first argument reaches the frame.
   */
  callStateChanged: 'idle' | 'connecting' | 'connected';
}

/**
 * Every call-card event of both placements by short name: what `onCallCardEvent` and the hooks
 * accept. An event of the other placement is never bound (see {@link CALL_CARD_TAB_EVENTS}).
 */
export interface CallCardEventMap extends BackgroundWorkerEventMap, CallCardTabEventMap {}

/** The short name of a call-card event (of either placement). */
export type CallCardEventName = keyof CallCardEventMap;

/** The raw payload of `entityChanged`, as the portal sends it. */
export interface RawEntityChanged {
  PHONE_NUMBER: string;
  CRM_ENTITY_TYPE: string;
  CRM_ENTITY_ID: number | string;
}

/** The raw payloads, by the portal's full event names in each placement. */
export type BackgroundCallCardEvents = {
  [K in keyof BackgroundWorkerEventMap as `BackgroundCallCard::${K}`]: K extends 'initialized'
    ? RawCallInitialized
    : K extends 'entityChanged'
      ? RawEntityChanged
      : K extends 'transferButtonClick'
        ? { phoneNumber: string; target: string }
        : BackgroundWorkerEventMap[K];
} & {
  [K in keyof CallCardTabEventMap as `CallCard::${Capitalize<K>}`]: K extends 'entityChanged'
    ? RawEntityChanged
    : CallCardTabEventMap[K];
};

/** The result of {@link parseCallCardEvent}. */
export type ParseEventResult<K extends CallCardEventName> = ParseResult<CallCardEventMap[K]>;

/** Thrown inside a parser with the name of the bad field; turned into a typed error. */
const check = (ok: unknown, field = 'payload'): void => {
  if (!ok) throw field;
};

/** A parser from a check that returns the value or throws the bad field's name. Total. */
const parser =
  <T>(event: string, read: (raw: unknown) => T): PayloadParser<T> =>
  (raw) => {
    try {
      return { ok: true, value: read(raw) };
    } catch (field) {
      // A throwing getter or Proxy trap is a bad payload too.
      return { ok: false, error: new CallCardPayloadError(typeof field === 'string' ? field : 'payload', raw, event) };
    }
  };

const entity = (raw: unknown): CallCardEntity => {
  const r = parseEntityChangedPayload(raw);
  if (!r.ok) throw r.error.field;
  return r.value;
};
const string = (raw: unknown): string => (check(typeof raw === 'string'), raw as string);
const boolean = (raw: unknown): boolean => (check(typeof raw === 'boolean'), raw as boolean);
const noData = (): undefined => undefined; // the classic script passes [], b24jssdk '': handlers get undefined

/** How each event's payload is checked and normalised. */
const READERS: { [K in CallCardEventName]: (raw: unknown) => CallCardEventMap[K] } = {
  initialized: (raw) => {
    const r = parseCallCardCall(raw);
    if (!r.ok) throw r.error.field;
    return r.value;
  },
  entityChanged: entity,
  muteButtonClick: boolean,
  holdButtonClick: boolean,
  addCommentButtonClick: string,
  dialpadButtonClick: (raw) => (check(typeof raw === 'string' && /^[\d*#]$/.test(raw)), raw as DialpadKey),
  qualityMeterClick: (raw) => {
    check((typeof raw === 'string' || typeof raw === 'number') && /^[1-5]$/.test(String(raw)));
    return String(raw) as CallCardEventMap['qualityMeterClick'];
  },
  transferButtonClick: (raw) => {
    const o = raw as Record<string, unknown> | null;
    check(typeof o?.phoneNumber === 'string' && typeof o.target === 'string');
    return Object.freeze({ phoneNumber: o!.phoneNumber as string, target: o!.target as string });
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
  beforeClose: noData,
  callStateChanged: (raw) => (
    check(raw === 'idle' || raw === 'connecting' || raw === 'connected'),
    raw as CallCardTabEventMap['callStateChanged']
  ),
};

/** The events of the `CALL_CARD` placement (the others are `PAGE_BACKGROUND_WORKER`'s). */
export const CALL_CARD_TAB_EVENTS: readonly (keyof CallCardTabEventMap)[] = [
  'entityChanged',
  'beforeClose',
  'callStateChanged',
];

/** Every call-card event's short name, of both placements. */
export const CALL_CARD_EVENTS = /* @__PURE__ */ Object.keys(READERS) as readonly CallCardEventName[];

/** One parser per event, made on first use: the client parses a payload once per distinct parser. */
const PARSERS: Partial<Record<CallCardEventName, PayloadParser<unknown>>> = {};

/** @internal Whether `event` is a known call-card event. */
export const isCallCardEvent = (event: unknown): event is CallCardEventName =>
  typeof event === 'string' && Object.prototype.hasOwnProperty.call(READERS, event);

/**
 * The payload parser of a call-card event: validates and normalises, never throws. The same
 * function for every call, so that a client parses each payload once.
 */
export function callCardEventParser<K extends CallCardEventName>(event: K): PayloadParser<CallCardEventMap[K]> {
  return (PARSERS[event] ??=
    event === 'entityChanged'
      ? parseEntityChangedPayload
      : event === 'initialized'
        ? parseCallCardCall
        : parser(event, READERS[event] as (raw: unknown) => unknown)) as PayloadParser<CallCardEventMap[K]>;
}

/**
 * Validates and normalises the payload of a call-card event. Never throws.
 *
 * @example
 * parseCallCardEvent('dialpadButtonClick', '5'); // { ok: true, value: '5' }
 */
export function parseCallCardEvent<K extends CallCardEventName>(event: K, raw: unknown): ParseEventResult<K> {
  if (!isCallCardEvent(event)) return { ok: false, error: new CallCardPayloadError('event', raw, String(event)) };
  return callCardEventParser(event)(raw);
}

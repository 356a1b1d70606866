/**
 * The portal's side of Bitrix24's frame protocol, as pure functions (no DOM), shared by the
 * simulator page and its tests.
 */

/** A command an app frame sent to the portal. */
export interface PortalCommand {
  /** Command name, e.g. `getInitData`, `placementBindEvent`. */
  readonly method: string;
  /** Parameters: parsed JSON when it parses, else the raw string ('' when empty). */
  readonly params: unknown;
  /** The callback id to answer to ('' when none). */
  readonly callback: string;
  /** The app session id the command names. */
  readonly appSid: string;
  /** The form it came in: classic/b24jssdk string, or the object form for names with a colon. */
  readonly form: 'string' | 'object';
}

/** The result of {@link parseCommand}. */
export type ParsedCommand = { ok: true; command: PortalCommand } | { ok: false; reason: string };

/**
 * Parses a message an app frame posted, the way the portal does: for a string, method = first
 * field, appSid = last, callback = second to last, params = everything between joined with ':'
 * (params JSON itself contains '::'). The object form `{method, params, callback, appSid}` is
 * accepted as newer portals do.
 */
export function parseCommand(data: unknown): ParsedCommand {
  if (typeof data === 'string') {
    const parts = data.split(':');
    if (parts.length < 3)
      return { ok: false, reason: `expected COMMAND:PARAMS:CALLBACK:APP_SID, got ${parts.length} field(s)` };
    const method = parts[0]!;
    if (!method) return { ok: false, reason: 'empty command name' };
    const appSid = parts[parts.length - 1]!;
    const callback = parts[parts.length - 2]!;
    // Classic BX24 keeps an empty params slot ("getInitData::<cb>:<sid>"); b24jssdk drops it
    // ("getInitData:<cb>:<sid>"). Reading from both ends handles both.
    const params = parseParams(parts.slice(1, -2).join(':'));
    return { ok: true, command: { method, params, callback, appSid, form: 'string' } };
  }
  if (typeof data === 'object' && data !== null && !Array.isArray(data)) {
    const o = data as Record<string, unknown>;
    if (typeof o.method !== 'string' || !o.method) return { ok: false, reason: 'object command without a method' };
    return {
      ok: true,
      command: {
        method: o.method,
        params: typeof o.params === 'string' ? parseParams(o.params) : (o.params ?? ''),
        callback: typeof o.callback === 'string' ? o.callback : '',
        appSid: typeof o.appSid === 'string' ? o.appSid : '',
        form: 'object',
      },
    };
  }
  return { ok: false, reason: `a command must be a string or an object, got ${data === null ? 'null' : typeof data}` };
}

function parseParams(raw: string): unknown {
  if (raw === '') return '';
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

/** Formats what the portal posts back: `CALLBACK:JSON`, or `CALLBACK:` when there is no result. */
export function formatAnswer(callback: string, result?: unknown): string {
  return callback + ':' + (result === undefined ? '' : JSON.stringify(result));
}

/** The 15 keys of a `getInitData` answer, with the types the portal uses. */
export interface InitData {
  DOMAIN: string;
  PROTOCOL: 0 | 1;
  PATH: string;
  LANG: string;
  AUTH_ID: string;
  REFRESH_ID: string;
  AUTH_EXPIRES: string;
  MEMBER_ID: string;
  IS_ADMIN: boolean;
  APP_OPTIONS: Record<string, unknown>;
  USER_OPTIONS: Record<string, unknown>;
  PLACEMENT: string;
  PLACEMENT_OPTIONS: Record<string, unknown>;
  INSTALL: boolean;
  FIRST_RUN: boolean;
}

/** The placements the simulator can play. */
export const PLACEMENTS = ['PAGE_BACKGROUND_WORKER', 'CALL_CARD', 'DEFAULT'] as const;

/** The event that announces the entity in a placement. */
export const entityEventFor = (placement: string): string =>
  placement === 'CALL_CARD' ? 'CallCard::EntityChanged' : 'BackgroundCallCard::entityChanged';

/** The 12 UI states of the call card, in the portal's order (what `CallCardGetListUiStates` answers). */
export const CALL_CARD_UI_STATES = [
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
] as const;

/** One of the 12 UI states of the call card. */
export type CallCardUiState = (typeof CALL_CARD_UI_STATES)[number];

const UI_STATE_SET: ReadonlySet<string> = new Set(CALL_CARD_UI_STATES);

/** Whether `value` is one of the 12 UI states (`CallCardSetUiState` answers `Invalid ui state` otherwise). */
export const isUiState = (value: unknown): value is CallCardUiState =>
  typeof value === 'string' && UI_STATE_SET.has(value);

/** The 9 commands of `PAGE_BACKGROUND_WORKER`, in the order the portal registers them. */
export const BACKGROUND_WORKER_COMMANDS = [
  'CallCardSetMute',
  'CallCardSetHold',
  'CallCardSetUiState',
  'CallCardGetListUiStates',
  'CallCardSetCardTitle',
  'CallCardSetStatusText',
  'CallCardClose',
  'CallCardStartTimer',
  'CallCardStopTimer',
] as const;

/** The 3 commands of a `CALL_CARD` tab. */
export const CALL_CARD_TAB_COMMANDS = ['getStatus', 'disableAutoClose', 'enableAutoClose'] as const;

/** A `PAGE_BACKGROUND_WORKER` command name. */
export type BackgroundWorkerCommand = (typeof BACKGROUND_WORKER_COMMANDS)[number];
/** A `CALL_CARD` tab command name. */
export type CallCardTabCommand = (typeof CALL_CARD_TAB_COMMANDS)[number];

/**
 * The 17 `BackgroundCallCard::*` events by short name, in the order the portal registers them
 * (what `getInterface` lists, with the `BackgroundCallCard::` prefix).
 */
export const BACKGROUND_EVENT_NAMES = [
  'initialized',
  'addCommentButtonClick',
  'muteButtonClick',
  'holdButtonClick',
  'closeButtonClick',
  'transferButtonClick',
  'cancelTransferButtonClick',
  'completeTransferButtonClick',
  'hangupButtonClick',
  'nextButtonClick',
  'skipButtonClick',
  'answerButtonClick',
  'entityChanged',
  'qualityMeterClick',
  'dialpadButtonClick',
  'makeCallButtonClick',
  'notifyAdminButtonClick',
] as const;

/** A `BackgroundCallCard::*` event by short name. */
export type BackgroundEventName = (typeof BACKGROUND_EVENT_NAMES)[number];

/** The only 3 events of a `CALL_CARD` tab, by short name (full name: `CallCard::<name>`). */
export const CALL_CARD_TAB_EVENTS = ['EntityChanged', 'BeforeClose', 'CallStateChanged'] as const;

/** A `CALL_CARD` tab event by short name. */
export type CallCardTabEventName = (typeof CALL_CARD_TAB_EVENTS)[number];

/** The events the card's buttons fire (`BackgroundCallCard::<name>`). */
export type ButtonEvent = Exclude<BackgroundEventName, 'initialized' | 'entityChanged'>;

/**
 * Which button events each UI state shows, exactly as the facts table (portal `getUiStateButtons`,
 * for a call that is not in call-list mode and not on a SIP phone). `addCommentButtonClick`
 * lives in the CRM area, not in this table.
 */
export const UI_STATE_BUTTONS: { readonly [S in CallCardUiState]: readonly ButtonEvent[] } = {
  incoming: ['answerButtonClick', 'skipButtonClick'],
  transferIncoming: ['answerButtonClick', 'skipButtonClick'],
  outgoing: ['makeCallButtonClick'],
  connectingIncoming: ['hangupButtonClick'],
  connectingOutgoing: ['hangupButtonClick'],
  connected: [
    'hangupButtonClick',
    'holdButtonClick',
    'muteButtonClick',
    'transferButtonClick',
    'dialpadButtonClick',
    'qualityMeterClick',
  ],
  transferring: ['completeTransferButtonClick', 'cancelTransferButtonClick'],
  transferFailed: ['cancelTransferButtonClick'],
  transferConnected: ['hangupButtonClick'],
  error: ['closeButtonClick'],
  moneyError: ['notifyAdminButtonClick', 'closeButtonClick'],
  redial: ['makeCallButtonClick'],
};

/** The placement's command names, as its `getInterface` answer lists them (`[]` for other placements). */
export function placementCommands(placement: string): readonly string[] {
  if (placement === 'PAGE_BACKGROUND_WORKER') return BACKGROUND_WORKER_COMMANDS;
  if (placement === 'CALL_CARD') return CALL_CARD_TAB_COMMANDS;
  return [];
}

const WORKER_EVENTS_FULL = BACKGROUND_EVENT_NAMES.map((n) => `BackgroundCallCard::${n}`);
const TAB_EVENTS_FULL = CALL_CARD_TAB_EVENTS.map((n) => `CallCard::${n}`);

/** The placement's full event names, as its `getInterface` answer lists them (`[]` for other placements). */
export function placementEvents(placement: string): readonly string[] {
  if (placement === 'PAGE_BACKGROUND_WORKER') return WORKER_EVENTS_FULL;
  if (placement === 'CALL_CARD') return TAB_EVENTS_FULL;
  return [];
}

/** Every call-card event's full name (17 `BackgroundCallCard::*` and 3 `CallCard::*`). */
export const ALL_EVENT_NAMES: readonly string[] = [...WORKER_EVENTS_FULL, ...TAB_EVENTS_FULL];
const ALL_EVENT_SET: ReadonlySet<string> = new Set(ALL_EVENT_NAMES);

/** The result of {@link resolveEventName}. */
export type ResolvedEvent =
  | {
      readonly ok: true;
      /** The full name (`BackgroundCallCard::x` / `CallCard::X`). */
      readonly event: string;
      /** Whether the placement has this event (else a bind to it never fires, as on the portal). */
      readonly inPlacement: boolean;
    }
  | { readonly ok: false; readonly message: string };

/**
 * Resolves an event name for `placement`. A short name is resolved per placement
 * (`BackgroundCallCard::<name>` in `PAGE_BACKGROUND_WORKER`; `CallCard::<Name>` in `CALL_CARD`,
 * with either first-letter case: `entityChanged` or `EntityChanged`); a full name is taken as
 * is. A name no placement has is not ok, with a message listing the valid names. A name another
 * placement has resolves with `inPlacement: false`.
 *
 * @example
 * resolveEventName('CALL_CARD', 'beforeClose'); // { ok: true, event: 'CallCard::BeforeClose', inPlacement: true }
 */
export function resolveEventName(placement: string, name: string): ResolvedEvent {
  if (name.includes('::')) {
    if (!ALL_EVENT_SET.has(name)) return { ok: false, message: unknownEventMessage(name) };
    return { ok: true, event: name, inPlacement: placementEvents(placement).includes(name) };
  }
  const worker = (BACKGROUND_EVENT_NAMES as readonly string[]).includes(name) ? `BackgroundCallCard::${name}` : null;
  const capital = name.charAt(0).toUpperCase() + name.slice(1);
  const tab = (CALL_CARD_TAB_EVENTS as readonly string[]).includes(capital) ? `CallCard::${capital}` : null;
  if (placement === 'CALL_CARD' && tab) return { ok: true, event: tab, inPlacement: true };
  if (placement === 'PAGE_BACKGROUND_WORKER' && worker) return { ok: true, event: worker, inPlacement: true };
  const other = worker ?? tab;
  if (other) return { ok: true, event: other, inPlacement: false };
  return { ok: false, message: unknownEventMessage(name) };
}

function unknownEventMessage(name: string): string {
  return (
    `Unknown call-card event "${name}". PAGE_BACKGROUND_WORKER events: ${BACKGROUND_EVENT_NAMES.join(', ')} ` +
    `(or BackgroundCallCard::<name>); CALL_CARD events: ${CALL_CARD_TAB_EVENTS.join(', ')} (or CallCard::<Name>).`
  );
}

/** @internal The keys whose values are secrets, wherever the simulator logs something (`|`-separated). */
export const SECRET_KEYS = 'auth_id|refresh_id|auth|access_token|refresh_token|refresh|client_secret|application_token';
/** `"KEY":"value` in JSON, also with escaped quotes (JSON inside a JSON string). */
const SECRET_JSON = new RegExp(`(\\\\?"(?:${SECRET_KEYS})\\\\?"\\s*:\\s*\\\\?")([^"\\\\]*)`, 'gi');
/** `auth=value` in a query string or form body. */
const SECRET_QUERY = new RegExp(`((?:^|[?&\\s])(?:${SECRET_KEYS})=)([^&\\s"]*)`, 'gi');

const maskValue = (value: string): string => (value.length > 4 ? value.slice(0, 4) + '…' : value ? '…' : '');

/**
 * Masks OAuth tokens in a text for the log: the values of `AUTH_ID`, `REFRESH_ID`, `auth`,
 * `access_token`, `refresh_token` and `application_token` (JSON keys, escaped JSON, query
 * parameters; any case) are cut to their first 4 characters and `…`.
 *
 * @example
 * maskTokens('cb:{"AUTH_ID":"0123456789"}'); // 'cb:{"AUTH_ID":"0123…"}'
 */
export function maskTokens(text: string): string {
  return text
    .replace(SECRET_JSON, (_m, key: string, value: string) => key + maskValue(value))
    .replace(SECRET_QUERY, (_m, key: string, value: string) => key + maskValue(value));
}

/** The default cap of one logged line, in characters. */
export const LOG_LINE_MAX = 2000;

/**
 * A log line as the simulator shows it: tokens masked ({@link maskTokens}) and cut to `max`
 * characters (`… (+N chars)` tells how much was cut). Work is bounded: a 1 MB message costs no
 * more than a short one.
 */
export function logText(text: string, max: number = LOG_LINE_MAX): string {
  const head = text.length > max * 2 ? text.slice(0, max * 2) : text;
  const masked = maskTokens(head);
  if (text.length <= max && masked.length <= max) return masked;
  return masked.slice(0, max) + `… (+${text.length - max} chars)`;
}

/** All `BackgroundCallCard::*` events with a sample payload (`undefined`: the event has none). */
export const BACKGROUND_EVENTS: ReadonlyArray<readonly [name: string, sample: unknown]> = [
  [
    'initialized',
    {
      CALL_ID: 'externalCall.1f2e3d4c5b6a.1732530000',
      PHONE_NUMBER: '+15550100',
      LINE_NUMBER: 'sim-line-1',
      LINE_NAME: 'Simulator line',
      CRM_ENTITY_TYPE: 'CONTACT',
      CRM_ENTITY_ID: 17,
      CRM_ACTIVITY_ID: 0,
      CRM_BINDINGS: [{ ENTITY_TYPE: 'CONTACT', ENTITY_ID: 17 }],
      CALL_DIRECTION: 'incoming',
      CALL_STATE: 'connected',
      CALL_LIST_MODE: false,
    },
  ],
  ['entityChanged', { PHONE_NUMBER: '+15550100', CRM_ENTITY_TYPE: 'CONTACT', CRM_ENTITY_ID: 17 }],
  ['muteButtonClick', true],
  ['holdButtonClick', true],
  ['addCommentButtonClick', 'Called back, will send the offer'],
  ['dialpadButtonClick', '5'],
  ['qualityMeterClick', '4'],
  ['transferButtonClick', { phoneNumber: '+15550199', target: 'user_3' }],
  ['closeButtonClick', undefined],
  ['cancelTransferButtonClick', undefined],
  ['completeTransferButtonClick', undefined],
  ['hangupButtonClick', undefined],
  ['nextButtonClick', undefined],
  ['skipButtonClick', undefined],
  ['answerButtonClick', undefined],
  ['makeCallButtonClick', undefined],
  ['notifyAdminButtonClick', undefined],
];

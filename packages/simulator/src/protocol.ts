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

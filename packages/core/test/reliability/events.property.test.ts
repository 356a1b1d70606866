/**
 * @vitest-environment node
 * (pure logic, no DOM: the node environment starts in milliseconds where jsdom takes about a second)
 *
 * Property tests of `parseCallCardEvent`, documented to never throw: every run checks every
 * event in CALL_CARD_EVENTS against one random payload (10 000 runs per property).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CALL_CARD_EVENTS,
  parseCallCardEvent,
  type CallCardCall,
  type CallCardEntity,
  type CallCardEventName,
  type ParseEventResult,
  type TransferTarget,
} from '@b24-callcard/core';
import {
  RUNS,
  buildHostile,
  entityIdNumber,
  expectPayloadError,
  guardPrototypes,
  check,
  expectValidEntity,
  expectedEntity,
  sameFields,
  hostileSpec,
  hugeString,
  inertPayload,
  nearValidPayload,
  realPhone,
  validPayload,
} from './arbitraries';

guardPrototypes();

// ---------------------------------------------------------------------------------------------
// parseCallCardEvent, every event.

const lineish = fc.oneof(fc.string(), fc.constantFrom('', null, undefined, 1, true));
const initializedPayload = fc
  .tuple(
    fc.oneof(validPayload, nearValidPayload),
    fc.record(
      {
        CALL_ID: fc.oneof(
          fc.stringMatching(/^externalCall\.[0-9a-f]{8,32}\.\d{10}$/),
          fc.constantFrom('', null, 17, ['c']),
        ),
        LINE_NUMBER: lineish,
        LINE_NAME: lineish,
        CRM_ACTIVITY_ID: fc.oneof(fc.nat(), fc.string()),
        CRM_BINDINGS: fc.jsonValue({ maxDepth: 2 }),
        CALL_DIRECTION: fc.oneof(
          fc.constantFrom('incoming', 'outgoing', 'callback', '', 'INCOMING'),
          fc.anything({ maxDepth: 1 }),
        ),
        CALL_STATE: fc.oneof(fc.constantFrom('idle', 'connecting', 'connected', ''), fc.anything({ maxDepth: 1 })),
        CALL_LIST_MODE: fc.constantFrom(true, false, 'Y', 'N', 1, 0, 'true', null),
      },
      { requiredKeys: [] },
    ),
  )
  .map(([a, b]) => Object.assign({}, a, b) as unknown);

const eventSpecific: fc.Arbitrary<unknown> = fc.oneof(
  initializedPayload,
  fc.boolean(),
  fc.constantFrom('true', 'false', 1, 0, 'Y', 'N'),
  fc.string(),
  hugeString,
  fc.constantFrom(
    '0',
    '1',
    '2',
    '3',
    '4',
    '5',
    '6',
    '7',
    '8',
    '9',
    '*',
    '#',
    '10',
    '**',
    'a',
    ' 1',
    '1 ',
    '01',
    '1.0',
    '٣',
    'idle',
    'connecting',
    'connected',
    'Idle',
    'CONNECTED',
    ' idle',
    'connected ',
    'ended',
  ),
  fc.constantFrom(1, 2, 3, 4, 5, 0, 6, 1.5, -1, 5.000001),
  fc.record(
    {
      phoneNumber: fc.oneof(realPhone, fc.anything({ maxDepth: 1 })),
      target: fc.oneof(fc.string(), fc.anything({ maxDepth: 1 })),
    },
    { requiredKeys: [] },
  ),
  fc.constantFrom([], '', undefined, null, [1]),
  entityIdNumber,
);

/** What the handler of each event may receive: checked against the raw payload. */
function expectEventValue(event: CallCardEventName, raw: unknown, value: unknown): void {
  switch (event) {
    case 'entityChanged':
      expectValidEntity(value as CallCardEntity, raw);
      return;
    case 'initialized': {
      const c = value as CallCardCall;
      check(Object.isFrozen(c) && c.raw === raw, 'call is frozen and holds raw');
      check(
        typeof c.callId === 'string' && c.callId !== '' && c.callId === (raw as { CALL_ID?: unknown }).CALL_ID,
        'callId is CALL_ID',
        c.callId,
      );
      expectValidEntity(
        Object.freeze({ phoneNumber: c.phoneNumber, entityType: c.entityType, entityId: c.entityId, raw }),
        raw,
      );
      for (const s of [c.line.number, c.line.name, c.direction, c.state])
        check(s === null || (typeof s === 'string' && s !== ''), 'line/direction/state: null or non-empty string', s);
      check(typeof c.callListMode === 'boolean', 'callListMode is boolean', c.callListMode);
      return;
    }
    case 'muteButtonClick':
    case 'holdButtonClick':
      check(typeof value === 'boolean' && value === raw, 'the boolean sent', value);
      return;
    case 'addCommentButtonClick':
      check(typeof value === 'string' && value === raw, 'the comment sent', value);
      return;
    case 'dialpadButtonClick':
      check(typeof value === 'string' && /^[0-9*#]$/.test(value) && value === raw, 'one dialpad key', value);
      return;
    case 'qualityMeterClick':
      check(
        typeof value === 'string' &&
          /^[1-5]$/.test(value) &&
          (typeof raw === 'string' || typeof raw === 'number') &&
          String(raw) === value,
        '"1".."5"',
        value,
      );
      return;
    case 'transferButtonClick': {
      const t = value as TransferTarget;
      const o = raw as TransferTarget;
      check(
        Object.isFrozen(t) && Object.keys(t).sort().join() === 'phoneNumber,target',
        'frozen {phoneNumber, target}',
      );
      check(
        typeof t.phoneNumber === 'string' &&
          t.phoneNumber === o.phoneNumber &&
          typeof t.target === 'string' &&
          t.target === o.target,
        'the transfer sent',
      );
      return;
    }
    case 'callStateChanged':
      check(
        (value === 'idle' || value === 'connecting' || value === 'connected') && value === raw,
        'one of the three call states, as sent',
        value,
      );
      return;
    case 'closeButtonClick':
    case 'cancelTransferButtonClick':
    case 'completeTransferButtonClick':
    case 'hangupButtonClick':
    case 'nextButtonClick':
    case 'skipButtonClick':
    case 'answerButtonClick':
    case 'makeCallButtonClick':
    case 'notifyAdminButtonClick':
    case 'beforeClose':
      check(value === undefined, 'events without data give undefined', value);
      return;
    default:
      check(false, 'an event this suite does not know: add its contract', event);
  }
}

function parseEventSafely<K extends CallCardEventName>(event: K, raw: unknown): ParseEventResult<K> {
  let r: ParseEventResult<K> | undefined;
  let threw: unknown = null;
  try {
    r = parseCallCardEvent(event, raw);
  } catch (e) {
    threw = e ?? '(thrown undefined/null)';
  }
  check(threw === null, `parseCallCardEvent(${event}) threw`, threw);
  return r!;
}

function expectEventContract(event: CallCardEventName, raw: unknown, r: ParseEventResult<CallCardEventName>): void {
  check(
    Object.keys(r).sort().join() === (r.ok ? 'ok,value' : 'error,ok'),
    'result is {ok, value} or {ok, error}',
    Object.keys(r),
  );
  if (r.ok === true) expectEventValue(event, raw, r.value);
  else {
    check(r.ok === false, 'ok is a boolean', r.ok);
    expectPayloadError(r.error, raw, event);
  }
}

/** Checks every event on one payload; reports all events that broke their contract at once. */
function expectAllEvents(value: unknown): void {
  const broken: string[] = [];
  for (const event of CALL_CARD_EVENTS) {
    try {
      expectEventContract(event, value, parseEventSafely(event, value));
    } catch (e) {
      broken.push(`${event}: ${(e as Error).message}`);
    }
  }
  check(broken.length === 0, broken.join('\n'));
}

describe('parseCallCardEvent: properties (each run checks every event in CALL_CARD_EVENTS)', () => {
  it('covers the 19 documented events (17 of PAGE_BACKGROUND_WORKER, beforeClose and callStateChanged of CALL_CARD)', () => {
    expect(CALL_CARD_EVENTS).toHaveLength(19);
    expect(new Set(CALL_CARD_EVENTS).size).toBe(19);
    expect(CALL_CARD_EVENTS).toEqual(expect.arrayContaining(['beforeClose', 'callStateChanged', 'entityChanged']));
  });

  it('valid, near-valid and hostile-but-inert payloads: never throws; values well-formed, errors hold raw and the event', () => {
    fc.assert(
      fc.property(fc.oneof(eventSpecific, inertPayload), (raw) => expectAllEvents(raw)),
      { numRuns: RUNS },
    );
  });

  it('payloads that throw when read (getters, Proxies): never throws, result obeys the contract', () => {
    fc.assert(
      fc.property(hostileSpec, (spec) => expectAllEvents(buildHostile(spec))),
      { numRuns: RUNS },
    );
  });

  it('accepts every documented valid value', () => {
    for (const k of ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '#'])
      expect(parseCallCardEvent('dialpadButtonClick', k)).toEqual({ ok: true, value: k });
    for (const q of ['1', '2', '3', '4', '5', 1, 5])
      expect(parseCallCardEvent('qualityMeterClick', q)).toEqual({ ok: true, value: String(q) });
    for (const b of [true, false]) expect(parseCallCardEvent('muteButtonClick', b)).toEqual({ ok: true, value: b });
    expect(parseCallCardEvent('addCommentButtonClick', 'hello')).toEqual({ ok: true, value: 'hello' });
    expect(parseCallCardEvent('transferButtonClick', { phoneNumber: '+1', target: 'u1' })).toEqual({
      ok: true,
      value: { phoneNumber: '+1', target: 'u1' },
    });
    expect(parseCallCardEvent('closeButtonClick', [])).toEqual({ ok: true, value: undefined });
    expect(parseCallCardEvent('hangupButtonClick', '')).toEqual({ ok: true, value: undefined });
    for (const raw of [[], '', undefined])
      expect(parseCallCardEvent('beforeClose', raw)).toEqual({ ok: true, value: undefined });
    for (const state of ['idle', 'connecting', 'connected'])
      expect(parseCallCardEvent('callStateChanged', state)).toEqual({ ok: true, value: state });
    fc.assert(
      fc.property(validPayload, fc.stringMatching(/^[\w.]{1,40}$/), (p, callId) => {
        const r = parseEventSafely('initialized', {
          ...p,
          CALL_ID: callId,
          CALL_DIRECTION: 'incoming',
          CALL_STATE: 'connected',
          CALL_LIST_MODE: false,
        });
        check(r.ok, 'a valid initialized payload parses');
        check(sameFields(Object.freeze({ ...r.value }) as never, expectedEntity(p)), 'entity fields as documented');
        check(
          r.value.callId === callId &&
            r.value.direction === 'incoming' &&
            r.value.state === 'connected' &&
            r.value.callListMode === false,
          'call fields',
        );
      }),
      { numRuns: RUNS },
    );
  });

  it('qualityMeterClick with an object that has no usable toString (JSON {"toString":1}, null prototype) → {ok:false}, no throw', () => {
    for (const raw of [JSON.parse('{"toString":1}') as unknown, Object.create(null) as unknown]) {
      const r = parseEventSafely('qualityMeterClick', raw);
      expect(r.ok).toBe(false);
      if (!r.ok) expectPayloadError(r.error, raw, 'qualityMeterClick');
    }
  });

  it('an initialized payload with a bad CRM field reports the initialized event, not entityChanged', () => {
    const raw = { CALL_ID: 'c1', PHONE_NUMBER: '+1', CRM_ENTITY_TYPE: 'LEAD', CRM_ENTITY_ID: -1 };
    const r = parseEventSafely('initialized', raw);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.field).toBe('CRM_ENTITY_ID');
      expect(r.error.event).toBe('initialized');
      expect(r.error.message).toContain('initialized');
    }
  });
});

/**
 * Property tests of the two payload parsers: `parseEntityChangedPayload` and
 * `parseCallCardEvent` (for every event in CALL_CARD_EVENTS). Both are documented to never throw.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CALL_CARD_EVENTS,
  parseCallCardEvent,
  parseEntityChangedPayload,
  type CallCardCall,
  type CallCardEntity,
  type CallCardEventName,
  type ParseEntityResult,
  type ParseEventResult,
  type TransferTarget,
} from '@b24-callcard/core';
import {
  RUNS,
  buildHostile,
  entityIdNumber,
  expectPayloadError,
  expectPrototypesUnchanged,
  check,
  expectValidEntity,
  expectedEntity,
  fieldsOf,
  sameFields,
  hostileSpec,
  hugeString,
  inertPayload,
  isNoPhone,
  nearValidPayload,
  poisonedPayload,
  protoJson,
  realPhone,
  snapshotPrototypes,
  validPayload,
} from './arbitraries';

let protos: ReturnType<typeof snapshotPrototypes>;
beforeAll(() => void (protos = snapshotPrototypes()));
afterAll(() => expectPrototypesUnchanged(protos));

/** Parses, failing the run (not crashing the runner) if the parser throws. */
function parseSafely(raw: unknown): ParseEntityResult {
  let r: ParseEntityResult | undefined;
  let threw: unknown = null;
  try {
    r = parseEntityChangedPayload(raw);
  } catch (e) {
    threw = e ?? '(thrown undefined/null)';
  }
  check(threw === null, 'parseEntityChangedPayload threw', threw);
  return r!;
}

/** The contract: {ok:true, entity} obeying the invariants, or {ok:false, error} holding raw. */
function expectParseContract(raw: unknown, r: ParseEntityResult): void {
  check(
    Object.keys(r).sort().join() === (r.ok ? 'entity,ok' : 'error,ok'),
    'result is {ok, entity} or {ok, error}',
    Object.keys(r),
  );
  if (r.ok === true) expectValidEntity(r.entity, raw);
  else {
    check(r.ok === false, 'ok is a boolean', r.ok);
    expectPayloadError(r.error, raw);
  }
}

describe('parseEntityChangedPayload: properties', () => {
  it('valid payloads normalise exactly as documented', () => {
    fc.assert(
      fc.property(validPayload, (raw) => {
        const r = parseSafely(raw);
        expectParseContract(raw, r);
        check(r.ok, 'a valid payload parses', raw);
        check(
          sameFields(r.entity, expectedEntity(raw)),
          'normalised as documented',
          JSON.stringify(fieldsOf(r.entity)),
        );
      }),
      { numRuns: RUNS },
    );
  });

  it('a numeric-string id (≤ 15 digits) gives the same entity as the number', () => {
    fc.assert(
      fc.property(
        validPayload,
        fc.integer({ min: 0, max: 999_999_999_999_999 }),
        fc.nat({ max: 3 }),
        (p, id, zeros) => {
          const asNumber = parseSafely({ ...p, CRM_ENTITY_ID: id });
          const asString = parseSafely({
            ...p,
            CRM_ENTITY_ID: '0'.repeat(Math.min(zeros, 15 - String(id).length)) + String(id),
          });
          check(asNumber.ok && asString.ok, 'both forms parse');
          check(asString.entity.entityId === asNumber.entity.entityId, 'same id', asString.entity.entityId);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('hidden/unknown/empty phones, in any case and padding, become null; other fields untouched', () => {
    const hiddenish = fc
      .tuple(
        fc.constantFrom('hidden', 'unknown', ''),
        fc.array(fc.boolean(), { maxLength: 7 }),
        fc.constantFrom('', ' ', '\t', '\n '),
        fc.constantFrom('', ' ', '\u00a0'),
      )
      .map(([w, caps, pre, post]) => pre + [...w].map((c, i) => (caps[i] ? c.toUpperCase() : c)).join('') + post);
    fc.assert(
      fc.property(validPayload, hiddenish, (p, phone) => {
        const r = parseSafely({ ...p, PHONE_NUMBER: phone });
        check(r.ok, 'parses');
        check(r.entity.phoneNumber === null, 'no-number phone → null', r.entity.phoneNumber);
        check(sameFields(r.entity, { ...expectedEntity(p), phoneNumber: null }), 'other fields untouched');
      }),
      { numRuns: RUNS },
    );
  });

  it('near-valid and hostile-but-inert payloads: never throws, result obeys the contract', () => {
    fc.assert(
      fc.property(inertPayload, (raw) => expectParseContract(raw, parseSafely(raw))),
      { numRuns: RUNS },
    );
  });

  it('rejects what the docs call invalid: negative, fractional, non-finite or non-numeric ids, wrong field types', () => {
    const badId = fc.oneof(
      fc.integer({ min: -1e9, max: -1 }),
      fc
        .double({ noNaN: false })
        .filter((d) => !Number.isSafeInteger(d) || d < 0)
        .filter((d) => !Object.is(d, -0)),
      fc.constantFrom(NaN, Infinity, -Infinity, 1.5, '1.5', '-1', '1e3', 'x', ' 1', '0x10', '１７', true, [1], {
        v: 1,
      }),
      fc.constantFrom('9'.repeat(100_001), '0'.repeat(100_000) + '1'),
    );
    const badField = fc.oneof(
      badId.map((v) => ['CRM_ENTITY_ID', v] as const),
      fc.constantFrom(1, true, ['+1'], { n: '+1' }, 15550100).map((v) => ['PHONE_NUMBER', v] as const),
      fc.constantFrom(1, true, ['LEAD'], { t: 'LEAD' }).map((v) => ['CRM_ENTITY_TYPE', v] as const),
    );
    fc.assert(
      fc.property(validPayload, badField, (p, [field, value]) => {
        const raw = { ...p, [field]: value };
        const r = parseSafely(raw);
        expectParseContract(raw, r);
        check(!r.ok, 'rejected', fieldsOf(r.ok ? r.entity : null) && JSON.stringify(fieldsOf(r.ok ? r.entity : null)));
        check(r.error.field === field, `error.field is ${field}`, r.error.field);
      }),
      { numRuns: RUNS },
    );
  });

  it('__proto__ / constructor / prototype keys (JSON.parse) are plain data: no pollution, no inherited fields', () => {
    fc.assert(
      fc.property(fc.oneof(protoJson, poisonedPayload), (raw) => {
        expectParseContract(raw, parseSafely(raw));
        const probe = {} as Record<string, unknown>;
        check(probe.polluted === undefined && probe.PHONE_NUMBER === undefined, 'Object.prototype not polluted');
      }),
      { numRuns: RUNS },
    );
    // The payload fields nested under "__proto__" are not read as the payload's own.
    const r = parseEntityChangedPayload(JSON.parse('{"__proto__":{"PHONE_NUMBER":"+666","CRM_ENTITY_ID":6}}'));
    expect(r.ok && r.entity.phoneNumber === null && r.entity.entityId === null).toBe(true);
  });

  it('payloads that throw when read (throwing getters, Proxies): never throws, result obeys the contract', () => {
    fc.assert(
      fc.property(hostileSpec, (spec) => {
        const raw = buildHostile(spec);
        expectParseContract(raw, parseSafely(raw));
      }),
      { numRuns: RUNS },
    );
  });
});

describe('parseEntityChangedPayload: minimal reproductions of throwing inputs', () => {
  const getter = () =>
    Object.defineProperty({ CRM_ENTITY_TYPE: 'CONTACT', CRM_ENTITY_ID: 17 }, 'PHONE_NUMBER', {
      enumerable: true,
      get() {
        throw new Error('getter boom');
      },
    });
  const proxy = () =>
    new Proxy(
      { PHONE_NUMBER: '+1', CRM_ENTITY_TYPE: 'LEAD', CRM_ENTITY_ID: 1 },
      {
        get() {
          throw new Error('get trap boom');
        },
      },
    );
  const gopd = () =>
    new Proxy(
      {},
      {
        getOwnPropertyDescriptor() {
          throw new Error('gopd trap boom');
        },
      },
    );
  const revoked = () => {
    const r = Proxy.revocable({}, {});
    r.revoke();
    return r.proxy;
  };
  it.each([
    ['an own getter that throws', getter],
    ['a Proxy whose get trap throws', proxy],
    ['a Proxy whose getOwnPropertyDescriptor trap throws', gopd],
    ['a revoked Proxy', revoked],
  ])('%s → {ok:false} with a CallCardPayloadError holding raw', (_label, make) => {
    const raw = make();
    const r = parseSafely(raw);
    expect(r.ok).toBe(false);
    if (!r.ok) expectPayloadError(r.error, raw);
  });
});

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
    default:
      check(value === undefined, 'events without data give undefined', value);
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
function expectAllEvents(raw: () => unknown): void {
  const broken: string[] = [];
  for (const event of CALL_CARD_EVENTS) {
    try {
      const value = raw();
      expectEventContract(event, value, parseEventSafely(event, value));
    } catch (e) {
      broken.push(`${event}: ${(e as Error).message}`);
    }
  }
  check(broken.length === 0, broken.join('\n'));
}

describe('parseCallCardEvent: properties (each run checks every event in CALL_CARD_EVENTS)', () => {
  it('covers the 17 documented events', () => {
    expect(CALL_CARD_EVENTS).toHaveLength(17);
    expect(new Set(CALL_CARD_EVENTS).size).toBe(17);
  });

  it('valid, near-valid and hostile-but-inert payloads: never throws; values well-formed, errors hold raw and the event', () => {
    fc.assert(
      fc.property(fc.oneof(eventSpecific, inertPayload), (raw) => expectAllEvents(() => raw)),
      { numRuns: RUNS },
    );
  });

  it('payloads that throw when read (getters, Proxies): never throws, result obeys the contract', () => {
    fc.assert(
      fc.property(hostileSpec, (spec) => expectAllEvents(() => buildHostile(spec))),
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

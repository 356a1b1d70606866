/**
 * @vitest-environment node
 * (pure logic, no DOM: the node environment starts in milliseconds where jsdom takes about a second)
 *
 * Property tests of `parseEntityChangedPayload`, documented to never throw: valid, near-valid
 * and hostile payloads (10 000 runs per property), and no prototype pollution afterwards.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseEntityChangedPayload, type CallCardEntity, type ParseResult } from '@b24-callcard/core';
import {
  RUNS,
  buildHostile,
  expectPayloadError,
  guardPrototypes,
  check,
  expectValidEntity,
  expectedEntity,
  fieldsOf,
  sameFields,
  hostileSpec,
  inertPayload,
  poisonedPayload,
  protoJson,
  validPayload,
} from './arbitraries';

guardPrototypes();

type ParseEntityResult = ParseResult<CallCardEntity>;

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

/** The contract: {ok:true, value} obeying the invariants, or {ok:false, error} holding raw. */
function expectParseContract(raw: unknown, r: ParseEntityResult): void {
  check(
    Object.keys(r).sort().join() === (r.ok ? 'ok,value' : 'error,ok'),
    'result is {ok, value} or {ok, error}',
    Object.keys(r),
  );
  if (r.ok === true) expectValidEntity(r.value, raw);
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
        check(sameFields(r.value, expectedEntity(raw)), 'normalised as documented', JSON.stringify(fieldsOf(r.value)));
      }),
      { numRuns: RUNS },
    );
  });

  it('a numeric-string id (any safe integer, ≤ 16 digits) gives the same entity as the number', () => {
    fc.assert(
      fc.property(validPayload, fc.maxSafeNat(), fc.nat({ max: 3 }), (p, id, zeros) => {
        const asNumber = parseSafely({ ...p, CRM_ENTITY_ID: id });
        const asString = parseSafely({
          ...p,
          CRM_ENTITY_ID: '0'.repeat(Math.min(zeros, 16 - String(id).length)) + String(id),
        });
        check(asNumber.ok && asString.ok, 'both forms parse');
        check(asString.value.entityId === asNumber.value.entityId, 'same id', asString.value.entityId);
      }),
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
        check(r.value.phoneNumber === null, 'no-number phone → null', r.value.phoneNumber);
        check(sameFields(r.value, { ...expectedEntity(p), phoneNumber: null }), 'other fields untouched');
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
        check(!r.ok, 'rejected', fieldsOf(r.ok ? r.value : null) && JSON.stringify(fieldsOf(r.ok ? r.value : null)));
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
    expect(r.ok && r.value.phoneNumber === null && r.value.entityId === null).toBe(true);
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

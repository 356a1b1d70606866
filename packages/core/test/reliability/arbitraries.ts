/**
 * Shared fast-check arbitraries and invariant checks of the reliability suite.
 *
 * Values that throw when touched (getters, Proxies) are generated as plain *specs* and built
 * inside each run by {@link buildHostile}: fast-check prints the spec of a counterexample, and
 * printing never touches a trap.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, expect } from 'vitest';
import {
  CallCardError,
  CallCardPayloadError,
  CallCardUnsupportedError,
  type CallCardEntity,
  type CallCardState,
} from '@b24-callcard/core';

export const RUNS = 10_000;

const NO_PHONE = ['hidden', 'unknown', ''];
/** Whether a phone string means "no number" (the documented `hidden` / `unknown` / `""`, any case, padded). */
export const isNoPhone = (p: string): boolean => NO_PHONE.includes(p.trim().toLowerCase());

// ---------------------------------------------------------------------------------------------
// Valid payloads, with an independent oracle of the documented normalisation.

export const realPhone = fc.stringMatching(/^\+?[1-9]\d{2,14}$/);
export const noPhone = fc.constantFrom('hidden', 'unknown', '');
export const knownType = fc.constantFrom('LEAD', 'CONTACT', 'COMPANY', 'DEAL');
export const entityIdNumber = fc.oneof(
  fc.constant(0),
  fc.integer({ min: 1, max: 2 ** 31 }),
  fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
);
/** Numeric strings as some portal code paths send them: at most 15 digits, leading zeros allowed. */
export const entityIdString = fc.stringMatching(/^\d{1,15}$/);

export interface RawEntityPayload {
  PHONE_NUMBER: string;
  CRM_ENTITY_TYPE: string;
  CRM_ENTITY_ID: number | string;
}

/** A payload as the wire-protocol facts describe it (all three fields, documented types). */
export const validPayload: fc.Arbitrary<RawEntityPayload> = fc.record({
  PHONE_NUMBER: fc.oneof(realPhone, noPhone),
  CRM_ENTITY_TYPE: fc.oneof(knownType, fc.constant('')),
  CRM_ENTITY_ID: fc.oneof(entityIdNumber, entityIdString, fc.constant('')),
});

/** What the documented rules say a valid payload normalises to. */
export function expectedEntity(p: RawEntityPayload): Omit<CallCardEntity, 'raw'> {
  const id = typeof p.CRM_ENTITY_ID === 'string' ? Number(p.CRM_ENTITY_ID) : p.CRM_ENTITY_ID;
  return {
    phoneNumber: isNoPhone(p.PHONE_NUMBER) ? null : p.PHONE_NUMBER,
    entityType: p.CRM_ENTITY_TYPE === '' ? null : p.CRM_ENTITY_TYPE,
    entityId: id === 0 ? null : id,
  };
}

/** A valid payload that surely names a client (non-null id), tagged by id range. */
export const namedClient = (min: number, max: number): fc.Arbitrary<RawEntityPayload> =>
  fc.record({
    PHONE_NUMBER: realPhone,
    CRM_ENTITY_TYPE: knownType,
    CRM_ENTITY_ID: fc.integer({ min, max }),
  });

// ---------------------------------------------------------------------------------------------
// Near-valid and hostile data that does not throw when read.

/** Strings of 100k+ characters, built by repetition (generating them char by char is slow). */
const HUGE = ['9', '0', '+1', 'hidden ', 'x', '\u0000', '😀', ' ', 'ä', '"', '\\', 'LEAD', '{"PHONE_NUMBER":'].map(
  (unit, i) => unit.repeat(Math.ceil((100_000 + i * 1_777) / unit.length)),
);
HUGE.push(' '.repeat(100_000) + 'hidden' + ' '.repeat(100_000), '1'.repeat(100_001));
export const hugeString = fc.constantFrom(...HUGE);

const oddNumber = fc.constantFrom(
  NaN,
  Infinity,
  -Infinity,
  -0,
  -1,
  1.5,
  0.1,
  -17,
  Number.MAX_SAFE_INTEGER + 1,
  Number.MAX_VALUE,
  Number.MIN_VALUE,
  2 ** 53,
  1e21,
);

const nearPhone = fc.oneof(
  realPhone,
  noPhone,
  fc.constantFrom(
    'HIDDEN',
    'Hidden',
    'UNKNOWN',
    'Unknown',
    ' hidden ',
    '\thidden\n',
    ' unknown',
    ' ',
    '\u00a0',
    'null',
    'undefined',
    '0',
  ),
  fc.constantFrom(null, undefined, 0, 15550100, true, false),
  fc.string(),
  hugeString,
  oddNumber,
);
const nearType = fc.oneof(
  knownType,
  fc.constantFrom('', 'contact', 'Lead', 'deal ', ' COMPANY', 'DYNAMIC_128', 'SMART_INVOICE'),
  fc.constantFrom(null, undefined, 0, 1, true, ['LEAD']),
  fc.string(),
  hugeString,
);
const nearId = fc.oneof(
  entityIdNumber,
  entityIdString,
  fc.constantFrom(
    '',
    '0',
    '00',
    '017',
    ' 17',
    '17 ',
    '1e3',
    '0x1F',
    '-1',
    '+1',
    '1.5',
    '17.0',
    'NaN',
    'Infinity',
    '１７',
    '٣',
    '9007199254740993',
    '1234567890123456',
  ),
  fc.constantFrom(null, undefined, true, false, [17], { id: 17 }, 17n),
  oddNumber,
  fc.double(),
  fc.integer({ min: -1_000_000, max: -1 }),
  hugeString,
);
/** Wrong-case or misspelled keys the parser must not pick up. */
const wrongKey = fc.constantFrom(
  'phone_number',
  'Phone_Number',
  'crm_entity_type',
  'CRM_ENTITY_Id',
  'CRM_ENTITY_ID ',
  ' PHONE_NUMBER',
  'PHONENUMBER',
);

/** Payload-shaped objects with fields from the near-valid pools; fields may be missing, keys may be misspelled. */
export const nearValidPayload: fc.Arbitrary<Record<string, unknown>> = fc
  .tuple(
    fc.record({ PHONE_NUMBER: nearPhone, CRM_ENTITY_TYPE: nearType, CRM_ENTITY_ID: nearId }, { requiredKeys: [] }),
    fc.dictionary(fc.oneof(wrongKey, fc.string()), fc.jsonValue(), { maxKeys: 3 }),
  )
  .map(([fields, extra]) => {
    const o: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(extra))
      Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
    return Object.assign(o, fields);
  });

/** A JSON text with `__proto__`, `constructor` and `prototype` keys, parsed: they become own data properties. */
export const protoJson: fc.Arbitrary<unknown> = fc
  .letrec((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.jsonValue({ maxDepth: 1 }).map((v) => JSON.stringify(v)),
      fc
        .array(
          fc.tuple(
            fc.constantFrom(
              '__proto__',
              'constructor',
              'prototype',
              'PHONE_NUMBER',
              'CRM_ENTITY_TYPE',
              'CRM_ENTITY_ID',
              'polluted',
              'toString',
              'valueOf',
              'hasOwnProperty',
            ),
            tie('node') as fc.Arbitrary<string>,
          ),
          { maxLength: 5 },
        )
        .map((entries) => '{' + entries.map(([k, v]) => JSON.stringify(k) + ':' + v).join(',') + '}'),
    ),
  }))
  .node.map((text) => JSON.parse(text as string) as unknown);

/** Always includes a poisoned `__proto__` / `constructor.prototype` next to payload fields. */
export const poisonedPayload: fc.Arbitrary<unknown> = fc
  .tuple(validPayload, fc.constantFrom('__proto__', 'constructor', 'prototype'), fc.jsonValue({ maxDepth: 2 }))
  .map(
    ([p, key, junk]) =>
      JSON.parse(
        `{${JSON.stringify(key)}:{"polluted":"yes","PHONE_NUMBER":"+666","prototype":{"polluted":"yes"},"x":${JSON.stringify(junk)}},` +
          `"constructor":{"prototype":{"polluted":"yes"}},` +
          JSON.stringify(p).slice(1),
      ) as unknown,
  );

/** Values no JSON message can carry. */
const exotic = fc.oneof(
  fc.string().map((s) => Symbol(s)),
  fc.constant(Symbol.iterator),
  fc.constantFrom(
    () => 1,
    function named() {},
    class Foo {},
    Math.max,
  ),
  fc.bigInt(),
  fc.constantFrom(
    new Date(NaN),
    /re/g,
    new Map([['PHONE_NUMBER', '+1']]),
    new Set([1]),
    new ArrayBuffer(8),
    new Uint8Array(4),
    Promise.resolve(1),
    new WeakMap(),
  ),
  fc.constantFrom(new String('{}'), new Number(17), new Boolean(false)),
);

/** Objects that are not plain: inherited payload fields, null prototypes, non-throwing getters, frozen, arrays with payload keys. */
const oddObject = fc.oneof(
  validPayload.map((p) => Object.create(p) as unknown),
  validPayload.map((p) => Object.assign(Object.create(null) as object, p) as unknown),
  validPayload.map((p) => Object.freeze({ ...p })),
  validPayload.map((p) => Object.seal({ ...p })),
  validPayload.map((p) => Object.assign([p.PHONE_NUMBER, p.CRM_ENTITY_TYPE, p.CRM_ENTITY_ID], p) as unknown),
  validPayload.map((p) => ({
    get PHONE_NUMBER() {
      return p.PHONE_NUMBER;
    },
    CRM_ENTITY_TYPE: p.CRM_ENTITY_TYPE,
    CRM_ENTITY_ID: p.CRM_ENTITY_ID,
  })),
  validPayload.map((p) => ({ ...p, [Symbol('PHONE_NUMBER')]: 'x', [Symbol.toPrimitive]: () => 1 })),
  fc
    .tuple(validPayload, exotic, fc.constantFrom('PHONE_NUMBER', 'CRM_ENTITY_TYPE', 'CRM_ENTITY_ID'))
    .map(([p, v, k]) => ({ ...p, [k]: v })),
  fc
    .tuple(
      validPayload,
      fc.anything({ maxDepth: 2 }),
      fc.constantFrom('PHONE_NUMBER', 'CRM_ENTITY_TYPE', 'CRM_ENTITY_ID'),
    )
    .map(([p, v, k]) => ({ ...p, [k]: v })),
  fc.constant(JSON.parse('{"toString":1,"valueOf":{}}') as unknown),
  fc.constant(Object.create(null) as unknown),
);

const junk = fc.anything({
  maxDepth: 2,
  maxKeys: 4,
  withBigInt: true,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withNullPrototype: true,
  withObjectString: true,
  withTypedArray: true,
  withSparseArray: true,
});

/** Everything that must not throw when read: valid, near-valid and hostile-but-inert data. */
export const inertPayload: fc.Arbitrary<unknown> = fc.oneof(
  validPayload,
  nearValidPayload,
  protoJson,
  poisonedPayload,
  oddObject,
  exotic,
  junk,
  hugeString,
  oddNumber,
  fc.array(fc.oneof(validPayload, junk), { maxLength: 4 }),
  fc.constantFrom(null, undefined, '', 'hidden', 0, -0, true, '{"PHONE_NUMBER":"+1"}'),
);

// ---------------------------------------------------------------------------------------------
// Values that throw when touched.

export type HostileKind =
  | 'throwingGetter'
  | 'proxyGet'
  | 'proxyHas'
  | 'proxyOwnKeys'
  | 'proxyGetOwnPropertyDescriptor'
  | 'proxyGetPrototypeOf'
  | 'proxyAllTraps'
  | 'revokedProxy'
  | 'throwingToPrimitive';

export interface HostileSpec {
  kind: HostileKind;
  /** For `throwingGetter`: which own property is a getter that throws. */
  key: string;
  /** What the trap or getter throws. */
  thrown: 'Error' | 'string' | 'undefined' | 'null' | 'object';
  /** The payload the value wraps. */
  base: RawEntityPayload;
  /** Whether the hostile value sits in a payload field rather than being the payload. */
  nested: null | 'PHONE_NUMBER' | 'CRM_ENTITY_TYPE' | 'CRM_ENTITY_ID' | 'CALL_ID' | 'phoneNumber';
}

export const hostileSpec: fc.Arbitrary<HostileSpec> = fc.record({
  kind: fc.constantFrom<HostileKind>(
    'throwingGetter',
    'proxyGet',
    'proxyHas',
    'proxyOwnKeys',
    'proxyGetOwnPropertyDescriptor',
    'proxyGetPrototypeOf',
    'proxyAllTraps',
    'revokedProxy',
    'throwingToPrimitive',
  ),
  key: fc.constantFrom(
    'PHONE_NUMBER',
    'CRM_ENTITY_TYPE',
    'CRM_ENTITY_ID',
    'CALL_ID',
    'phoneNumber',
    'target',
    'LINE_NAME',
  ),
  thrown: fc.constantFrom('Error', 'string', 'undefined', 'null', 'object'),
  base: validPayload,
  nested: fc.oneof(
    { weight: 3, arbitrary: fc.constant(null) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        'PHONE_NUMBER' as const,
        'CRM_ENTITY_TYPE' as const,
        'CRM_ENTITY_ID' as const,
        'CALL_ID' as const,
        'phoneNumber' as const,
      ),
    },
  ),
});

const thrownValue = (t: HostileSpec['thrown']): unknown =>
  t === 'Error'
    ? new Error('hostile')
    : t === 'string'
      ? 'hostile'
      : t === 'undefined'
        ? undefined
        : t === 'null'
          ? null
          : { hostile: true };

/** Builds the value a spec describes: every trap or getter it names throws. */
export function buildHostile(spec: HostileSpec): unknown {
  const boom = (): never => {
    throw thrownValue(spec.thrown);
  };
  const target: Record<string, unknown> = { ...spec.base, CALL_ID: 'c1', phoneNumber: '+1', target: 'u1' };
  let value: unknown;
  switch (spec.kind) {
    case 'throwingGetter':
      value = Object.defineProperty(target, spec.key, { get: boom, enumerable: true, configurable: true });
      break;
    case 'proxyGet':
      value = new Proxy(target, { get: boom });
      break;
    case 'proxyHas':
      value = new Proxy(target, { has: boom });
      break;
    case 'proxyOwnKeys':
      value = new Proxy(target, { ownKeys: boom });
      break;
    case 'proxyGetOwnPropertyDescriptor':
      value = new Proxy(target, { getOwnPropertyDescriptor: boom });
      break;
    case 'proxyGetPrototypeOf':
      value = new Proxy(target, { getPrototypeOf: boom });
      break;
    case 'proxyAllTraps':
      value = new Proxy(target, {
        get: boom,
        has: boom,
        ownKeys: boom,
        getOwnPropertyDescriptor: boom,
        getPrototypeOf: boom,
        set: boom,
        defineProperty: boom,
        deleteProperty: boom,
        isExtensible: boom,
        preventExtensions: boom,
        setPrototypeOf: boom,
        apply: boom,
        construct: boom,
      });
      break;
    case 'revokedProxy': {
      const r = Proxy.revocable(target, {});
      r.revoke();
      value = r.proxy;
      break;
    }
    case 'throwingToPrimitive':
      value = Object.assign(target, { [Symbol.toPrimitive]: boom, toString: boom, valueOf: boom });
      break;
  }
  return spec.nested ? { ...spec.base, CALL_ID: 'c1', target: 'u1', [spec.nested]: value } : value;
}

/** A payload to feed anywhere: inert most of the time, sometimes a value that throws when touched. */
export type PayloadCase = { inert: unknown } | { hostile: HostileSpec };
export const anyPayloadCase: fc.Arbitrary<PayloadCase> = fc.oneof(
  { weight: 3, arbitrary: inertPayload.map((inert) => ({ inert })) },
  { weight: 1, arbitrary: hostileSpec.map((hostile) => ({ hostile })) },
);
export const materialise = (c: PayloadCase): unknown => ('hostile' in c ? buildHostile(c.hostile) : c.inert);

// ---------------------------------------------------------------------------------------------
// Invariants. Plain checks, not `expect`: they run hundreds of thousands of times per suite.

const show = (v: unknown): string => {
  try {
    const s = typeof v === 'string' ? JSON.stringify(v) : String(v);
    return s.length > 120 ? s.slice(0, 120) + '…' : s;
  } catch {
    return Object.prototype.toString.call(v);
  }
};

/** Fails the current run with `what` (and the offending value) unless `cond` holds. */
export function check(cond: unknown, what: string, value?: unknown): asserts cond {
  if (!cond) throw new Error(arguments.length > 2 ? `${what} (got ${show(value)})` : what);
}

const ENTITY_KEYS = 'entityId,entityType,phoneNumber,raw';

/** The documented normalisation invariants of an entity. */
export function expectValidEntity(entity: CallCardEntity, raw: unknown): void {
  check(typeof entity === 'object' && entity !== null, 'entity is an object', entity);
  check(Object.isFrozen(entity), 'entity is frozen');
  check(
    Object.keys(entity).sort().join() === ENTITY_KEYS,
    'entity has exactly phoneNumber, entityType, entityId, raw',
    Object.keys(entity),
  );
  check(Object.is(entity.raw, raw), 'entity.raw is the input');
  const { entityId, phoneNumber, entityType } = entity;
  // 0 and -0 mean "nothing bound" → null, so a number is always > 0.
  check(
    entityId === null || (Number.isSafeInteger(entityId) && entityId > 0),
    'entityId is null or a positive safe integer',
    entityId,
  );
  check(
    phoneNumber === null || (typeof phoneNumber === 'string' && phoneNumber !== '' && !isNoPhone(phoneNumber)),
    'phoneNumber is null or a real number',
    phoneNumber,
  );
  check(
    entityType === null || (typeof entityType === 'string' && entityType !== ''),
    'entityType is null or a non-empty string',
    entityType,
  );
}

export function expectPayloadError(error: unknown, raw: unknown, event = 'entityChanged'): void {
  check(error instanceof CallCardPayloadError, 'error is a CallCardPayloadError', error);
  check(error.code === 'INVALID_PAYLOAD', 'error.code is INVALID_PAYLOAD', error.code);
  check(Object.is(error.raw, raw), 'error.raw is the input');
  check(typeof error.field === 'string' && error.field !== '', 'error.field names the field', error.field);
  check(error.event === event, `error.event is ${event}`, error.event);
}

export const STATUSES: readonly string[] = ['idle', 'connecting', 'listening', 'ready', 'unsupported', 'error'];

/**
 * A state is frozen, has a known status, a frozen valid entity or null, a CallCardError or null,
 * and matches its status as the `CallCardState` union says: `error` is non-null exactly when the
 * status is `unsupported` (a CallCardUnsupportedError) or `error`; `entity` is non-null when
 * `ready`; `idle`/`connecting` have no entity, error or placement; `listening` has a placement and
 * no entity.
 */
export function expectValidState(state: CallCardState): void {
  check(Object.isFrozen(state), 'state is frozen');
  check(
    Object.keys(state).sort().join() === 'entity,error,placement,status',
    'state has exactly status, entity, error, placement',
    Object.keys(state),
  );
  check(STATUSES.includes(state.status), 'status is a known status', state.status);
  if (state.entity !== null) expectValidEntity(state.entity, state.entity.raw);
  // Read through a wider type: the checks below are about values the union type rules out.
  const { status, entity, error, placement } = state as {
    status: string;
    entity: CallCardEntity | null;
    error: unknown;
    placement: unknown;
  };
  check(error === null || error instanceof CallCardError, 'error is null or a CallCardError', error);
  const failed = status === 'unsupported' || status === 'error';
  check((error !== null) === failed, `error is non-null exactly when unsupported/error (status ${status})`, error);
  if (status === 'unsupported')
    check(error instanceof CallCardUnsupportedError, 'unsupported → a CallCardUnsupportedError', error);
  if (status === 'ready') check(entity !== null, 'ready → an entity');
  if (status === 'idle' || status === 'connecting')
    check(entity === null && placement === null, `${status} → no entity, no placement`, { entity, placement });
  if (status === 'listening') {
    check(entity === null, 'listening → no entity', entity);
    check(typeof placement === 'string', 'listening → a placement', placement);
  }
  if (status === 'ready') check(typeof placement === 'string', 'ready → a placement', placement);
  check(placement === null || typeof placement === 'string', 'placement is null or a string', placement);
}

export const fieldsOf = (e: CallCardEntity | null) =>
  e && { phoneNumber: e.phoneNumber, entityType: e.entityType, entityId: e.entityId };
export const sameFields = (e: CallCardEntity | null, x: Omit<CallCardEntity, 'raw'>): boolean =>
  !!e && e.phoneNumber === x.phoneNumber && e.entityType === x.entityType && e.entityId === x.entityId;

// ---------------------------------------------------------------------------------------------
// Prototype pollution.

const PROTOS: Array<[string, object]> = [
  ['Object.prototype', Object.prototype],
  ['Array.prototype', Array.prototype],
  ['Function.prototype', Function.prototype],
  ['String.prototype', String.prototype],
  ['Number.prototype', Number.prototype],
];

/** A snapshot of the built-in prototypes' own properties, to compare after a run. */
export function snapshotPrototypes(): Map<string, Map<PropertyKey, PropertyDescriptor>> {
  return new Map(
    PROTOS.map(([name, proto]) => [
      name,
      new Map(Reflect.ownKeys(proto).map((k) => [k, Object.getOwnPropertyDescriptor(proto, k)!])),
    ]),
  );
}

export function expectPrototypesUnchanged(before: ReturnType<typeof snapshotPrototypes>): void {
  const after = snapshotPrototypes();
  for (const [name, props] of before) {
    const now = after.get(name)!;
    expect([...now.keys()].map(String), name).toEqual([...props.keys()].map(String));
    for (const [k, d] of props) {
      const n = now.get(k)!;
      expect(n.value === d.value && n.get === d.get && n.set === d.set, `${name}.${String(k)}`).toBe(true);
    }
  }
  const probe = {} as Record<string, unknown>;
  expect(probe.polluted).toBeUndefined();
  expect(probe.PHONE_NUMBER).toBeUndefined();
  expect(([] as unknown as Record<string, unknown>).polluted).toBeUndefined();
}

/** Checks, around a whole test file, that no built-in prototype was changed by what it ran. */
export function guardPrototypes(): void {
  let protos: ReturnType<typeof snapshotPrototypes>;
  beforeAll(() => void (protos = snapshotPrototypes()));
  afterAll(() => expectPrototypesUnchanged(protos));
}

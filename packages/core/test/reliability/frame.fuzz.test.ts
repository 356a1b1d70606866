/**
 * Random message fuzzing of the built-in frame transport: a client connected through
 * frameTransport to the fake portal (helpers/fakePortal.ts), then thousands of random messages
 * posted to the app window. Only a message with the portal's origin, the parent as source,
 * string data and our callback id may change the state; malformed JSON with our callback id is
 * the only thing that reaches onError.
 */
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { CallCardTransportError, createCallCardClient, frameTransport } from '@b24-callcard/core';
import { createFakeFrame } from '../helpers/fakePortal';
import { expectOnlyHostWarnings } from '../helpers/hostWarning';
import { check, expectValidState, expectedEntity, namedClient, sameFields, type RawEntityPayload } from './arbitraries';

// The frame transports here leave allowedHosts out: frameTransport's dev warning is expected (checked, not printed).
expectOnlyHostWarnings();

const EVENT = 'BackgroundCallCard::entityChanged';
const tick = () => new Promise((r) => setTimeout(r, 0));

/** Genuine clients have ids up to GENUINE_MAX; forged ones at least FORGED_MIN and a +666 number. */
const GENUINE_MAX = 999_999;
const FORGED_MIN = 1_000_000_000;
const genuine = namedClient(1, GENUINE_MAX);
const forged = namedClient(FORGED_MIN, 2 * FORGED_MIN).map((p) => ({
  ...p,
  PHONE_NUMBER: '+666' + p.PHONE_NUMBER.replace('+', ''),
}));

type IdVariant =
  'random' | 'truncated' | 'extended' | 'upper' | 'padded' | 'init' | 'empty' | 'noColon' | 'other32' | 'doubled';
type NonString = 'boxed' | 'array' | 'object' | 'arrayBuffer' | 'typed' | 'number' | 'null' | 'undefined' | 'any';
type Source = 'app' | 'object' | 'otherWindow' | 'jsdomWindow' | 'proxy';

type Msg =
  | { kind: 'genuine'; payload: RawEntityPayload }
  | { kind: 'wrongOrigin'; origin: string; payload: RawEntityPayload }
  | { kind: 'wrongSource'; source: Source; payload: RawEntityPayload }
  | { kind: 'nonString'; shape: NonString; any: unknown; payload: RawEntityPayload }
  | { kind: 'wrongId'; variant: IdVariant; random: string; payload: RawEntityPayload }
  | {
      kind: 'malformed';
      variant: 'prefix' | 'junkAfter' | 'literal';
      cut: number;
      literal: string;
      payload: RawEntityPayload;
    };

interface PortalConfig {
  label: string;
  name: string;
  origin: string;
  /** The right host with another scheme or port, and other near misses. */
  nearOrigins: string[];
}

const CONFIGS: PortalConfig[] = [
  {
    label: 'https portal example.bitrix24.com',
    name: 'example.bitrix24.com|1|sid123',
    origin: 'https://example.bitrix24.com',
    nearOrigins: [
      'http://example.bitrix24.com',
      'https://example.bitrix24.com:8443',
      'https://example.bitrix24.com:443',
      'http://example.bitrix24.com:443',
      'wss://example.bitrix24.com',
      'HTTPS://EXAMPLE.BITRIX24.COM',
      'https://example.bitrix24.com/',
      'https://example.bitrix24.com.evil.com',
      'https://evil.example.bitrix24.com',
      'https://example.bitrix24.co',
      'https://example-bitrix24.com',
      'https://example.bitrix24.com@evil.com',
      ' https://example.bitrix24.com',
      'https://example.bitrix24.com ',
      'null',
      '',
    ],
  },
  {
    label: 'http portal localhost:4000',
    name: 'localhost:4000|0|sid123',
    origin: 'http://localhost:4000',
    nearOrigins: [
      'https://localhost:4000',
      'http://localhost:4001',
      'http://localhost',
      'http://localhost:40000',
      'http://localhost:400',
      'http://127.0.0.1:4000',
      'http://localhost:4000/',
      'file://',
      'null',
      '',
    ],
  },
];

const messageArb = (cfg: PortalConfig): fc.Arbitrary<Msg> =>
  fc.oneof(
    { weight: 2, arbitrary: genuine.map((payload) => ({ kind: 'genuine' as const, payload })) },
    {
      weight: 3,
      arbitrary: fc.record({
        kind: fc.constant('wrongOrigin' as const),
        origin: fc
          .oneof(
            fc.constantFrom(...cfg.nearOrigins),
            fc.string(),
            fc.stringMatching(/^(https?|wss?|ftp):\/\/[a-z0-9.-]{1,30}(:[0-9]{1,5})?$/),
          )
          .filter((o) => o !== cfg.origin),
        payload: forged,
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('wrongSource' as const),
        source: fc.constantFrom<Source>('app', 'object', 'otherWindow', 'jsdomWindow', 'proxy'),
        payload: forged,
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('nonString' as const),
        shape: fc.constantFrom<NonString>(
          'boxed',
          'array',
          'object',
          'arrayBuffer',
          'typed',
          'number',
          'null',
          'undefined',
          'any',
        ),
        any: fc.anything({ maxDepth: 2, withTypedArray: true, withBoxedValues: true, withNullPrototype: true }),
        payload: forged,
      }),
    },
    {
      weight: 3,
      arbitrary: fc.record({
        kind: fc.constant('wrongId' as const),
        variant: fc.constantFrom<IdVariant>(
          'random',
          'truncated',
          'extended',
          'upper',
          'padded',
          'init',
          'empty',
          'noColon',
          'other32',
          'doubled',
        ),
        random: fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom('é', '😀', '\u0000', 'ID', '0'.repeat(32), ' ')),
        payload: forged,
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('malformed' as const),
        variant: fc.constantFrom('prefix' as const, 'junkAfter' as const, 'literal' as const),
        cut: fc.double({ min: 0, max: 1, noNaN: true }),
        literal: fc.constantFrom(
          ' ',
          '{',
          '}',
          'undefined',
          'NaN',
          "{'PHONE_NUMBER':'+1'}",
          '{"a":1,}',
          '[1,]',
          '01',
          '"unterminated',
          ':{}',
          '\u0000',
        ),
        payload: forged,
      }),
    },
  );

const parses = (s: string): boolean => {
  try {
    JSON.parse(s);
    return true;
  } catch {
    return false;
  }
};

/** A client listening through frameTransport; every exception of the message listener is captured, not swallowed. */
async function connect(cfg: PortalConfig) {
  const frame = createFakeFrame({ name: cfg.name, origin: cfg.origin });
  const thrown: unknown[] = [];
  const add = frame.win.addEventListener.bind(frame.win);
  let listeners = 0;
  const wrapped = (
    type: string,
    listener: EventListenerOrEventListenerObject,
    options?: boolean | AddEventListenerOptions,
  ): void => {
    listeners++;
    add(
      type,
      (e: Event) => {
        try {
          if (typeof listener === 'function') listener(e);
          else listener.handleEvent(e);
        } catch (err) {
          thrown.push(err ?? '(thrown undefined/null)');
        }
      },
      options,
    );
  };
  Object.assign(frame.win, { addEventListener: wrapped });
  const onError = vi.fn();
  const client = createCallCardClient({ transport: frameTransport({ window: frame.win }), onError });
  client.subscribe(() => {});
  await tick();
  expect(listeners).toBe(1);
  expect(client.getState()).toMatchObject({ status: 'listening', entity: null, error: null });
  expect(frame.commands.map((c) => c.method)).toEqual(['getInitData', 'placementBindEvent']);
  const id = frame.binds.get(EVENT)![0]!;
  const initId = frame.commands[0]!.callback;
  // Callback ids are `<counter base36><random base36>`: any length, [0-9a-z] only.
  expect(id).toMatch(/^[0-9a-z]+$/);
  expect(initId).toMatch(/^[0-9a-z]+$/);
  expect(id).not.toBe(initId);
  return { frame, client, onError, thrown, id, initId };
}

describe.each(CONFIGS)('frameTransport fuzzing: $label', (cfg) => {
  it('thousands of random messages: nothing throws, no forged entity, onError only for malformed JSON with our id', async () => {
    const { frame, client, onError, thrown, id, initId } = await connect(cfg);
    const otherWindow = createFakeFrame().parent;
    const enc = new TextEncoder();
    let expected: RawEntityPayload | null = null;
    let malformed = 0;
    let posted = 0;

    const otherId = (m: Extract<Msg, { kind: 'wrongId' }>): string => {
      const v = {
        random: m.random,
        truncated: id.slice(0, -1),
        extended: id + 'a',
        upper: id.toUpperCase(),
        padded: ' ' + id,
        init: initId,
        empty: '',
        noColon: '',
        other32: 'z'.repeat(32),
        doubled: id + id,
      }[m.variant];
      return v === id ? id + 'x' : v;
    };

    const deliver = (m: Msg): void => {
      const body = JSON.stringify(m.payload);
      const ours = `${id}:${body}`;
      switch (m.kind) {
        case 'genuine':
          expected = m.payload;
          return frame.post(ours);
        case 'wrongOrigin':
          return frame.post(ours, m.origin);
        case 'wrongSource': {
          const source = { app: frame.win, object: {}, otherWindow, jsdomWindow: window, proxy: new Proxy({}, {}) }[
            m.source
          ];
          return frame.post(ours, cfg.origin, source);
        }
        case 'nonString': {
          const data = {
            boxed: () => new String(ours),
            array: () => [ours],
            object: () => ({ data: ours, toString: () => ours }),
            arrayBuffer: () => enc.encode(ours).buffer,
            typed: () => enc.encode(ours),
            number: () => 17,
            null: () => null,
            undefined: () => undefined,
            any: () => (typeof m.any === 'string' ? [m.any] : m.any),
          }[m.shape]();
          return frame.post(data);
        }
        case 'wrongId':
          return frame.post(m.variant === 'noColon' ? id + body.replace(/:/g, '') : `${otherId(m)}:${body}`);
        case 'malformed': {
          const text =
            m.variant === 'prefix'
              ? body.slice(0, 1 + Math.floor(m.cut * (body.length - 2)))
              : m.variant === 'junkAfter'
                ? body + ['x', '}', ',', ' 1', '\u0000'][Math.floor(m.cut * 4.999)]
                : m.literal;
          check(text !== '' && !parses(text), 'the generator made malformed JSON', text);
          malformed++;
          return frame.post(`${id}:${text}`);
        }
      }
    };

    fc.assert(
      fc.property(fc.array(messageArb(cfg), { minLength: 1, maxLength: 8 }), (msgs) => {
        for (const m of msgs) {
          const errorsBefore = onError.mock.calls.length;
          deliver(m);
          posted++;
          check(thrown.length === 0, 'the message listener threw', thrown[0]);
          const s = client.getState();
          expectValidState(s);
          check(s.error === null, 'no error in the state', s.error);
          check(
            s.entity === null || (s.entity.entityId !== null && s.entity.entityId <= GENUINE_MAX),
            'a forged entity got into the state',
            s.entity?.entityId,
          );
          if (expected) {
            check(s.status === 'ready', 'ready after a genuine event', s.status);
            check(sameFields(s.entity, expectedEntity(expected)), 'the entity is the last genuine one', m.kind);
          } else check(s.status === 'listening' && s.entity === null, 'nothing changes before a genuine event', m.kind);
          check(
            onError.mock.calls.length === malformed,
            `onError only for malformed JSON with our id (after ${m.kind})`,
            onError.mock.calls.length - malformed,
          );
          if (m.kind === 'malformed') {
            const e = onError.mock.calls[errorsBefore]![0] as CallCardTransportError;
            check(
              e instanceof CallCardTransportError && e.code === 'TRANSPORT' && e.cause instanceof SyntaxError,
              'a CallCardTransportError caused by a SyntaxError',
              e,
            );
          }
        }
      }),
      { numRuns: 1_500 },
    );

    expect(posted).toBeGreaterThan(3_000);
    expect(thrown).toEqual([]);
    // Nothing was sent back to the portal: still one getInitData and one bind.
    expect(frame.commands.map((c) => c.method)).toEqual(['getInitData', 'placementBindEvent']);
    // A genuine event from the portal still lands.
    const last = { PHONE_NUMBER: '+15550199', CRM_ENTITY_TYPE: 'DEAL', CRM_ENTITY_ID: 4242 };
    expect(frame.fire(EVENT, last)).toBe(1);
    expect(client.getState()).toMatchObject({
      status: 'ready',
      error: null,
      entity: { phoneNumber: '+15550199', entityType: 'DEAL', entityId: 4242 },
    });
    expect(client.getState().entity!.raw).toEqual(last);
    // The same origin answering in the portal's own event format, for the init callback, is ignored too.
    frame.post(`${initId}:${JSON.stringify({ PLACEMENT: 'DEFAULT' })}`);
    expect(client.getState()).toMatchObject({ status: 'ready', placement: 'PAGE_BACKGROUND_WORKER' });
  });

  it('the real callback id with valid JSON of another client from a wrong origin never lands, even right after a genuine one', async () => {
    const { frame, client, onError, thrown, id } = await connect(cfg);
    frame.fire(EVENT, { PHONE_NUMBER: '+15550100', CRM_ENTITY_TYPE: 'CONTACT', CRM_ENTITY_ID: 17 });
    const settled = client.getState();
    fc.assert(
      fc.property(
        fc.oneof(fc.constantFrom(...cfg.nearOrigins), fc.string()).filter((o) => o !== cfg.origin),
        forged,
        (origin, p) => {
          frame.post(`${id}:${JSON.stringify(p)}`, origin);
          check(client.getState() === settled, 'the state did not change', origin);
        },
      ),
      { numRuns: 2_000 },
    );
    expect(thrown).toEqual([]);
    expect(onError).not.toHaveBeenCalled();
    expect(client.getState().entity).toMatchObject({ entityId: 17 });
  });
});

/**
 * @vitest-environment node
 * (pure logic, no DOM: the node environment starts in milliseconds where jsdom takes about a second)
 *
 * Property tests of a running client (createCallCardClient over createMockTransport): random
 * sequences of payloads through transport.emit never throw out of emit, always leave a valid
 * state, and never stop a following valid event from landing.
 */
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import {
  CALL_CARD_EVENTS,
  CallCardPayloadError,
  CallCardUnsupportedError,
  createCallCardClient,
  onCallCardEvent,
  parseCallCardEvent,
  parseEntityChangedPayload,
  type CallCardEventName,
  type CallCardState,
} from '@b24-callcard/core';
import { createMockTransport } from '@b24-callcard/core/testing';
import {
  RUNS,
  anyPayloadCase,
  check,
  guardPrototypes,
  expectValidState,
  expectedEntity,
  inertPayload,
  materialise,
  sameFields,
  validPayload,
  type RawEntityPayload,
} from './arbitraries';

guardPrototypes();

/**
 * A client that is connected and listening, with an onError spy and a record of notifications
 * (the mock connects at once: listening when subscribe returns). One client serves every run of
 * a property (runs must stay fast): each run starts from the state the previous runs left, which
 * the checks below handle (listening or ready, any error).
 */
function listeningClient(placement = 'PAGE_BACKGROUND_WORKER') {
  const transport = createMockTransport({ placement });
  const onError = vi.fn();
  const client = createCallCardClient({ transport, onError });
  const seen: Array<{ state: CallCardState; prev: CallCardState }> = [];
  client.subscribe((state, prev) => void seen.push({ state, prev }));
  check(client.getState().status === 'listening', 'the client is listening', client.getState().status);
  return { transport, client, onError, seen };
}
type Rig = ReturnType<typeof listeningClient>;

/** Emits and fails the run if anything escapes emit. Returns how many binds got the payload. */
function emitSafely(rig: Rig, payload: unknown, event?: CallCardEventName): number {
  let n = -1;
  let threw: unknown = null;
  try {
    n = rig.transport.emit(payload, event);
  } catch (e) {
    threw = e ?? '(thrown undefined/null)';
  }
  check(threw === null, `transport.emit(${event ?? 'entityChanged'}) threw out of the client`, threw);
  return n;
}

/**
 * Emits an event nobody bound: the mock refuses it (an Error naming why), and nothing reaches the
 * client. Fails the run if emit delivered it or threw anything else.
 */
function emitUnbound(rig: Rig, payload: unknown, event: CallCardEventName): void {
  let threw: unknown = null;
  try {
    rig.transport.emit(payload, event);
  } catch (e) {
    threw = e;
  }
  check(
    threw instanceof Error && /has no event|nothing is bound/.test(threw.message),
    `transport.emit(${event}) refuses an event the placement does not have`,
    threw,
  );
}

/** A state change notifies each subscriber once with (state, prev); no change notifies nobody. */
function expectNotified(rig: Rig, before: CallCardState, seenBefore: number): void {
  const now = rig.client.getState();
  if (now === before) check(rig.seen.length === seenBefore, 'no notification without a change');
  else {
    check(rig.seen.length === seenBefore + 1, 'exactly one notification per change', rig.seen.length - seenBefore);
    const last = rig.seen[rig.seen.length - 1]!;
    check(last.state === now && last.prev === before, 'the listener got (state, previous)');
  }
}

/** After a valid payload: ready, no error, the entity matches it. */
function expectLanded(rig: Rig, p: RawEntityPayload): void {
  const s = rig.client.getState();
  expectValidState(s);
  check(s.status === 'ready', 'a valid event makes the client ready', s.status);
  check(s.error === null, 'a valid event clears the error', s.error);
  check(
    sameFields(s.entity, expectedEntity(p)),
    'the entity matches the valid event',
    JSON.stringify(s.entity && { ...s.entity, raw: undefined }),
  );
}

describe('running client: random payload sequences through transport.emit', () => {
  it('valid, near-valid and hostile-but-inert payloads: exact store semantics, then a valid event lands', async () => {
    const rig = listeningClient();
    fc.assert(
      fc.property(fc.array(inertPayload, { maxLength: 3 }), validPayload, (sequence, final) => {
        for (const p of sequence) {
          const before = rig.client.getState();
          const errorsBefore = rig.onError.mock.calls.length;
          const seenBefore = rig.seen.length;
          check(emitSafely(rig, p) === 1, 'one bind, one delivery');
          const s = rig.client.getState();
          expectValidState(s);
          check(s.status === 'listening' || s.status === 'ready', 'still listening or ready', s.status);
          check(s.placement === 'PAGE_BACKGROUND_WORKER', 'placement kept', s.placement);
          expectNotified(rig, before, seenBefore);
          const expected = parseEntityChangedPayload(p);
          if (expected.ok) {
            check(s.status === 'ready' && s.error === null, 'valid → ready, no error', s.status);
            check(sameFields(s.entity, expected.value), 'valid → entity matches');
            // The same client announced again keeps the same entity object (one render per change).
            if (before.entity && sameFields(before.entity, expected.value))
              check(s.entity === before.entity, 'same client → same entity object');
            else check(Object.is(s.entity!.raw, p), 'a new client → entity.raw is the payload');
            check(rig.onError.mock.calls.length === errorsBefore, 'valid → onError not called');
          } else {
            // An invalid payload changes nothing: the very same state object (so no notification,
            // checked above), the previous entity and status kept; it only goes to onError.
            check(s === before, 'invalid → the state is the same object');
            check(s.entity === before.entity, 'invalid → previous entity kept');
            check(s.status === before.status, 'invalid → status kept', s.status);
            check(s.error === null, 'invalid → no error in the state', s.error);
            check(rig.seen.length === seenBefore, 'invalid → no notification', rig.seen.length - seenBefore);
            check(
              rig.onError.mock.calls.length === errorsBefore + 1,
              'invalid → onError called once',
              rig.onError.mock.calls.length - errorsBefore,
            );
            const reported: unknown = rig.onError.mock.calls[errorsBefore]![0];
            check(
              reported instanceof CallCardPayloadError && Object.is(reported.raw, p),
              'invalid → onError got a CallCardPayloadError holding the payload',
              reported,
            );
            check(reported.code === 'INVALID_PAYLOAD', 'invalid → code INVALID_PAYLOAD', reported.code);
          }
        }
        check(emitSafely(rig, final) === 1, 'one delivery');
        expectLanded(rig, final);
        expect(rig.transport.binds).toEqual(['BackgroundCallCard::entityChanged']);
      }),
      { numRuns: RUNS },
    );
  });

  it('any payload, including getters and Proxies that throw: emit never throws, state stays valid, a valid event lands', async () => {
    const rig = listeningClient();
    fc.assert(
      fc.property(fc.array(anyPayloadCase, { maxLength: 3 }), validPayload, (cases, final) => {
        for (const c of cases) {
          const p = materialise(c);
          const before = rig.client.getState();
          const errorsBefore = rig.onError.mock.calls.length;
          const seenBefore = rig.seen.length;
          emitSafely(rig, p);
          const s = rig.client.getState();
          expectValidState(s);
          check(s.status === 'listening' || s.status === 'ready', 'still listening or ready', s.status);
          check(s.error === null, 'a payload never puts an error in the state', s.error);
          if (rig.onError.mock.calls.length !== errorsBefore) {
            // Rejected: onError hears about it once, and the state is untouched (the same object).
            check(rig.onError.mock.calls.length === errorsBefore + 1, 'onError called once for a rejected payload');
            const reported: unknown = rig.onError.mock.calls[errorsBefore]![0];
            check(
              reported instanceof CallCardPayloadError && Object.is(reported.raw, p),
              'the reported error is a CallCardPayloadError holding the payload',
              reported,
            );
            check(s === before, 'a rejected payload leaves the same state object');
            check(rig.seen.length === seenBefore, 'a rejected payload notifies nobody');
          } else {
            // Accepted: ready, and the entity came from this payload (or is the same client as before).
            check(s.status === 'ready', 'an accepted payload makes the client ready', s.status);
            check(
              Object.is(s.entity.raw, p) || s.entity === before.entity,
              'an accepted payload is the entity (or the same client as before)',
            );
          }
        }
        emitSafely(rig, final);
        expectLanded(rig, final);
      }),
      { numRuns: RUNS },
    );
  });

  it.each([
    // The 17 BackgroundCallCard events; beforeClose and callStateChanged are the tab's.
    ['PAGE_BACKGROUND_WORKER', CALL_CARD_EVENTS.filter((e) => e !== 'beforeClose' && e !== 'callStateChanged')],
    ['CALL_CARD', ['entityChanged', 'beforeClose', 'callStateChanged']],
  ] as const)(
    '%s, a handler for every call-card event: random payloads to random events never throw out of the client; handlers get only valid values, and only of the placement',
    async (placement, own) => {
      const events = CALL_CARD_EVENTS;
      const rig = listeningClient(placement);
      const got: Array<[CallCardEventName, unknown]> = [];
      for (const e of events) onCallCardEvent(rig.client, e, (v: unknown) => void got.push([e, v]));
      await new Promise((r) => setTimeout(r, 0)); // the reports below may come asynchronously
      // Each event the placement lacks was reported once when its handler came, and never bound.
      const missing = events.filter((e) => !(own as readonly string[]).includes(e));
      expect(
        rig.onError.mock.calls.map(([e]) => [e instanceof CallCardUnsupportedError && e.reason, (e as Error).message]),
      ).toEqual(missing.map((e) => ['EVENT_NOT_IN_PLACEMENT', expect.stringContaining(e)]));
      const bindsAfterSetup = [...rig.transport.binds];
      expect(bindsAfterSetup).toHaveLength(own.length);
      expect(new Set(bindsAfterSetup).size).toBe(own.length);
      fc.assert(
        fc.property(
          fc.array(
            fc.tuple(
              fc.constantFrom(...events),
              fc.oneof(
                inertPayload,
                fc.boolean(),
                fc.constantFrom('1', '5', '#', '', [], 'idle', 'connecting', 'connected', 'ended'),
              ),
            ),
            { maxLength: 6 },
          ),
          validPayload,
          (sequence, final) => {
            for (const [event, p] of sequence) {
              const gotBefore = got.length;
              const errorsBefore = rig.onError.mock.calls.length;
              const ownEvent = (own as readonly string[]).includes(event);
              if (ownEvent) check(emitSafely(rig, p, event) === 1, 'each own event bound once', event);
              else emitUnbound(rig, p, event);
              expectValidState(rig.client.getState());
              check(rig.client.getState().placement === placement, 'placement kept');
              if (!ownEvent) {
                check(
                  got.length === gotBefore && rig.onError.mock.calls.length === errorsBefore,
                  `${event}: not in ${placement} → no handler, no onError`,
                );
                continue;
              }
              // The oracle is the (separately tested) parser: a handler hears exactly the valid payloads.
              let expected: ReturnType<typeof parseCallCardEvent> | null = null;
              try {
                expected = parseCallCardEvent(event, p);
              } catch {
                // Covered by the parser's own properties.
              }
              if (expected?.ok)
                check(got.length === gotBefore + 1 && got[gotBefore]![0] === event, `${event}: handler called once`);
              else
                check(
                  got.length === gotBefore && rig.onError.mock.calls.length === errorsBefore + 1,
                  `${event}: invalid → no handler, one onError`,
                );
            }
            emitSafely(rig, final);
            expectLanded(rig, final);
            check(
              rig.transport.binds.length === bindsAfterSetup.length &&
                rig.transport.binds.every((b, i) => b === bindsAfterSetup[i]),
              'one bind per own event, made once',
              rig.transport.binds,
            );
          },
        ),
        { numRuns: RUNS },
      );
    },
  );
});

describe('running client: minimal reproductions', () => {
  it('a payload whose getter throws is rejected without throwing out of emit; the next valid event lands', async () => {
    const rig = listeningClient();
    const hostile = Object.defineProperty({}, 'CRM_ENTITY_ID', {
      enumerable: true,
      get() {
        throw new Error('getter boom');
      },
    });
    expect(() => rig.transport.emit(hostile)).not.toThrow();
    expect(rig.client.getState().status).toBe('listening');
    rig.transport.emit({ PHONE_NUMBER: '+15550100', CRM_ENTITY_TYPE: 'CONTACT', CRM_ENTITY_ID: 17 });
    expect(rig.client.getState()).toMatchObject({ status: 'ready', error: null, entity: { entityId: 17 } });
  });

  it('qualityMeterClick with {"toString":1} (valid JSON from the wire) does not throw out of emit', async () => {
    const rig = listeningClient();
    const handler = vi.fn();
    onCallCardEvent(rig.client, 'qualityMeterClick', handler);
    expect(() => rig.transport.emit(JSON.parse('{"toString":1}'), 'qualityMeterClick')).not.toThrow();
    expect(handler).not.toHaveBeenCalled();
    expect(rig.onError).toHaveBeenCalledWith(expect.any(CallCardPayloadError));
  });
});

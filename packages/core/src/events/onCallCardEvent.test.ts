import { describe, expect, it, vi } from 'vitest';
import {
  CALL_CARD_EVENTS,
  CallCardListenerError,
  CallCardPayloadError,
  CallCardUnsupportedError,
  createCallCardClient,
  onCallCardEvent,
  type CallCardEventName,
} from '@b24-callcard/core';
import { createMockTransport, type MockEventName } from '@b24-callcard/core/testing';

const tick = () => new Promise((r) => setTimeout(r, 0));

const setup = (placement?: string) => {
  const transport = createMockTransport({ placement });
  const onError = vi.fn();
  const client = createCallCardClient({ transport, onError });
  return { transport, client, onError };
};

describe('onCallCardEvent', () => {
  it('binds each event once, lazily, and fans out to every handler', async () => {
    const { transport, client } = setup();
    const a = vi.fn();
    const b = vi.fn();
    const offA = onCallCardEvent(client, 'dialpadButtonClick', a);
    onCallCardEvent(client, 'dialpadButtonClick', b);
    expect(transport.binds).toEqual(['BackgroundCallCard::entityChanged', 'BackgroundCallCard::dialpadButtonClick']);
    transport.emit('7', 'dialpadButtonClick');
    expect(a).toHaveBeenCalledWith('7');
    expect(b).toHaveBeenCalledWith('7');
    offA();
    onCallCardEvent(client, 'hangupButtonClick', () => {});
    onCallCardEvent(client, 'dialpadButtonClick', () => {});
    transport.emit('#', 'dialpadButtonClick');
    expect(a).toHaveBeenCalledTimes(1);
    expect(b).toHaveBeenCalledTimes(2);
    expect(transport.binds).toEqual([
      'BackgroundCallCard::entityChanged',
      'BackgroundCallCard::dialpadButtonClick',
      'BackgroundCallCard::hangupButtonClick',
    ]);
  });

  it('starts the client: no subscriber needed', async () => {
    const { transport, client } = setup();
    const h = vi.fn();
    onCallCardEvent(client, 'hangupButtonClick', h);
    expect(transport.connectCalls).toBe(1);
    expect(client.getState().status).toBe('listening');
    transport.emit(undefined, 'hangupButtonClick');
    expect(h).toHaveBeenCalledWith(undefined);
  });

  it('shares the store bind for entityChanged and delivers the normalised entity', async () => {
    const { transport, client } = setup();
    const h = vi.fn();
    client.subscribe(() => {});
    onCallCardEvent(client, 'entityChanged', h);
    transport.emit({ PHONE_NUMBER: 'hidden', CRM_ENTITY_TYPE: 'LEAD', CRM_ENTITY_ID: '3' });
    expect(h).toHaveBeenCalledWith(client.getState().entity);
    expect(h.mock.calls[0]![0]).toMatchObject({ phoneNumber: null, entityId: 3 });
    expect(transport.binds).toEqual(['BackgroundCallCard::entityChanged']);
  });

  it("parses an invalid entityChanged payload once and reports it to onError exactly once, with the client's entity and a handler both listening", async () => {
    const { transport, client, onError } = setup();
    const listener = vi.fn();
    const handler = vi.fn();
    client.subscribe(listener);
    onCallCardEvent(client, 'entityChanged', handler);
    // Each parse reads PHONE_NUMBER once: the count of reads is the count of parses.
    let reads = 0;
    const raw = Object.defineProperty({ CRM_ENTITY_TYPE: 'LEAD', CRM_ENTITY_ID: -4 }, 'PHONE_NUMBER', {
      enumerable: true,
      get: () => (reads++, '+1'),
    });
    const before = client.getState();
    const listenerCalls = listener.mock.calls.length;
    transport.emit(raw);
    expect(reads).toBe(1);
    expect(onError).toHaveBeenCalledTimes(1);
    const error = onError.mock.calls[0]![0];
    expect(error).toBeInstanceOf(CallCardPayloadError);
    expect(error.raw).toBe(raw);
    // The state does not change on an invalid payload: the same object, no listener call.
    expect(client.getState()).toBe(before);
    expect(client.getState()).toMatchObject({ status: 'listening', entity: null, error: null });
    expect(listener).toHaveBeenCalledTimes(listenerCalls);
    expect(handler).not.toHaveBeenCalled();
    // A valid one: parsed once too, given to both.
    reads = 0;
    Object.defineProperty(raw, 'CRM_ENTITY_ID', { value: 5 });
    transport.emit(raw);
    expect(reads).toBe(1);
    expect(handler).toHaveBeenCalledTimes(1);
    expect(handler.mock.calls[0]![0]).toBe(client.getState().entity);
    expect(client.getState()).toMatchObject({ status: 'ready', error: null });
    expect(listener).toHaveBeenCalledTimes(listenerCalls + 1);
    expect(onError).toHaveBeenCalledTimes(1);
  });

  it('uses the CallCard names in the CALL_CARD placement', async () => {
    const { transport, client, onError } = setup('CALL_CARD');
    const h = vi.fn();
    onCallCardEvent(client, 'callStateChanged', h);
    expect(transport.binds).toEqual(['CallCard::EntityChanged', 'CallCard::CallStateChanged']);
    expect(transport.emit('connected', 'CallCard::CallStateChanged')).toBe(1);
    expect(h).toHaveBeenCalledWith('connected');
    expect(onError).not.toHaveBeenCalled();
  });

  it('reports invalid payloads and throwing handlers, and keeps delivering', async () => {
    const { transport, client, onError } = setup();
    const good = vi.fn();
    const boom = new Error('boom');
    onCallCardEvent(client, 'qualityMeterClick', () => {
      throw boom;
    });
    onCallCardEvent(client, 'qualityMeterClick', good);
    transport.emit('9', 'qualityMeterClick');
    expect(good).not.toHaveBeenCalled();
    expect(onError).toHaveBeenCalledTimes(1);
    expect(onError.mock.calls[0]![0]).toBeInstanceOf(CallCardPayloadError);
    expect(onError.mock.calls[0]![0]).toMatchObject({ event: 'qualityMeterClick', raw: '9' });
    transport.emit('4', 'qualityMeterClick');
    expect(good).toHaveBeenCalledWith('4');
    expect(onError).toHaveBeenCalledTimes(2);
    expect(onError.mock.calls[1]![0]).toBeInstanceOf(CallCardListenerError);
    expect(onError.mock.calls[1]![0].cause).toBe(boom);
  });

  it("an invalid payload of another event leaves the client's state alone", async () => {
    const { transport, client } = setup();
    onCallCardEvent(client, 'muteButtonClick', () => {});
    const before = client.getState();
    transport.emit('yes', 'muteButtonClick');
    expect(client.getState()).toBe(before);
  });

  it('binds nothing in a placement without call-card events, and nothing after destroy', async () => {
    const { transport, client } = setup('DEFAULT');
    onCallCardEvent(client, 'hangupButtonClick', () => {});
    expect(transport.binds).toEqual([]);
    expect(() => transport.emit(undefined, 'hangupButtonClick')).toThrow(
      /DEFAULT placement has no event hangupButtonClick/,
    );
    const other = setup();
    other.client.destroy();
    const h = vi.fn();
    const off = onCallCardEvent(other.client, 'hangupButtonClick', h);
    off();
    await tick();
    expect(other.transport.connectCalls).toBe(0);
    expect(other.transport.binds).toEqual([]);
  });
});

describe('onCallCardEvent with a wrong event name', () => {
  it('throws a TypeError that lists the events, and starts nothing', () => {
    const transport = createMockTransport();
    const onError = vi.fn();
    const client = createCallCardClient({ transport, onError });
    expect(() => onCallCardEvent(client, 'hangup' as never, () => {})).toThrow(TypeError);
    expect(() => onCallCardEvent(client, 'hangup' as never, () => {})).toThrow(
      /Unknown call-card event "hangup": expected one of initialized, entityChanged/,
    );
    expect(() => onCallCardEvent(client, 'toString' as never, () => {})).toThrow(TypeError);
    expect(transport.connectCalls).toBe(0);
    expect(onError).not.toHaveBeenCalled();
  });
});

/** Errors of `onError` that say an event is not in the placement. */
const notInPlacement = (onError: ReturnType<typeof vi.fn>) =>
  onError.mock.calls
    .map(([e]) => e)
    .filter((e) => e instanceof CallCardUnsupportedError && e.reason === 'EVENT_NOT_IN_PLACEMENT');

/** The 17 events of PAGE_BACKGROUND_WORKER: all but the two the CALL_CARD tab alone has. */
const WORKER_EVENTS = CALL_CARD_EVENTS.filter((e) => e !== 'beforeClose' && e !== 'callStateChanged');
if (WORKER_EVENTS.length !== 17) throw new Error('expected 17 PAGE_BACKGROUND_WORKER events');

describe('onCallCardEvent: each placement binds its own events only', () => {
  it.each([
    ['after the connection', false],
    ['before the connection', true],
  ])('CALL_CARD: handlers for all 19 events bind only the three CallCard events (%s)', async (_, early) => {
    const { transport, client, onError } = setup('CALL_CARD');
    if (!early) client.start();
    for (const e of CALL_CARD_EVENTS) onCallCardEvent(client, e, () => {});
    expect([...transport.binds].sort()).toEqual([
      'CallCard::BeforeClose',
      'CallCard::CallStateChanged',
      'CallCard::EntityChanged',
    ]);
    // One report per event the tab does not have, and nothing else.
    expect(notInPlacement(onError)).toHaveLength(16);
    expect(onError).toHaveBeenCalledTimes(16);
    expect(client.getState()).toMatchObject({ status: 'listening', error: null, placement: 'CALL_CARD' });
  });

  it('PAGE_BACKGROUND_WORKER: handlers for all 19 events bind the 17 BackgroundCallCard events, nothing invented', async () => {
    const { transport, client, onError } = setup();
    for (const e of CALL_CARD_EVENTS) onCallCardEvent(client, e, () => {});
    expect([...transport.binds].sort()).toEqual(WORKER_EVENTS.map((e) => `BackgroundCallCard::${e}`).sort());
    expect(transport.binds).toHaveLength(17);
    expect(transport.binds.some((b) => /beforeClose|callStateChanged/i.test(b))).toBe(false);
    expect(notInPlacement(onError)).toHaveLength(2);
    expect(onError).toHaveBeenCalledTimes(2);
  });

  it('binds no invented name in either placement, whatever the handlers asked for', async () => {
    for (const placement of ['CALL_CARD', 'PAGE_BACKGROUND_WORKER']) {
      const { transport, client } = setup(placement);
      for (const e of CALL_CARD_EVENTS) {
        onCallCardEvent(client, e, () => {});
        onCallCardEvent(client, e, () => {});
      }
      for (const e of CALL_CARD_EVENTS) onCallCardEvent(client, e, () => {}); // after the connection too
      const allowed =
        placement === 'CALL_CARD'
          ? ['CallCard::EntityChanged', 'CallCard::BeforeClose', 'CallCard::CallStateChanged']
          : WORKER_EVENTS.map((e) => `BackgroundCallCard::${e}`);
      for (const b of transport.binds) expect(allowed).toContain(b);
      expect(new Set(transport.binds).size).toBe(transport.binds.length);
      expect(transport.binds).toHaveLength(allowed.length);
    }
  });

  it.each([
    ['CALL_CARD', 'hangupButtonClick', 'PAGE_BACKGROUND_WORKER'],
    ['CALL_CARD', 'initialized', 'PAGE_BACKGROUND_WORKER'],
    ['PAGE_BACKGROUND_WORKER', 'callStateChanged', 'CALL_CARD'],
    ['PAGE_BACKGROUND_WORKER', 'beforeClose', 'CALL_CARD'],
  ] as const)(
    'in %s, %s is never bound and reported once (naming %s); the client keeps working',
    async (placement, event, owner) => {
      const { transport, client, onError } = setup(placement);
      const h = vi.fn();
      const other = vi.fn();
      onCallCardEvent(client, event as CallCardEventName, h);
      onCallCardEvent(client, event as CallCardEventName, other);
      onCallCardEvent(client, event as CallCardEventName, h); // again after the connection
      await tick(); // a report may come asynchronously
      const reports = notInPlacement(onError);
      expect(reports).toHaveLength(1);
      expect(onError).toHaveBeenCalledTimes(1);
      const error = reports[0] as CallCardUnsupportedError;
      expect(error.code).toBe('UNSUPPORTED');
      expect(error.message).toContain(event);
      expect(error.message).toContain(owner);
      expect(transport.binds.some((b) => b.toLowerCase().includes(event.toLowerCase()))).toBe(false);
      // Nothing reaches the handlers, whatever the portal sends under either name.
      const prefix = placement === 'CALL_CARD' ? 'CallCard::' : 'BackgroundCallCard::';
      expect(() => transport.emit(undefined, event)).toThrow(`the ${placement} placement has no event ${event}`);
      // Names the portal never sends here: cast, since the mock's event names are typed strictly.
      for (const name of [prefix + event[0]!.toUpperCase() + event.slice(1), prefix + event]) {
        expect(() => transport.emit(undefined, name as MockEventName)).toThrow(`nothing is bound to ${name}`);
      }
      expect(h).not.toHaveBeenCalled();
      expect(other).not.toHaveBeenCalled();
      // The client keeps working: its state is untouched, the entity and the placement's events land.
      expect(client.getState()).toMatchObject({ status: 'listening', error: null, placement });
      const entity = vi.fn();
      onCallCardEvent(client, 'entityChanged', entity);
      transport.emit({ PHONE_NUMBER: '+1', CRM_ENTITY_TYPE: 'LEAD', CRM_ENTITY_ID: 4 });
      expect(client.getState()).toMatchObject({ status: 'ready', error: null, entity: { entityId: 4 } });
      expect(entity).toHaveBeenCalledTimes(1);
      const own = placement === 'CALL_CARD' ? 'beforeClose' : 'hangupButtonClick';
      const ownHandler = vi.fn();
      onCallCardEvent(client, own, ownHandler);
      expect(transport.emit([], own)).toBe(1);
      expect(ownHandler).toHaveBeenCalledWith(undefined);
      await tick();
      expect(onError).toHaveBeenCalledTimes(1);
    },
  );

  it('reports once per client: a second client in the same placement gets its own report', async () => {
    const a = setup('CALL_CARD');
    const b = setup('CALL_CARD');
    for (const { client } of [a, b, a, b]) onCallCardEvent(client, 'muteButtonClick', () => {});
    for (const { onError, transport } of [a, b]) {
      expect(notInPlacement(onError)).toHaveLength(1);
      expect(notInPlacement(onError)[0].message).toContain('PAGE_BACKGROUND_WORKER');
      expect(transport.binds).toEqual(['CallCard::EntityChanged']);
    }
  });

  it('reports nothing about events in a placement without call-card events (the client is unsupported there)', async () => {
    const { transport, client, onError } = setup('DEFAULT');
    for (const e of CALL_CARD_EVENTS) onCallCardEvent(client, e, () => {});
    expect(transport.binds).toEqual([]);
    expect(notInPlacement(onError)).toEqual([]);
    expect(client.getState()).toMatchObject({ status: 'unsupported', error: { reason: 'PLACEMENT' } });
  });

  it('beforeClose delivers undefined, each time the portal fires it (twice when the card closes)', async () => {
    const { transport, client, onError } = setup('CALL_CARD');
    const h = vi.fn();
    onCallCardEvent(client, 'beforeClose', h);
    expect(transport.binds).toContain('CallCard::BeforeClose');
    expect(transport.emit([], 'beforeClose')).toBe(1); // closing is attempted
    expect(transport.emit('', 'beforeClose')).toBe(1); // and it really closes
    expect(h.mock.calls).toEqual([[undefined], [undefined]]);
    expect(onError).not.toHaveBeenCalled();
  });

  it('callStateChanged delivers idle, connecting and connected; anything else is a payload error', async () => {
    const { transport, client, onError } = setup('CALL_CARD');
    const h = vi.fn();
    onCallCardEvent(client, 'callStateChanged', h);
    for (const s of ['connecting', 'connected', 'idle']) transport.emit(s, 'callStateChanged');
    expect(h.mock.calls).toEqual([['connecting'], ['connected'], ['idle']]);
    const bad = ['ended', 'Connected', '486', 486, null, { callState: 'idle' }];
    for (const raw of bad) transport.emit(raw, 'callStateChanged');
    expect(h).toHaveBeenCalledTimes(3);
    expect(onError).toHaveBeenCalledTimes(bad.length);
    onError.mock.calls.forEach(([e], i) => {
      expect(e).toBeInstanceOf(CallCardPayloadError);
      expect(e).toMatchObject({ event: 'callStateChanged', raw: bad[i] });
    });
    // An invalid state does not touch the client's entity state, and the next valid one lands.
    expect(client.getState()).toMatchObject({ status: 'listening', error: null });
    transport.emit('connected', 'callStateChanged');
    expect(h).toHaveBeenLastCalledWith('connected');
  });
});

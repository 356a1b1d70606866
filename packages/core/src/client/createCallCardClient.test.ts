import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  CallCardListenerError,
  CallCardPayloadError,
  CallCardTransportError,
  CallCardUnsupportedError,
  callCardEventParser,
  createCallCardClient,
  getPortal,
  IDLE_STATE,
  onCallCardEvent,
  refreshAuth,
  type CallCardState,
  type CallCardTransport,
  type ParseResult,
} from '@b24-callcard/core';
import { createMockTransport } from '@b24-callcard/core/testing';
import { stubbornTransport } from '../../test/helpers/stubbornTransport';

const CONTACT = { PHONE_NUMBER: '+15550100', CRM_ENTITY_TYPE: 'CONTACT', CRM_ENTITY_ID: 17 };
const LEAD = { PHONE_NUMBER: 'hidden', CRM_ENTITY_TYPE: 'LEAD', CRM_ENTITY_ID: '5' };
const tick = () => new Promise((r) => setTimeout(r, 0));

const setup = (opts: Parameters<typeof createMockTransport>[0] = {}) => {
  const transport = createMockTransport(opts);
  const onError = vi.fn();
  const client = createCallCardClient({ transport, onError });
  const seen: CallCardState[] = [];
  return { transport, client, onError, seen, listen: () => client.subscribe((s) => seen.push(s)) };
};

afterEach(() => vi.useRealTimers());

describe('createCallCardClient: the transport is required', () => {
  it.each([
    ['no options', undefined],
    ['empty options', {}],
    ['a transport without connect', { transport: { name: 'x' } }],
  ])('throws a TypeError naming `transport` with %s', (_, options) => {
    const create = () => createCallCardClient(options as never);
    expect(create).toThrow(TypeError);
    expect(create).toThrow(/transport/);
    expect(create).toThrow(/getDefaultCallCardClient/);
  });
});

describe('createCallCardClient: lifecycle', () => {
  it('starts idle and does nothing until the first subscribe', async () => {
    const { client, transport } = setup();
    expect(client.getState()).toEqual({ status: 'idle', entity: null, error: null, placement: null });
    expect(client.getState()).toBe(IDLE_STATE);
    expect(client.getConnection()).toBeNull();
    await tick();
    expect(transport.connectCalls).toBe(0);
    expect(transport.binds).toEqual([]);
  });

  it('getServerState() is always the idle state, whatever the client did', async () => {
    const { client, transport, listen } = setup();
    expect(client.getServerState()).toBe(IDLE_STATE);
    listen();
    transport.emit(CONTACT);
    expect(client.getState().status).toBe('ready');
    expect(client.getServerState()).toBe(IDLE_STATE);
    client.destroy();
    expect(client.getServerState()).toBe(IDLE_STATE);
  });

  it('goes idle → connecting → listening → ready', async () => {
    const { client, transport, seen, listen } = setup({ answer: 'manual' });
    listen();
    expect(client.getState().status).toBe('connecting');
    transport.answer();
    await tick();
    expect(client.getState()).toMatchObject({ status: 'listening', placement: 'PAGE_BACKGROUND_WORKER', entity: null });
    expect(transport.binds).toEqual(['BackgroundCallCard::entityChanged']);
    transport.emit(CONTACT);
    expect(client.getState()).toMatchObject({
      status: 'ready',
      entity: { phoneNumber: '+15550100', entityType: 'CONTACT', entityId: 17 },
      error: null,
    });
    expect(seen.map((s) => s.status)).toEqual(['connecting', 'listening', 'ready']);
  });

  it('start() connects before any subscriber, and getPortal() exposes the portal', async () => {
    const { client, transport } = setup();
    expect(getPortal(client)).toBeNull();
    client.start();
    client.start();
    // The mock hands the connection over at once: no microtask to wait for.
    expect(transport.connectCalls).toBe(1);
    expect(client.getState().status).toBe('listening');
    expect(getPortal(client)).toMatchObject({
      domain: 'example.bitrix24.com',
      restUrl: 'https://example.bitrix24.com/rest/',
    });
  });

  it('getConnection() is null until the portal answered, then the live connection', async () => {
    const { client, transport } = setup({ answer: 'manual' });
    client.start();
    expect(client.getConnection()).toBeNull();
    transport.answer();
    await tick();
    expect(client.getConnection()).toMatchObject({
      placement: 'PAGE_BACKGROUND_WORKER',
      origin: 'https://example.bitrix24.com',
    });
  });

  it('getConnection() gives the connection the transport made', async () => {
    const stubborn = stubbornTransport();
    const client = createCallCardClient({ transport: stubborn.transport, onError: vi.fn() });
    client.start();
    stubborn.answer();
    await tick();
    expect(client.getConnection()).toBe(stubborn.connection);
  });

  it('binds CallCard::EntityChanged in the CALL_CARD placement', async () => {
    const { client, transport, listen } = setup({ placement: 'CALL_CARD' });
    listen();
    expect(transport.binds).toEqual(['CallCard::EntityChanged']);
    transport.emit(CONTACT, 'CallCard::EntityChanged');
    expect(client.getState()).toMatchObject({ status: 'ready', placement: 'CALL_CARD' });
  });

  it.each(['DEFAULT', 'CRM_CONTACT_DETAIL_TAB', 'LEFT_MENU'])(
    'is unsupported in placement %s and binds nothing',
    async (placement) => {
      const { client, transport, listen, onError } = setup({ placement });
      listen();
      const { status, error } = client.getState();
      expect(status).toBe('unsupported');
      expect(error).toBeInstanceOf(CallCardUnsupportedError);
      expect((error as CallCardUnsupportedError).reason).toBe('PLACEMENT');
      expect(error?.message).toContain(placement);
      expect(error?.message).toContain('PAGE_BACKGROUND_WORKER');
      expect(client.getState().placement).toBe(placement);
      expect(transport.binds).toEqual([]);
      expect(onError).not.toHaveBeenCalled();
      // The connection is kept: REST works from a non-call-card placement (an install page) too.
      expect(client.getConnection()).not.toBeNull();
      expect(getPortal(client)).toMatchObject({ domain: 'example.bitrix24.com' });
    },
  );
});

describe('createCallCardClient: exactly one bind', () => {
  it('binds once however many subscribers come and go', async () => {
    const { client, transport } = setup();
    const offs = Array.from({ length: 5 }, () => client.subscribe(() => {}));
    offs.forEach((off) => off());
    const again = client.subscribe(() => {});
    again();
    client.subscribe(() => {});
    expect(transport.connectCalls).toBe(1);
    expect(transport.binds).toEqual(['BackgroundCallCard::entityChanged']);
  });

  it('mutes delivery when the last subscriber leaves, keeps the bind, and gives the current entity to the next one', async () => {
    const { client, transport } = setup();
    const first = vi.fn();
    const off = client.subscribe(first);
    off();
    first.mockClear();
    // The portal fires while nobody listens (e.g. before the UI mounted).
    expect(transport.emit(CONTACT)).toBe(1);
    expect(first).not.toHaveBeenCalled();
    const late = vi.fn();
    client.subscribe(late);
    expect(client.getState().entity).toMatchObject({ entityId: 17 });
    expect(client.getState().status).toBe('ready');
    expect(transport.binds).toHaveLength(1);
    transport.emit(LEAD);
    expect(late).toHaveBeenCalledTimes(1);
    expect(late.mock.calls[0]![0].entity).toMatchObject({ entityType: 'LEAD', entityId: 5, phoneNumber: null });
  });

  it('keeps two subscriptions of the same function apart', async () => {
    const { client, transport } = setup();
    const fn = vi.fn();
    const off1 = client.subscribe(fn);
    client.subscribe(fn);
    fn.mockClear();
    off1();
    transport.emit(CONTACT);
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('unsubscribing twice is harmless', async () => {
    const { client, transport } = setup();
    const a = vi.fn();
    const b = vi.fn();
    const off = client.subscribe(a);
    client.subscribe(b);
    off();
    off();
    transport.emit(CONTACT);
    // `a` started the client: it saw it connect at once, before `b` came.
    expect(a.mock.calls.map((c) => c[0].status)).toEqual(['connecting', 'listening']);
    expect(b.mock.calls.map((c) => c[0].status)).toEqual(['ready']);
  });
});

describe('createCallCardClient: listen()', () => {
  const dialpad = callCardEventParser('dialpadButtonClick');

  it('parses once per distinct parser, binds once per event, and gives each handler the result', async () => {
    const { client, transport, onError } = setup();
    const p1 = vi.fn(dialpad);
    const p2 = vi.fn((raw: unknown): ParseResult<number> => ({ ok: true, value: Number(raw) }));
    const a = vi.fn();
    const b = vi.fn();
    const c = vi.fn();
    client.listen('dialpadButtonClick', p1, a);
    client.listen('dialpadButtonClick', p1, b);
    client.listen('dialpadButtonClick', p2, c);
    expect(transport.binds).toEqual(['BackgroundCallCard::entityChanged', 'BackgroundCallCard::dialpadButtonClick']);
    expect(transport.emit('7', 'dialpadButtonClick')).toBe(1);
    expect(p1).toHaveBeenCalledTimes(1);
    expect(p2).toHaveBeenCalledTimes(1);
    expect(a).toHaveBeenCalledWith({ ok: true, value: '7' });
    expect(b).toHaveBeenCalledWith({ ok: true, value: '7' });
    expect(c).toHaveBeenCalledWith({ ok: true, value: 7 });
    // Listening again on a bound event adds no bind.
    client.listen('dialpadButtonClick', p2, () => {});
    expect(transport.binds).toHaveLength(2);
    expect(onError).not.toHaveBeenCalled();
  });

  it('gives an invalid result to the handlers too, and reports it once per parser', async () => {
    const { client, transport, onError } = setup();
    const a = vi.fn();
    const b = vi.fn();
    client.listen('dialpadButtonClick', dialpad, a);
    client.listen('dialpadButtonClick', dialpad, b);
    transport.emit('55', 'dialpadButtonClick');
    expect(onError).toHaveBeenCalledTimes(1);
    const error = onError.mock.calls[0]![0];
    expect(error).toBeInstanceOf(CallCardPayloadError);
    expect(a).toHaveBeenCalledWith({ ok: false, error });
    expect(b).toHaveBeenCalledWith({ ok: false, error });
    // Only the entity event sets the client's error.
    expect(client.getState().error).toBeNull();
  });

  it('starts the client, and a listen made before the connection binds when it comes', async () => {
    const { client, transport } = setup({ answer: 'manual' });
    const handler = vi.fn();
    client.listen('hangupButtonClick', callCardEventParser('hangupButtonClick'), handler);
    expect(transport.connectCalls).toBe(1);
    expect(client.getState().status).toBe('connecting');
    expect(transport.binds).toEqual([]);
    transport.answer();
    await tick();
    expect(transport.binds).toEqual(['BackgroundCallCard::entityChanged', 'BackgroundCallCard::hangupButtonClick']);
  });

  it('its unsubscribe stops delivery to that handler only, and keeps the bind', async () => {
    const { client, transport } = setup();
    const a = vi.fn();
    const b = vi.fn();
    const offA = client.listen('dialpadButtonClick', dialpad, a);
    client.listen('dialpadButtonClick', dialpad, b);
    offA();
    offA();
    transport.emit('1', 'dialpadButtonClick');
    expect(a).not.toHaveBeenCalled();
    expect(b).toHaveBeenCalledTimes(1);
    expect(transport.binds).toHaveLength(2);
  });

  it('a throwing handler is reported and the others still run', async () => {
    const { client, transport, onError } = setup();
    const boom = new Error('boom');
    const after = vi.fn();
    client.listen('dialpadButtonClick', dialpad, () => {
      throw boom;
    });
    client.listen('dialpadButtonClick', dialpad, after);
    transport.emit('1', 'dialpadButtonClick');
    expect(after).toHaveBeenCalledTimes(1);
    expect(onError).toHaveBeenCalledTimes(1);
    expect(onError.mock.calls[0]![0]).toBeInstanceOf(CallCardListenerError);
    expect(onError.mock.calls[0]![0].cause).toBe(boom);
  });

  it('does nothing after destroy', async () => {
    const { client, transport } = setup();
    client.destroy();
    const off = client.listen('dialpadButtonClick', dialpad, () => {});
    off();
    await tick();
    expect(transport.connectCalls).toBe(0);
    expect(transport.binds).toEqual([]);
  });
});

describe('createCallCardClient: report()', () => {
  it('gives the error to onError, and never throws', () => {
    const { client, onError } = setup();
    const error = new Error('x');
    client.report(error);
    expect(onError).toHaveBeenCalledWith(error);
    const broken = createCallCardClient({
      transport: createMockTransport(),
      onError: () => {
        throw new Error('onError broke');
      },
    });
    expect(() => broken.report(error)).not.toThrow();
  });
});

describe('createCallCardClient: state identity', () => {
  it('keeps the same state object when nothing changed, including a duplicate entity', async () => {
    const { client, transport, seen, listen } = setup();
    listen();
    transport.emit(CONTACT);
    const ready = client.getState();
    transport.emit({ ...CONTACT });
    transport.emit({ ...CONTACT, CRM_ENTITY_ID: '17' });
    expect(client.getState()).toBe(ready);
    expect(seen).toHaveLength(3);
    expect(Object.isFrozen(ready)).toBe(true);
  });

  it('replaces the state when the entity really changes', async () => {
    const { client, transport, listen } = setup();
    listen();
    transport.emit(CONTACT);
    const a = client.getState();
    transport.emit(LEAD);
    expect(client.getState()).not.toBe(a);
    expect(client.getState().entity?.entityType).toBe('LEAD');
  });

  it('passes the previous state to listeners', async () => {
    const { client, transport } = setup();
    const fn = vi.fn();
    client.subscribe(fn);
    const before = client.getState();
    transport.emit(CONTACT);
    expect(fn).toHaveBeenLastCalledWith(client.getState(), before);
  });
});

describe('createCallCardClient: re-entrancy', () => {
  it('every listener gets each change with its own previous state, even when one destroys the client', async () => {
    const transport = createMockTransport({ answer: 'manual' });
    const client = createCallCardClient({ transport, onError: vi.fn() });
    const seen: string[] = [];
    client.subscribe((s) => {
      if (s.status === 'listening') client.destroy();
    });
    client.subscribe((s, prev) => seen.push(`${prev.status}->${s.status}`));
    transport.answer();
    await tick();
    expect(seen).toEqual(['connecting->listening', 'listening->unsupported']);
    expect(transport.closed).toBe(true);
  });

  it('a listener unsubscribed by an earlier one during the same dispatch is not called', async () => {
    const transport = createMockTransport();
    const client = createCallCardClient({ transport, onError: vi.fn() });
    const second = vi.fn();
    let offSecond = () => {};
    client.subscribe((s) => s.status === 'ready' && offSecond());
    offSecond = client.subscribe(second);
    second.mockClear();
    transport.emit(CONTACT);
    expect(second).not.toHaveBeenCalled();
  });
});

describe('createCallCardClient: a transport that delivers from bind() synchronously', () => {
  it.each([
    ['a promise of the connection', true],
    ['the connection itself', false],
  ])('ends ready, not back at listening (connect returns %s)', async (_, async) => {
    const connection = {
      placement: 'PAGE_BACKGROUND_WORKER',
      origin: null,
      data: {},
      receivedAt: Date.now(),
      bind: (_event: string, handler: (payload: unknown) => void) => handler(CONTACT),
      close: () => {},
    };
    const transport: CallCardTransport = {
      name: 'replay',
      connect: () => (async ? Promise.resolve(connection) : connection),
    };
    const client = createCallCardClient({ transport, onError: vi.fn() });
    const statuses: CallCardState['status'][] = [];
    client.subscribe((s) => statuses.push(s.status));
    await tick();
    expect(client.getState()).toMatchObject({ status: 'ready', entity: { entityId: 17 } });
    expect(statuses).toEqual(['connecting', 'listening', 'ready']);
  });
});

describe('createCallCardClient: bad payloads', () => {
  it('reports a typed error to onError once, and changes nothing: same state object, entity kept, bind kept', async () => {
    const { client, transport, onError, seen, listen } = setup();
    listen();
    transport.emit(CONTACT);
    const ready = client.getState();
    expect(ready).toMatchObject({ status: 'ready', error: null, entity: { entityId: 17 } });
    const notified = seen.length;
    const bad = { PHONE_NUMBER: 1, CRM_ENTITY_TYPE: 'LEAD', CRM_ENTITY_ID: -4 };
    transport.emit(bad);
    expect(client.getState()).toBe(ready); // the very same object: no new state
    expect(seen).toHaveLength(notified); // so no subscriber was called
    expect(onError).toHaveBeenCalledTimes(1);
    const error = onError.mock.calls[0]![0] as CallCardPayloadError;
    expect(error).toBeInstanceOf(CallCardPayloadError);
    expect(error).toMatchObject({ code: 'INVALID_PAYLOAD', event: 'entityChanged' });
    expect(error.raw).toBe(bad);
    transport.emit('garbage');
    expect(client.getState()).toBe(ready);
    expect(onError).toHaveBeenCalledTimes(2);
    expect(onError.mock.calls[1]![0]).toBeInstanceOf(CallCardPayloadError);
    expect((onError.mock.calls[1]![0] as CallCardPayloadError).raw).toBe('garbage');
    transport.emit(CONTACT); // the same entity as before: nothing changed, still the same object
    expect(client.getState()).toBe(ready);
    expect(seen).toHaveLength(notified);
    transport.emit(LEAD);
    expect(client.getState()).toMatchObject({
      status: 'ready',
      error: null,
      entity: { entityType: 'LEAD', entityId: 5 },
    });
    expect(seen).toHaveLength(notified + 1);
    expect(onError).toHaveBeenCalledTimes(2);
    expect(transport.binds).toHaveLength(1);
  });

  it('stays listening, with the same state object and no error in it, when the first payload is invalid', async () => {
    const { client, transport, onError, seen, listen } = setup();
    listen();
    const listening = client.getState();
    expect(listening).toMatchObject({ status: 'listening', entity: null, error: null });
    const notified = seen.length;
    transport.emit(null);
    expect(client.getState()).toBe(listening);
    expect(seen).toHaveLength(notified);
    expect(onError).toHaveBeenCalledTimes(1);
    const error = onError.mock.calls[0]![0] as CallCardPayloadError;
    expect(error).toBeInstanceOf(CallCardPayloadError);
    expect(error.code).toBe('INVALID_PAYLOAD');
    expect(error.raw).toBeNull();
    transport.emit(CONTACT);
    expect(client.getState()).toMatchObject({ status: 'ready', error: null, entity: { entityId: 17 } });
  });
});

describe('createCallCardClient: throwing listeners', () => {
  it('runs the other listeners and reports the error to onError', async () => {
    const { client, transport, onError } = setup();
    const boom = new Error('boom');
    const after = vi.fn();
    client.subscribe(() => {
      throw boom;
    });
    client.subscribe(after);
    onError.mockClear();
    after.mockClear();
    transport.emit(CONTACT);
    expect(after).toHaveBeenCalledTimes(1);
    expect(onError).toHaveBeenCalledTimes(1);
    const err = onError.mock.calls[0]![0];
    expect(err).toBeInstanceOf(CallCardListenerError);
    expect(err.cause).toBe(boom);
    expect(client.getState().status).toBe('ready');
  });

  it('defaults onError to console.error and survives an onError that throws', async () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    const transport = createMockTransport();
    const client = createCallCardClient({ transport });
    client.subscribe(() => {
      throw new Error('x');
    });
    expect(spy).toHaveBeenCalled();
    expect(spy.mock.calls[0]![0]).toBeInstanceOf(CallCardListenerError);
    spy.mockRestore();

    const t2 = createMockTransport();
    const broken = vi.fn(() => {
      throw new Error('onError broke');
    });
    const c2 = createCallCardClient({ transport: t2, onError: broken });
    const good = vi.fn();
    c2.subscribe(() => {
      throw new Error('y');
    });
    c2.subscribe(good);
    t2.emit(CONTACT);
    expect(good.mock.calls.map((c) => c[0].status)).toEqual(['ready']);
    expect(c2.getState().status).toBe('ready');
    // The throwing listener threw for connecting, listening and ready: each went to the broken onError.
    expect(broken).toHaveBeenCalledTimes(3);
  });
});

describe('createCallCardClient: transport failures', () => {
  it('becomes error with a CallCardTransportError holding the cause', async () => {
    const cause = new TypeError('socket gone');
    const { client, onError, listen } = setup({ failWith: cause });
    listen();
    await tick();
    const { status, error } = client.getState();
    expect(status).toBe('error');
    expect(error).toBeInstanceOf(CallCardTransportError);
    expect(error?.cause).toBe(cause);
    expect(error?.message).toContain('mock');
    expect(onError).toHaveBeenCalledWith(error);
  });

  it('becomes unsupported when the transport says so synchronously', () => {
    const reason = new CallCardUnsupportedError('NOT_IN_PORTAL', 'nope');
    const { client, seen, listen, onError } = setup({ failWith: reason });
    listen();
    expect(client.getState()).toMatchObject({ status: 'unsupported', error: reason });
    expect(seen.map((s) => s.status)).toEqual(['unsupported']);
    expect(onError).not.toHaveBeenCalled();
  });

  it('times out into unsupported: TIMEOUT when the portal never answers', async () => {
    vi.useFakeTimers();
    const transport = createMockTransport({ answer: 'never' });
    const onError = vi.fn();
    const client = createCallCardClient({ transport, initTimeoutMs: 1000, onError });
    client.subscribe(() => {});
    await vi.advanceTimersByTimeAsync(999);
    expect(client.getState().status).toBe('connecting');
    await vi.advanceTimersByTimeAsync(1);
    const { status, error } = client.getState();
    expect(status).toBe('unsupported');
    expect((error as CallCardUnsupportedError).reason).toBe('TIMEOUT');
    expect(error?.message).toContain('1000 ms');
    expect(onError).not.toHaveBeenCalled();
  });

  it('a late answer after the timeout still connects: unsupported (TIMEOUT) → listening, error null, binds made', async () => {
    vi.useFakeTimers();
    const transport = createMockTransport({ answer: 'manual' });
    const onError = vi.fn();
    const client = createCallCardClient({ transport, initTimeoutMs: 1000, onError });
    const seen: CallCardState[] = [];
    client.subscribe((s) => seen.push(s));
    const hangup = vi.fn();
    onCallCardEvent(client, 'hangupButtonClick', hangup);
    await vi.advanceTimersByTimeAsync(1000);
    expect(client.getState()).toMatchObject({ status: 'unsupported', error: { reason: 'TIMEOUT' } });
    expect(transport.binds).toEqual([]);
    expect(getPortal(client)).toBeNull();
    transport.answer();
    await vi.advanceTimersByTimeAsync(0);
    expect(client.getState()).toMatchObject({ status: 'listening', error: null, placement: 'PAGE_BACKGROUND_WORKER' });
    expect(transport.binds).toEqual(['BackgroundCallCard::entityChanged', 'BackgroundCallCard::hangupButtonClick']);
    expect(transport.closed).toBe(false);
    expect(getPortal(client)).toMatchObject({ domain: 'example.bitrix24.com' });
    transport.emit(CONTACT);
    transport.emit(undefined, 'hangupButtonClick');
    expect(client.getState()).toMatchObject({ status: 'ready', error: null, entity: { entityId: 17 } });
    expect(hangup).toHaveBeenCalledTimes(1);
    expect(seen.map((s) => s.status)).toEqual(['connecting', 'unsupported', 'listening', 'ready']);
    expect(transport.connectCalls).toBe(1);
    expect(onError).not.toHaveBeenCalled();
  });

  it('a late answer from a transport that ignores the abort signal also connects', async () => {
    vi.useFakeTimers();
    const stubborn = stubbornTransport();
    const onError = vi.fn();
    const client = createCallCardClient({ transport: stubborn.transport, initTimeoutMs: 50, onError });
    client.subscribe(() => {});
    await vi.advanceTimersByTimeAsync(60);
    expect(client.getState().status).toBe('unsupported');
    stubborn.answer();
    await vi.advanceTimersByTimeAsync(0);
    expect(client.getState()).toMatchObject({ status: 'listening', error: null });
    expect(stubborn.state.binds).toEqual(['BackgroundCallCard::entityChanged']);
    expect(stubborn.state.closeCalls).toBe(0);
    stubborn.fire('BackgroundCallCard::entityChanged', CONTACT);
    expect(client.getState()).toMatchObject({ status: 'ready', entity: { entityId: 17 } });
    expect(onError).not.toHaveBeenCalled();
  });

  it('a failure after the timeout turns unsupported (TIMEOUT) into error', async () => {
    vi.useFakeTimers();
    const transport = createMockTransport({ answer: 'manual' });
    const onError = vi.fn();
    const client = createCallCardClient({ transport, initTimeoutMs: 100, onError });
    client.start();
    await vi.advanceTimersByTimeAsync(100);
    expect(client.getState().status).toBe('unsupported');
    const cause = new Error('gone');
    transport.fail(cause);
    await vi.advanceTimersByTimeAsync(0);
    expect(client.getState().status).toBe('error');
    expect(client.getState().error?.cause).toBe(cause);
    expect(onError).toHaveBeenCalledTimes(1);
  });
});

describe('createCallCardClient: destroy', () => {
  it('stops delivery, closes the connection and drops listeners', async () => {
    const { client, transport } = setup();
    const fn = vi.fn();
    client.subscribe(fn);
    client.destroy();
    expect(transport.closed).toBe(true);
    expect(client.getState().status).toBe('unsupported');
    expect((client.getState().error as CallCardUnsupportedError).reason).toBe('DESTROYED');
    expect(client.getConnection()).toBeNull();
    fn.mockClear();
    expect(() => transport.emit(CONTACT)).toThrow(/connection is closed \(the client was destroyed\)/);
    expect(fn).not.toHaveBeenCalled();
    const late = vi.fn();
    const off = client.subscribe(late);
    off();
    expect(transport.connectCalls).toBe(1);
    client.destroy();
  });

  it('drops event handlers and the portal; refreshAuth then rejects', async () => {
    const transport = createMockTransport({ refreshAuth: () => ({ AUTH_ID: 'fresh' }) });
    const client = createCallCardClient({ transport, onError: vi.fn() });
    const h = vi.fn();
    onCallCardEvent(client, 'hangupButtonClick', h);
    expect(getPortal(client)).not.toBeNull();
    client.destroy();
    expect(getPortal(client)).toBeNull();
    expect(() => transport.emit(undefined, 'hangupButtonClick')).toThrow(/closed/);
    expect(h).not.toHaveBeenCalled();
    await expect(refreshAuth(client)).rejects.toThrow(/Cannot refresh the token/);
    expect(transport.commands).toEqual([]);
  });

  it('ignores deliveries from a transport that keeps firing after close', async () => {
    const stubborn = stubbornTransport();
    const client = createCallCardClient({ transport: stubborn.transport, onError: vi.fn() });
    const listener = vi.fn();
    const handler = vi.fn();
    client.subscribe(listener);
    onCallCardEvent(client, 'entityChanged', handler);
    stubborn.answer();
    await tick();
    client.destroy();
    expect(stubborn.state.closeCalls).toBe(1);
    const destroyed = client.getState();
    listener.mockClear();
    stubborn.fire('BackgroundCallCard::entityChanged', CONTACT);
    expect(client.getState()).toBe(destroyed);
    expect(listener).not.toHaveBeenCalled();
    expect(handler).not.toHaveBeenCalled();
  });

  it('ignores a connection that arrives after destroy, and closes it', async () => {
    const stubborn = stubbornTransport();
    const client = createCallCardClient({ transport: stubborn.transport, onError: vi.fn() });
    client.start();
    client.destroy();
    const destroyed = client.getState();
    stubborn.answer();
    await tick();
    expect(client.getState()).toBe(destroyed);
    expect(client.getConnection()).toBeNull();
    expect(stubborn.state.binds).toEqual([]);
    expect(stubborn.state.closeCalls).toBe(1);
  });

  it('ignores an answer that arrives after destroy', async () => {
    const { client, transport, seen, listen } = setup({ answer: 'manual' });
    listen();
    client.destroy();
    const settled = client.getState();
    transport.answer();
    await tick();
    expect(client.getState()).toBe(settled);
    expect(transport.binds).toEqual([]);
    expect(seen.map((s) => s.status)).toEqual(['connecting', 'unsupported']);
  });
});

describe('createCallCardClient: initTimeoutMs', () => {
  it.each([0, Infinity])('%s waits forever', async (initTimeoutMs) => {
    vi.useFakeTimers();
    const transport = createMockTransport({ answer: 'manual' });
    const client = createCallCardClient({ transport, initTimeoutMs, onError: vi.fn() });
    client.subscribe(() => {});
    await vi.advanceTimersByTimeAsync(60_000);
    expect(client.getState().status).toBe('connecting');
    transport.answer();
    await vi.advanceTimersByTimeAsync(0);
    expect(client.getState().status).toBe('listening');
  });
});

describe('a transport whose connect returns the connection itself (no promise)', () => {
  const plain = (placement = 'PAGE_BACKGROUND_WORKER') => {
    const binds: string[] = [];
    let closed = 0;
    const connection = {
      placement,
      origin: 'https://example.bitrix24.com',
      data: {},
      receivedAt: Date.now(),
      bind: (event: string) => void binds.push(event),
      close: () => void closed++,
    };
    const transport: CallCardTransport = { name: 'plain', connect: () => connection };
    return { transport, connection, binds, closed: () => closed };
  };

  it('is connected and bound when start() returns, with no init timer started', () => {
    vi.useFakeTimers();
    const { transport, connection, binds } = plain();
    const onError = vi.fn();
    const client = createCallCardClient({ transport, onError });
    const seen: string[] = [];
    client.subscribe((s) => seen.push(s.status));
    onCallCardEvent(client, 'hangupButtonClick', () => {});
    expect(seen).toEqual(['connecting', 'listening']);
    expect(client.getConnection()).toBe(connection);
    expect(binds).toEqual(['BackgroundCallCard::entityChanged', 'BackgroundCallCard::hangupButtonClick']);
    expect(vi.getTimerCount()).toBe(0);
    expect(onError).not.toHaveBeenCalled();
  });

  it('in a placement without call-card events: unsupported (PLACEMENT) at once, the connection kept', () => {
    const { transport, connection, binds } = plain('DEFAULT');
    const client = createCallCardClient({ transport, onError: vi.fn() });
    client.start();
    expect(client.getState()).toMatchObject({
      status: 'unsupported',
      placement: 'DEFAULT',
      error: { reason: 'PLACEMENT' },
    });
    expect(client.getConnection()).toBe(connection);
    expect(binds).toEqual([]);
  });

  it('a listener that destroys the client while it is connecting: the connection is closed, nothing bound', () => {
    vi.useFakeTimers();
    const { transport, binds, closed } = plain();
    const client = createCallCardClient({ transport, onError: vi.fn() });
    const seen: string[] = [];
    client.subscribe((s) => {
      seen.push(s.status);
      if (s.status === 'connecting') client.destroy();
    });
    expect(seen).toEqual(['connecting', 'unsupported']);
    expect(client.getState().error).toMatchObject({ reason: 'DESTROYED' });
    expect(client.getConnection()).toBeNull();
    expect(binds).toEqual([]);
    expect(closed()).toBe(1);
    expect(vi.getTimerCount()).toBe(0); // no init timer for a connection handed over at once
  });

  it('a connect that throws synchronously is a transport failure, reported once', () => {
    const cause = new Error('no frame');
    const transport: CallCardTransport = {
      name: 'broken',
      connect: () => {
        throw cause;
      },
    };
    const onError = vi.fn();
    const client = createCallCardClient({ transport, onError });
    client.start();
    expect(client.getState()).toMatchObject({ status: 'error', error: { code: 'TRANSPORT', cause } });
    expect(onError).toHaveBeenCalledTimes(1);
    expect(onError).toHaveBeenCalledWith(client.getState().error);
  });
});

describe('a transport whose bind throws', () => {
  it('reports a TRANSPORT error, keeps the other binds, and binds the event again for its next handler', async () => {
    const onError = vi.fn();
    const binds: string[] = [];
    let failing = true;
    const transport: CallCardTransport = {
      name: 'throwing-bind',
      connect: () => ({
        placement: 'PAGE_BACKGROUND_WORKER',
        origin: null,
        data: {},
        receivedAt: Date.now(),
        bind(event) {
          if (failing && event.endsWith('hangupButtonClick')) throw new Error('no bind');
          binds.push(event);
        },
        close() {},
      }),
    };
    const client = createCallCardClient({ transport, onError });
    onCallCardEvent(client, 'hangupButtonClick', () => {});
    onCallCardEvent(client, 'answerButtonClick', () => {});
    // connect() gave the connection itself: bound at once, no microtask to wait for.
    expect(client.getState().status).toBe('listening');
    expect(binds).toEqual(['BackgroundCallCard::entityChanged', 'BackgroundCallCard::answerButtonClick']);
    expect(onError).toHaveBeenCalledWith(
      expect.objectContaining({ code: 'TRANSPORT', message: 'Could not bind BackgroundCallCard::hangupButtonClick' }),
    );
    failing = false;
    onCallCardEvent(client, 'hangupButtonClick', () => {});
    expect(binds).toContain('BackgroundCallCard::hangupButtonClick');
  });
});

describe('a placement without call-card events', () => {
  it('goes from connecting to unsupported in one change, the placement with it (no connecting state with a placement)', async () => {
    const client = createCallCardClient({
      transport: createMockTransport({ placement: 'DEFAULT' }),
      onError: () => {},
    });
    const seen: Array<[string, string | null]> = [];
    client.subscribe((s) => seen.push([s.status, s.placement]));
    expect(seen).toEqual([
      ['connecting', null],
      ['unsupported', 'DEFAULT'],
    ]);
  });
});

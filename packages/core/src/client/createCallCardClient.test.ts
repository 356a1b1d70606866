import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  CallCardListenerError,
  CallCardPayloadError,
  CallCardTransportError,
  CallCardUnsupportedError,
  createCallCardClient,
  getDefaultCallCardClient,
  type CallCardState,
} from '@b24-callcard/core';
import { createMockTransport } from '@b24-callcard/core/testing';
import { stubbornTransport } from './helpers/stubbornTransport';

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

describe('createCallCardClient: lifecycle', () => {
  it('starts idle and does nothing until the first subscribe', async () => {
    const { client, transport } = setup();
    expect(client.getState()).toEqual({ status: 'idle', entity: null, error: null, placement: null });
    await tick();
    expect(transport.connectCalls).toBe(0);
    expect(transport.binds).toEqual([]);
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
    expect(client.getPortal()).toBeNull();
    client.start();
    client.start();
    await tick();
    expect(transport.connectCalls).toBe(1);
    expect(client.getState().status).toBe('listening');
    expect(client.getPortal()).toMatchObject({
      domain: 'example.bitrix24.com',
      restUrl: 'https://example.bitrix24.com/rest/',
    });
  });

  it('binds CallCard::EntityChanged in the CALL_CARD placement', async () => {
    const { client, transport, listen } = setup({ placement: 'CALL_CARD' });
    listen();
    await tick();
    expect(transport.binds).toEqual(['CallCard::EntityChanged']);
    transport.emit(CONTACT, 'CallCard::EntityChanged');
    expect(client.getState()).toMatchObject({ status: 'ready', placement: 'CALL_CARD' });
  });

  it.each(['DEFAULT', 'CRM_CONTACT_DETAIL_TAB', 'LEFT_MENU'])(
    'is unsupported in placement %s and binds nothing',
    async (placement) => {
      const { client, transport, listen, onError } = setup({ placement });
      listen();
      await tick();
      const { status, error } = client.getState();
      expect(status).toBe('unsupported');
      expect(error).toBeInstanceOf(CallCardUnsupportedError);
      expect((error as CallCardUnsupportedError).reason).toBe('PLACEMENT');
      expect(error?.message).toContain(placement);
      expect(error?.message).toContain('PAGE_BACKGROUND_WORKER');
      expect(transport.binds).toEqual([]);
      expect(onError).not.toHaveBeenCalled();
    },
  );
});

describe('createCallCardClient: exactly one bind', () => {
  it('binds once however many subscribers come and go', async () => {
    const { client, transport } = setup();
    const offs = Array.from({ length: 5 }, () => client.subscribe(() => {}));
    await tick();
    offs.forEach((off) => off());
    const again = client.subscribe(() => {});
    await tick();
    again();
    client.subscribe(() => {});
    await tick();
    expect(transport.connectCalls).toBe(1);
    expect(transport.binds).toEqual(['BackgroundCallCard::entityChanged']);
  });

  it('mutes delivery when the last subscriber leaves, keeps the bind, and gives the current entity to the next one', async () => {
    const { client, transport } = setup();
    const first = vi.fn();
    const off = client.subscribe(first);
    await tick();
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
    await tick();
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
    await tick();
    off();
    off();
    transport.emit(CONTACT);
    expect(a.mock.calls.map((c) => c[0].status)).toEqual(['connecting', 'listening']);
    expect(b.mock.calls.map((c) => c[0].status)).toEqual(['listening', 'ready']);
  });
});

describe('createCallCardClient: state identity', () => {
  it('keeps the same state object when nothing changed, including a duplicate entity', async () => {
    const { client, transport, seen, listen } = setup();
    listen();
    await tick();
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
    await tick();
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
    await tick();
    const before = client.getState();
    transport.emit(CONTACT);
    expect(fn).toHaveBeenLastCalledWith(client.getState(), before);
  });
});

describe('createCallCardClient: bad payloads', () => {
  it('sets a typed error, keeps the entity and the bind, and the next valid event clears it', async () => {
    const { client, transport, onError, listen } = setup();
    listen();
    await tick();
    transport.emit(CONTACT);
    const entity = client.getState().entity;
    transport.emit({ PHONE_NUMBER: 1, CRM_ENTITY_TYPE: 'LEAD', CRM_ENTITY_ID: -4 });
    const s = client.getState();
    expect(s.status).toBe('ready');
    expect(s.entity).toBe(entity);
    expect(s.error).toBeInstanceOf(CallCardPayloadError);
    expect(onError).toHaveBeenCalledWith(s.error);
    transport.emit('garbage');
    expect((client.getState().error as CallCardPayloadError).raw).toBe('garbage');
    transport.emit(CONTACT); // same entity as before: the error still clears
    expect(client.getState()).toMatchObject({ status: 'ready', error: null });
    expect(client.getState().entity).toBe(entity);
    transport.emit(LEAD);
    expect(client.getState().entity?.entityType).toBe('LEAD');
    expect(transport.binds).toHaveLength(1);
  });

  it('stays listening when the first payload is invalid', async () => {
    const { client, transport, listen } = setup();
    listen();
    await tick();
    transport.emit(null);
    expect(client.getState()).toMatchObject({ status: 'listening', entity: null });
    expect(client.getState().error?.code).toBe('INVALID_PAYLOAD');
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
    await tick();
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
    await tick();
    expect(spy).toHaveBeenCalled();
    expect(spy.mock.calls[0]![0]).toBeInstanceOf(CallCardListenerError);
    spy.mockRestore();

    const t2 = createMockTransport();
    const c2 = createCallCardClient({
      transport: t2,
      onError: () => {
        throw new Error('onError broke');
      },
    });
    const good = vi.fn();
    c2.subscribe(() => {
      throw new Error('y');
    });
    c2.subscribe(good);
    await tick();
    t2.emit(CONTACT);
    expect(good).toHaveBeenCalledTimes(2);
    expect(c2.getState().status).toBe('ready');
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
    const { client, seen, listen } = setup({ failWith: reason });
    listen();
    expect(client.getState()).toMatchObject({ status: 'unsupported', error: reason });
    expect(seen.map((s) => s.status)).toEqual(['unsupported']);
  });

  it('times out into unsupported: TIMEOUT when the portal never answers', async () => {
    vi.useFakeTimers();
    const transport = createMockTransport({ answer: 'never' });
    const client = createCallCardClient({ transport, initTimeoutMs: 1000, onError: () => {} });
    client.subscribe(() => {});
    await vi.advanceTimersByTimeAsync(999);
    expect(client.getState().status).toBe('connecting');
    await vi.advanceTimersByTimeAsync(1);
    const { status, error } = client.getState();
    expect(status).toBe('unsupported');
    expect((error as CallCardUnsupportedError).reason).toBe('TIMEOUT');
    expect(error?.message).toContain('1000 ms');
  });

  it('ignores an answer that comes after the timeout, and closes that connection', async () => {
    vi.useFakeTimers();
    const stubborn = stubbornTransport(); // connect() ignores the abort: the client must guard
    const client = createCallCardClient({ transport: stubborn.transport, initTimeoutMs: 50 });
    client.subscribe(() => {});
    await vi.advanceTimersByTimeAsync(60);
    const timedOut = client.getState();
    stubborn.answer();
    await vi.advanceTimersByTimeAsync(0);
    expect(client.getState()).toBe(timedOut);
    expect(stubborn.state.binds).toEqual([]);
    expect(stubborn.state.closeCalls).toBe(1);
  });
});

describe('createCallCardClient: destroy', () => {
  it('stops delivery, closes the connection and drops listeners', async () => {
    const { client, transport } = setup();
    const fn = vi.fn();
    client.subscribe(fn);
    await tick();
    client.destroy();
    expect(transport.closed).toBe(true);
    expect(client.getState().status).toBe('unsupported');
    expect((client.getState().error as CallCardUnsupportedError).reason).toBe('DESTROYED');
    fn.mockClear();
    transport.emit(CONTACT);
    expect(fn).not.toHaveBeenCalled();
    const late = vi.fn();
    const off = client.subscribe(late);
    off();
    expect(transport.connectCalls).toBe(1);
    client.destroy();
  });

  it('ignores deliveries from a transport that keeps firing after close', async () => {
    const stubborn = stubbornTransport();
    const client = createCallCardClient({ transport: stubborn.transport, onError: vi.fn() });
    const listener = vi.fn();
    const handler = vi.fn();
    client.subscribe(listener);
    client.on('entityChanged', handler);
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
    const client = createCallCardClient({ transport: stubborn.transport });
    client.start();
    client.destroy();
    const destroyed = client.getState();
    stubborn.answer();
    await tick();
    expect(client.getState()).toBe(destroyed);
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

describe('getDefaultCallCardClient', () => {
  it('returns one shared client, and a new one once it was destroyed', () => {
    const first = getDefaultCallCardClient();
    expect(getDefaultCallCardClient()).toBe(first);
    expect(first.getState().status).toBe('idle');
    first.destroy();
    const second = getDefaultCallCardClient();
    expect(second).not.toBe(first);
    expect(second.getState().status).toBe('idle');
    expect(getDefaultCallCardClient()).toBe(second);
  });
});

describe('createCallCardClient: initTimeoutMs', () => {
  it.each([0, Infinity])('%s waits forever', async (initTimeoutMs) => {
    vi.useFakeTimers();
    const transport = createMockTransport({ answer: 'manual' });
    const client = createCallCardClient({ transport, initTimeoutMs });
    client.subscribe(() => {});
    await vi.advanceTimersByTimeAsync(60_000);
    expect(client.getState().status).toBe('connecting');
    transport.answer();
    await vi.advanceTimersByTimeAsync(0);
    expect(client.getState().status).toBe('listening');
  });
});

/**
 * Fault injection: portals that never answer, answer twice or too late, listeners that throw,
 * BX24 and b24jssdk objects that break. Each test asserts what the client does about it.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  CallCardListenerError,
  CallCardTransportError,
  CallCardUnsupportedError,
  b24FrameTransport,
  bx24Transport,
  createCallCardClient,
  frameTransport,
  getPortal,
  onCallCardEvent,
  type B24FrameLike,
  type Bx24Like,
  type CallCardState,
} from '@b24-callcard/core';
import { createMockTransport } from '@b24-callcard/core/testing';
import { createFakeFrame, INIT_DATA } from '../helpers/fakePortal';
import { stubbornTransport } from '../helpers/stubbornTransport';
import { expectOnlyHostWarnings } from '../helpers/hostWarning';

// The frame transports here leave allowedHosts out: frameTransport's dev warning is expected (checked, not printed).
expectOnlyHostWarnings();

const CONTACT = { PHONE_NUMBER: '+15550100', CRM_ENTITY_TYPE: 'CONTACT', CRM_ENTITY_ID: 17 };
const EVENT = 'BackgroundCallCard::entityChanged';
const tick = () => new Promise((r) => setTimeout(r, 0));

afterEach(() => vi.useRealTimers());

/** A client with an onError spy and a record of every state its listener saw. */
function track(client: ReturnType<typeof createCallCardClient>) {
  const seen: CallCardState[] = [];
  client.subscribe((s) => void seen.push(s));
  return seen;
}

const reasonOf = (state: CallCardState) => (state.error as CallCardUnsupportedError | null)?.reason;

describe('faults: the portal never answers getInitData', () => {
  it('frame transport: connecting until initTimeoutMs, then unsupported (TIMEOUT); a late answer still connects, binds and delivers', async () => {
    vi.useFakeTimers();
    const frame = createFakeFrame({ manual: true });
    const removed = vi.spyOn(frame.win, 'removeEventListener');
    const onError = vi.fn();
    const client = createCallCardClient({
      transport: frameTransport({ window: frame.win }),
      initTimeoutMs: 1000,
      onError,
    });
    const seen = track(client);
    expect(frame.commands.map((c) => c.method)).toEqual(['getInitData']);
    await vi.advanceTimersByTimeAsync(999);
    expect(client.getState().status).toBe('connecting');
    await vi.advanceTimersByTimeAsync(1);
    const state = client.getState();
    expect(state.status).toBe('unsupported');
    expect(state.error).toBeInstanceOf(CallCardUnsupportedError);
    expect(reasonOf(state)).toBe('TIMEOUT');
    expect(state.error!.message).toContain('1000');
    expect(seen.map((s) => s.status)).toEqual(['connecting', 'unsupported']);
    // The timeout is not an abort: the transport keeps waiting for the portal's answer.
    expect(removed).not.toHaveBeenCalled();
    expect(frame.commands.map((c) => c.method)).toEqual(['getInitData']);
    expect(getPortal(client)).toBeNull();
    // The portal wakes up: the client comes up (the TIMEOUT error cleared), binds once and delivers.
    frame.answerInit();
    await vi.advanceTimersByTimeAsync(100);
    expect(frame.commands.map((c) => c.method)).toEqual(['getInitData', 'placementBindEvent']);
    expect(frame.binds.get(EVENT)).toHaveLength(1);
    expect(client.getState()).toMatchObject({
      status: 'listening',
      placement: 'PAGE_BACKGROUND_WORKER',
      entity: null,
      error: null,
    });
    expect(getPortal(client)).toMatchObject({ domain: 'example.bitrix24.com', auth: { accessToken: 'token-1' } });
    expect(frame.fire(EVENT, CONTACT)).toBe(1);
    expect(client.getState()).toMatchObject({ status: 'ready', error: null, entity: { entityId: 17 } });
    expect(seen.map((s) => s.status)).toEqual(['connecting', 'unsupported', 'listening', 'ready']);
    expect(removed).not.toHaveBeenCalled();
    expect(onError).not.toHaveBeenCalled();
  });

  it('default initTimeoutMs is 5000 ms (mock transport that never answers)', async () => {
    vi.useFakeTimers();
    const transport = createMockTransport({ answer: 'never' });
    const client = createCallCardClient({ transport, onError: vi.fn() });
    client.start();
    await vi.advanceTimersByTimeAsync(4999);
    expect(client.getState().status).toBe('connecting');
    await vi.advanceTimersByTimeAsync(1);
    expect(client.getState().status).toBe('unsupported');
    expect(reasonOf(client.getState())).toBe('TIMEOUT');
    expect(transport.binds).toEqual([]);
  });
});

describe('faults: the portal answers getInitData twice', () => {
  it('the second answer is ignored: one placementBindEvent, the first placement and portal kept', async () => {
    const frame = createFakeFrame({ answerTwice: true });
    const onError = vi.fn();
    const client = createCallCardClient({ transport: frameTransport({ window: frame.win }), onError });
    const seen = track(client);
    await tick();
    expect(frame.commands.filter((c) => c.method === 'placementBindEvent')).toHaveLength(1);
    expect(frame.commands.filter((c) => c.method === 'getInitData')).toHaveLength(1);
    expect(client.getState()).toMatchObject({ status: 'listening', placement: 'PAGE_BACKGROUND_WORKER', error: null });
    expect(seen.map((s) => s.status)).toEqual(['connecting', 'listening']);
    // A third answer, much later, with another placement and token: still ignored.
    frame.post(
      `${frame.commands[0]!.callback}:${JSON.stringify({ ...INIT_DATA, PLACEMENT: 'CALL_CARD', AUTH_ID: 'token-2' })}`,
    );
    await tick();
    expect(frame.commands).toHaveLength(2);
    expect(client.getState().placement).toBe('PAGE_BACKGROUND_WORKER');
    expect(getPortal(client)!.auth.accessToken).toBe('token-1');
    expect(onError).not.toHaveBeenCalled();
    expect(frame.fire(EVENT, CONTACT)).toBe(1);
    expect(client.getState().entity?.entityId).toBe(17);
  });
});

describe('faults: the portal answers after destroy', () => {
  it('frame transport: no bind is sent and the destroyed state does not change', async () => {
    const frame = createFakeFrame({ manual: true });
    const onError = vi.fn();
    const client = createCallCardClient({ transport: frameTransport({ window: frame.win }), onError });
    const listener = vi.fn();
    client.subscribe(listener);
    client.destroy();
    const destroyed = client.getState();
    expect(destroyed.status).toBe('unsupported');
    expect(reasonOf(destroyed)).toBe('DESTROYED');
    const calls = listener.mock.calls.length;
    frame.answerInit();
    await tick();
    expect(frame.commands.map((c) => c.method)).toEqual(['getInitData']);
    expect(frame.binds.size).toBe(0);
    expect(client.getState()).toBe(destroyed);
    expect(getPortal(client)).toBeNull();
    expect(listener).toHaveBeenCalledTimes(calls);
    expect(onError).not.toHaveBeenCalled();
  });

  it('a transport that ignores the abort: the late connection is closed and nothing is bound', async () => {
    const stubborn = stubbornTransport();
    const client = createCallCardClient({ transport: stubborn.transport, onError: vi.fn() });
    client.start();
    client.destroy();
    const destroyed = client.getState();
    stubborn.answer();
    await tick();
    expect(stubborn.state.closeCalls).toBe(1);
    expect(stubborn.state.binds).toEqual([]);
    expect(client.getState()).toBe(destroyed);
    expect(getPortal(client)).toBeNull();
  });
});

describe('faults: a listener throws', () => {
  it('the other subscribers and handlers still run; onError gets a CallCardListenerError whose cause is the thrown value', async () => {
    const transport = createMockTransport();
    const onError = vi.fn();
    const client = createCallCardClient({ transport, onError });
    const thrownError = new Error('subscriber boom');
    const thrownString = 'handler boom';
    const thrownObject = { not: 'an error' };
    const order: string[] = [];
    client.subscribe(() => void order.push('a'));
    client.subscribe(() => {
      order.push('b');
      throw thrownError;
    });
    client.subscribe(() => void order.push('c'));
    onCallCardEvent(client, 'entityChanged', () => {
      order.push('h1');
      throw thrownString;
    });
    onCallCardEvent(client, 'entityChanged', (e) => void order.push('h2:' + e.entityId));
    onCallCardEvent(client, 'hangupButtonClick', () => {
      order.push('hangup');
      throw thrownObject;
    });
    order.length = 0;
    onError.mockClear();
    transport.emit(CONTACT);
    expect(order).toEqual(['a', 'b', 'c', 'h1', 'h2:17']);
    expect(client.getState()).toMatchObject({ status: 'ready', error: null, entity: { entityId: 17 } });
    transport.emit(undefined, 'hangupButtonClick');
    expect(order).toContain('hangup');
    const errors = onError.mock.calls.map(([e]) => e as CallCardListenerError);
    expect(errors).toHaveLength(3);
    for (const e of errors) {
      expect(e).toBeInstanceOf(CallCardListenerError);
      expect(e.code).toBe('LISTENER');
    }
    expect(errors.map((e) => e.cause)).toEqual([thrownError, thrownString, thrownObject]);
    expect(errors[0]!.cause).toBe(thrownError);
    expect(errors[2]!.cause).toBe(thrownObject);
  });

  it('an onError that throws too does not break delivery', async () => {
    const transport = createMockTransport();
    const onError = vi.fn(() => {
      throw new Error('onError boom');
    });
    const client = createCallCardClient({ transport, onError });
    const good = vi.fn();
    client.subscribe(() => {
      throw new Error('listener boom');
    });
    client.subscribe(good);
    expect(() => transport.emit(CONTACT)).not.toThrow();
    expect(() => transport.emit({ CRM_ENTITY_ID: -1 })).not.toThrow();
    expect(good).toHaveBeenCalled();
    expect(client.getState().entity?.entityId).toBe(17);
    expect(onError.mock.calls.length).toBeGreaterThanOrEqual(2);
  });
});

/** A fake classic BX24 whose pieces can be made to fail. */
function fakeBx24(opts: { infoThrows?: unknown; neverInit?: boolean } = {}) {
  const inits: Array<() => void> = [];
  const bindEvent = vi.fn();
  const bx = {
    init(cb: () => void) {
      inits.push(cb);
      if (!opts.neverInit) setTimeout(cb, 10);
    },
    placement: {
      info() {
        if (opts.infoThrows !== undefined) throw opts.infoThrows;
        return { placement: 'PAGE_BACKGROUND_WORKER', options: {} };
      },
      bindEvent,
    },
    getAuth: () => ({ access_token: 'tok', domain: 'example.bitrix24.com' }),
  };
  return { bx: bx as Bx24Like, inits, bindEvent };
}

describe('faults: BX24', () => {
  it('BX24 present but placement.info() throws → status error, CallCardTransportError with the cause, no bind', async () => {
    vi.useFakeTimers();
    const cause = new Error('info exploded');
    const { bx, bindEvent } = fakeBx24({ infoThrows: cause });
    const onError = vi.fn();
    const client = createCallCardClient({ transport: bx24Transport({ bx24: bx }), onError });
    const seen = track(client);
    await vi.advanceTimersByTimeAsync(20);
    const { status, error } = client.getState();
    expect(status).toBe('error');
    expect(error).toBeInstanceOf(CallCardTransportError);
    expect(error!.code).toBe('TRANSPORT');
    expect(error!.cause).toBe(cause);
    expect(onError).toHaveBeenCalledTimes(1);
    expect(onError).toHaveBeenCalledWith(error);
    expect(bindEvent).not.toHaveBeenCalled();
    expect(seen.map((s) => s.status)).toEqual(['connecting', 'error']);
    // The timeout that was armed for init does not overwrite the error later.
    await vi.advanceTimersByTimeAsync(10_000);
    expect(client.getState().status).toBe('error');
  });

  it('BX24.init never calls back → unsupported (TIMEOUT); a callback after the timeout still connects, binds and delivers', async () => {
    vi.useFakeTimers();
    const { bx, inits, bindEvent } = fakeBx24({ neverInit: true });
    const onError = vi.fn();
    const client = createCallCardClient({ transport: bx24Transport({ bx24: bx }), initTimeoutMs: 2000, onError });
    client.start();
    await vi.advanceTimersByTimeAsync(1999);
    expect(client.getState().status).toBe('connecting');
    await vi.advanceTimersByTimeAsync(1);
    const timedOut = client.getState();
    expect(timedOut.status).toBe('unsupported');
    expect(reasonOf(timedOut)).toBe('TIMEOUT');
    expect(inits).toHaveLength(1);
    expect(bindEvent).not.toHaveBeenCalled();
    inits[0]!();
    await vi.advanceTimersByTimeAsync(100);
    expect(bindEvent).toHaveBeenCalledExactlyOnceWith(EVENT, expect.any(Function));
    expect(client.getState()).toMatchObject({ status: 'listening', placement: 'PAGE_BACKGROUND_WORKER', error: null });
    const deliver = bindEvent.mock.calls[0]![1] as (payload: unknown) => void;
    deliver(CONTACT);
    expect(client.getState()).toMatchObject({ status: 'ready', error: null, entity: { entityId: 17 } });
    expect(onError).not.toHaveBeenCalled();
  });
});

describe('faults: b24jssdk-like frames', () => {
  it('the frame promise rejects → status error, CallCardTransportError with the rejection as cause', async () => {
    const cause = new Error('initializeB24Frame failed');
    const frame = Promise.reject(cause);
    frame.catch(() => {}); // handled by the transport; keeps Node from flagging it before connect
    const onError = vi.fn();
    const client = createCallCardClient({ transport: b24FrameTransport({ frame }), onError });
    track(client);
    await tick();
    const { status, error } = client.getState();
    expect(status).toBe('error');
    expect(error).toBeInstanceOf(CallCardTransportError);
    expect(error!.cause).toBe(cause);
    expect(error!.message).toContain('b24jssdk');
    expect(onError).toHaveBeenCalledExactlyOnceWith(error);
  });

  it('the frame promise never settles → unsupported (TIMEOUT)', async () => {
    vi.useFakeTimers();
    const client = createCallCardClient({
      transport: b24FrameTransport({ frame: new Promise<B24FrameLike>(() => {}) }),
      initTimeoutMs: 3000,
      onError: vi.fn(),
    });
    client.start();
    await vi.advanceTimersByTimeAsync(3000);
    expect(client.getState().status).toBe('unsupported');
    expect(reasonOf(client.getState())).toBe('TIMEOUT');
  });

  it('a frame whose placement throws → error with the cause; a bindEvent that rejects → onError, still listening', async () => {
    // Neither frame has getTargetOrigin (optional in B24FrameLike): the transport must then connect
    // with no origin (REST refused), so only the placement getter can make `a` fail.
    const cause = new TypeError('placement is broken');
    const broken = {
      get placement(): never {
        throw cause;
      },
    } as unknown as B24FrameLike;
    const a = createCallCardClient({ transport: b24FrameTransport({ frame: broken }), onError: vi.fn() });
    a.start();
    await tick();
    expect(a.getState().status).toBe('error');
    expect(a.getState().error).toBeInstanceOf(CallCardTransportError);
    expect(a.getState().error!.cause).toBe(cause);

    const bindCause = new Error('bind rejected');
    const frame: B24FrameLike = {
      placement: { placement: 'PAGE_BACKGROUND_WORKER', bindEvent: () => Promise.reject(bindCause) },
    };
    const onError = vi.fn();
    const b = createCallCardClient({ transport: b24FrameTransport({ frame }), onError });
    b.start();
    await tick();
    expect(b.getState()).toMatchObject({ status: 'listening', error: null });
    expect(onError).toHaveBeenCalledTimes(1);
    const e = onError.mock.calls[0]![0] as CallCardTransportError;
    expect(e).toBeInstanceOf(CallCardTransportError);
    expect(e.cause).toBe(bindCause);
    expect(e.message).toContain(EVENT);
  });
});

describe('faults: transports that fail', () => {
  it('a rejected connect that is not "unsupported" → error, reported once; an unsupported one is not reported', async () => {
    const cause = new Error('socket closed');
    const onError = vi.fn();
    const a = createCallCardClient({ transport: createMockTransport({ failWith: cause }), onError });
    a.start();
    await tick();
    expect(a.getState().status).toBe('error');
    expect(a.getState().error).toBeInstanceOf(CallCardTransportError);
    expect(a.getState().error!.cause).toBe(cause);
    expect(onError).toHaveBeenCalledExactlyOnceWith(a.getState().error);

    const onError2 = vi.fn();
    const b = createCallCardClient({
      transport: createMockTransport({ failWith: new CallCardUnsupportedError('NOT_IN_PORTAL', 'nope') }),
      onError: onError2,
    });
    b.start(); // the mock throws an unsupported error synchronously: no wait
    expect(b.getState().status).toBe('unsupported');
    expect(reasonOf(b.getState())).toBe('NOT_IN_PORTAL');
    expect(onError2).not.toHaveBeenCalled();
  });

  it('the portal answers getInitData with something that is not an object → error, nothing bound', async () => {
    const frame = createFakeFrame({ manual: true });
    const onError = vi.fn();
    const client = createCallCardClient({ transport: frameTransport({ window: frame.win }), onError });
    client.start();
    frame.post(`${frame.commands[0]!.callback}:"just a string"`);
    await tick();
    expect(client.getState().status).toBe('error');
    expect(client.getState().error).toBeInstanceOf(CallCardTransportError);
    expect(frame.binds.size).toBe(0);
    expect(onError).toHaveBeenCalledTimes(1);
  });
});

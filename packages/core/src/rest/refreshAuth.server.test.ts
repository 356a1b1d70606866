import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMockTransport, mockPortalData } from '@b24-callcard/core/testing';
import { createCallCardClient } from '../client/createCallCardClient';
import { CallCardTransportError } from '../errors';
import type { CallCardTransport, PortalData, TransportConnection } from '../transports/transport';
import { getPortal } from './getPortal';
import { refreshAuth } from './refreshAuth';
import { whenPortal } from './whenPortal';

const quiet = { onError: () => {} };

/** A promise settled by hand. */
function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/**
 * A transport whose `send` returns a spy as its forget function (a frame-protocol transport keeps
 * its callback map private: the spy shows the request was forgotten), answered by hand.
 */
function spyTransport(patch: Partial<TransportConnection> = {}) {
  const forget = vi.fn();
  const answers: Array<(answer: unknown) => void> = [];
  const send = vi.fn((_command: string, _params: unknown, onAnswer: (answer: unknown) => void) => {
    answers.push(onAnswer);
    return forget;
  });
  const connection: TransportConnection = {
    placement: 'PAGE_BACKGROUND_WORKER',
    origin: 'https://example.bitrix24.com',
    data: mockPortalData(),
    receivedAt: Date.now(),
    bind() {},
    send,
    close() {},
    ...patch,
  };
  const transport: CallCardTransport = { name: 'spy', connect: async () => connection };
  return { transport, send, forget, answer: (a: unknown) => answers.at(-1)!(a) };
}

const rejection = (p: Promise<unknown>): Promise<Error & { code?: string }> =>
  p.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e as Error,
  );

afterEach(() => {
  vi.useRealTimers();
});

describe('refreshAuth', () => {
  it('waits without a timer with timeoutMs 0 or Infinity (setTimeout would fire at once)', async () => {
    vi.useFakeTimers();
    for (const timeoutMs of [0, Infinity]) {
      const { transport, answer } = spyTransport();
      const client = createCallCardClient({ transport, ...quiet });
      client.start();
      await vi.advanceTimersByTimeAsync(0);
      const pending = refreshAuth(client, { timeoutMs });
      await vi.advanceTimersByTimeAsync(60_000);
      answer({ AUTH_ID: 'late-but-fine' });
      await expect(pending).resolves.toMatchObject({ auth: { accessToken: 'late-but-fine' } });
    }
  });

  it('resolves when the transport answers synchronously, inside send itself', async () => {
    const { transport } = spyTransport({
      send: (_command, _params, onAnswer) => (onAnswer({ AUTH_ID: 'fresh' }), () => {}),
    });
    const client = createCallCardClient({ transport, ...quiet });
    await whenPortal(client);
    await expect(refreshAuth(client)).resolves.toMatchObject({ auth: { accessToken: 'fresh' } });
  });

  it('rejects with what send threw, and its timer leaves nothing behind', async () => {
    vi.useFakeTimers();
    const { transport } = spyTransport({
      send: () => {
        throw new CallCardTransportError('cannot send');
      },
    });
    const client = createCallCardClient({ transport, ...quiet });
    client.start();
    await vi.advanceTimersByTimeAsync(0);
    await expect(refreshAuth(client, { timeoutMs: 100 })).rejects.toThrow('cannot send');
    await vi.advanceTimersByTimeAsync(200); // no ReferenceError from a late timer
    expect(vi.getTimerCount()).toBe(0);
  });

  it("sends the portal's refreshAuth and resolves with the portal info that getPortal gives from then on", async () => {
    const transport = createMockTransport({
      refreshAuth: () => ({ AUTH_ID: 'fresh', REFRESH_ID: 'fresh-refresh', AUTH_EXPIRES: 3600 }),
    });
    const client = createCallCardClient({ transport });
    expect((await whenPortal(client)).auth.accessToken).toBe('mock-access-token');
    const portal = await refreshAuth(client);
    expect(transport.commands).toEqual([{ command: 'refreshAuth', params: undefined }]);
    expect(portal.auth.accessToken).toBe('fresh');
    expect(portal.auth.refreshToken).toBe('fresh-refresh');
    expect(getPortal(client)).toBe(portal);
  });

  it('shares one request between concurrent calls, and sends a new one after it settled', async () => {
    let refreshes = 0;
    const transport = createMockTransport({ refreshAuth: async () => ({ AUTH_ID: `fresh-${++refreshes}` }) });
    const client = createCallCardClient({ transport });
    await whenPortal(client);
    const a = refreshAuth(client);
    const b = refreshAuth(client);
    const c = refreshAuth(client, { timeoutMs: 1 });
    expect(b).toBe(a);
    expect(c).toBe(a);
    expect((await a).auth.accessToken).toBe('fresh-1');
    expect(await b).toBe(await a);
    expect(transport.commands).toHaveLength(1);
    expect(refreshes).toBe(1);
    const d = refreshAuth(client);
    expect(d).not.toBe(a);
    expect((await d).auth.accessToken).toBe('fresh-2');
    expect(transport.commands).toHaveLength(2);
  });

  it('keeps one request per client', async () => {
    const one = createCallCardClient({ transport: createMockTransport({ refreshAuth: () => ({ AUTH_ID: 'one' }) }) });
    const two = createCallCardClient({ transport: createMockTransport({ refreshAuth: () => ({ AUTH_ID: 'two' }) }) });
    await Promise.all([whenPortal(one), whenPortal(two)]);
    const [p1, p2] = [refreshAuth(one), refreshAuth(two)];
    expect(p1).not.toBe(p2);
    expect((await p1).auth.accessToken).toBe('one');
    expect((await p2).auth.accessToken).toBe('two');
  });

  it('rejects on a portal answer without AUTH_ID, and keeps the old token', async () => {
    for (const answer of [{}, { AUTH_ID: '' }, { AUTH_ID: 5 }, { REFRESH_ID: 'r' }, null, false, 'token']) {
      const spy = spyTransport();
      const client = createCallCardClient({ transport: spy.transport });
      const before = await whenPortal(client);
      const pending = rejection(refreshAuth(client));
      spy.answer(answer);
      const err = await pending;
      expect(err, JSON.stringify(answer)).toBeInstanceOf(CallCardTransportError);
      expect(err.code).toBe('TRANSPORT');
      expect(err.message).toMatch(/no token/);
      expect(spy.forget).toHaveBeenCalledTimes(1);
      expect(getPortal(client)).toBe(before);
    }
  });

  it('forgets the request once answered', async () => {
    vi.useFakeTimers();
    const spy = spyTransport();
    const client = createCallCardClient({ transport: spy.transport });
    await whenPortal(client);
    const pending = refreshAuth(client);
    expect(spy.send).toHaveBeenCalledWith('refreshAuth', undefined, expect.any(Function), expect.any(Function));
    expect(spy.forget).not.toHaveBeenCalled();
    spy.answer({ AUTH_ID: 'fresh' });
    expect((await pending).auth.accessToken).toBe('fresh');
    expect(spy.forget).toHaveBeenCalledTimes(1);
    expect(vi.getTimerCount()).toBe(0); // the timeout is cleared
  });

  describe('timeout', () => {
    it('rejects after 10 s by default, and forgets the request: a late answer changes nothing', async () => {
      const late = deferred<PortalData>();
      const transport = createMockTransport({ refreshAuth: () => late.promise });
      const client = createCallCardClient({ transport });
      const before = await whenPortal(client);
      vi.useFakeTimers();
      let settled = false;
      const pending = rejection(refreshAuth(client)).finally(() => (settled = true));
      await vi.advanceTimersByTimeAsync(9_999);
      expect(settled).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      expect(settled).toBe(true);
      const err = await pending;
      expect(err).toBeInstanceOf(CallCardTransportError);
      expect(err.message).toMatch(/10000 ms/);
      expect(transport.commands).toEqual([{ command: 'refreshAuth', params: undefined }]);
      // The portal answers after all: the forgotten request ignores it.
      late.resolve({ AUTH_ID: 'too-late' });
      await late.promise;
      await Promise.resolve();
      expect(getPortal(client)).toBe(before);
      expect(getPortal(client)!.auth.accessToken).toBe('mock-access-token');
      expect(transport.commands).toHaveLength(1);
    });

    it('rejects after timeoutMs and calls the forget function of the request', async () => {
      const spy = spyTransport();
      const client = createCallCardClient({ transport: spy.transport });
      await whenPortal(client);
      vi.useFakeTimers();
      const pending = rejection(refreshAuth(client, { timeoutMs: 250 }));
      await vi.advanceTimersByTimeAsync(249);
      expect(spy.forget).not.toHaveBeenCalled();
      await vi.advanceTimersByTimeAsync(1);
      expect((await pending).message).toMatch(/250 ms/);
      expect(spy.forget).toHaveBeenCalledTimes(1);
      expect(vi.getTimerCount()).toBe(0);
      // A new call after the timeout sends a new request.
      void refreshAuth(client).catch(() => {});
      expect(spy.send).toHaveBeenCalledTimes(2);
    });

    it('times out with a mock transport that has no refresh support', async () => {
      const transport = createMockTransport();
      const client = createCallCardClient({ transport });
      await whenPortal(client);
      vi.useFakeTimers();
      const pending = rejection(refreshAuth(client, { timeoutMs: 100 }));
      await vi.advanceTimersByTimeAsync(100);
      expect((await pending).code).toBe('TRANSPORT');
      expect(transport.commands).toHaveLength(1);
    });
  });

  describe('when it cannot refresh', () => {
    it('rejects when the client is not connected', async () => {
      const client = createCallCardClient({ transport: createMockTransport({ answer: 'manual' }) });
      const err = await rejection(refreshAuth(client));
      expect(err).toBeInstanceOf(CallCardTransportError);
      expect(err.message).toMatch(/Cannot refresh the token/);
      client.start(); // connecting
      expect((await rejection(refreshAuth(client))).message).toMatch(/Cannot refresh the token/);
    });

    it('rejects when the transport cannot send commands', async () => {
      const client = createCallCardClient({ transport: spyTransport({ send: undefined }).transport });
      await whenPortal(client);
      const err = await rejection(refreshAuth(client));
      expect(err).toBeInstanceOf(CallCardTransportError);
      expect(err.message).toMatch(/Cannot refresh the token/);
    });

    it('rejects, without asking, when the transport names no checked portal host', async () => {
      const spy = spyTransport({ origin: null });
      const client = createCallCardClient({ transport: spy.transport, ...quiet });
      client.start();
      await whenPortal(client).catch(() => {});
      expect(client.getConnection()).not.toBeNull();
      expect((await rejection(refreshAuth(client))).message).toMatch(/Cannot refresh the token/);
      expect(spy.send).not.toHaveBeenCalled();
    });

    it('rejects when the client is destroyed during the refresh', async () => {
      const spy = spyTransport();
      const client = createCallCardClient({ transport: spy.transport });
      await whenPortal(client);
      const pending = rejection(refreshAuth(client));
      client.destroy();
      spy.answer({ AUTH_ID: 'fresh' });
      const err = await pending;
      expect(err).toBeInstanceOf(CallCardTransportError);
      expect(err.message).toMatch(/destroyed/);
      expect(getPortal(client)).toBeNull();
    });
  });
});

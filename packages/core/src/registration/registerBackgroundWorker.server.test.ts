import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  CallCardRegistrationError,
  CallCardRestError,
  createCallCardClient,
  createRestCaller,
  frameTransport,
  registerBackgroundWorker,
  unregisterBackgroundWorker,
  type PortalInfo,
  type RestCaller,
} from '@b24-callcard/core';
import { createMockTransport, mockPortal, mockPortalData } from '@b24-callcard/core/testing';
import { startSimulator, type Simulator } from '../../../simulator/src/server';

// Against the simulator's REST side: real HTTP, Bitrix24's answer shapes, token checks.
let sim: Simulator;
let portal: PortalInfo;
const HANDLER = 'https://app.example.com/worker/';
const ERR = 'https://app.example.com/worker-error';

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
  const { AUTH_ID } = sim.rest.issueToken();
  const base = mockPortal();
  portal = { ...base, restUrl: `${sim.url}rest/`, auth: { ...base.auth, accessToken: AUTH_ID } };
});
afterAll(() => sim.close());

describe('registerBackgroundWorker', () => {
  it('binds PAGE_BACKGROUND_WORKER with the options, then reports it as already registered', async () => {
    expect(
      await registerBackgroundWorker({ handler: HANDLER, errorHandlerUrl: ERR, title: 'Call helper', rest: portal }),
    ).toBe('registered');
    expect(sim.rest.placements).toEqual([
      expect.objectContaining({
        placement: 'PAGE_BACKGROUND_WORKER',
        handler: HANDLER,
        title: 'Call helper',
        options: { errorHandlerUrl: ERR },
      }),
    ]);
    expect(await registerBackgroundWorker({ handler: HANDLER, errorHandlerUrl: ERR, rest: portal })).toBe(
      'already-registered',
    );
    expect(sim.rest.placements).toHaveLength(1);
  });

  it('refuses a second handler with a clear error', async () => {
    const err = await registerBackgroundWorker({
      handler: 'https://other.example.com/w',
      errorHandlerUrl: ERR,
      rest: portal,
    }).catch((e) => e);
    expect(err).toBeInstanceOf(CallCardRegistrationError);
    expect(err.reason).toBe('ALREADY_BOUND');
    expect(err.message).toContain(HANDLER);
  });

  it('tells per-user registrations apart by user id', async () => {
    const forUser = { handler: 'https://other.example.com/w', errorHandlerUrl: ERR, rest: portal, userId: 7 };
    expect(await registerBackgroundWorker(forUser)).toBe('registered');
    expect(await registerBackgroundWorker(forUser)).toBe('already-registered');
    const second = await registerBackgroundWorker({ ...forUser, handler: 'https://third.example.com/w' }).catch(
      (e) => e,
    );
    expect(second.reason).toBe('ALREADY_BOUND');
    // The handler registered for user 7 is not "already registered" for every user.
    const all = await registerBackgroundWorker({ ...forUser, userId: undefined }).catch((e) => e);
    expect(all.reason).toBe('ALREADY_BOUND');
    expect(all.message).toContain(HANDLER);
    expect(await unregisterBackgroundWorker('https://other.example.com/w', { rest: portal })).toBe(1);
  });

  it('unregisters, by handler or all', async () => {
    expect(await unregisterBackgroundWorker('https://nope.example.com/', { rest: portal })).toBe(0);
    expect(await unregisterBackgroundWorker(HANDLER, { rest: portal })).toBe(1);
    expect(sim.rest.placements).toHaveLength(0);
  });

  it('checks errorHandlerUrl and URLs before any REST call', async () => {
    const rest = vi.fn();
    const missing = await registerBackgroundWorker({ handler: HANDLER, errorHandlerUrl: '', rest }).catch((e) => e);
    expect(missing.reason).toBe('MISSING_ERROR_HANDLER_URL');
    const bad = await registerBackgroundWorker({ handler: '/worker', errorHandlerUrl: ERR, rest }).catch((e) => e);
    expect(bad.reason).toBe('INVALID_URL');
    expect(bad.message).toContain('handler');
    const ftp = await registerBackgroundWorker({ handler: HANDLER, errorHandlerUrl: 'ftp://x/y', rest }).catch(
      (e) => e,
    );
    expect(ftp.reason).toBe('INVALID_URL');
    expect(rest).not.toHaveBeenCalled();
  });

  it('checks the admin rights first', async () => {
    sim.rest.setAdmin(false);
    try {
      const err = await registerBackgroundWorker({ handler: HANDLER, errorHandlerUrl: ERR, rest: portal }).catch(
        (e) => e,
      );
      expect(err.reason).toBe('NOT_ADMIN');
      expect(sim.rest.placements).toHaveLength(0);
      const err2 = await unregisterBackgroundWorker(undefined, { rest: portal }).catch((e) => e);
      expect(err2.reason).toBe('NOT_ADMIN');
    } finally {
      sim.rest.setAdmin(true);
    }
  });

  it('passes REST errors through as CallCardRestError (expired token)', async () => {
    sim.rest.expireAll();
    const err = await registerBackgroundWorker({ handler: HANDLER, errorHandlerUrl: ERR, rest: portal }).catch(
      (e) => e,
    );
    expect(err).toBeInstanceOf(CallCardRestError);
    expect(err.error).toBe('expired_token');
    expect(err.status).toBe(401);
    const { AUTH_ID } = sim.rest.issueToken();
    portal = { ...portal, auth: { ...portal.auth, accessToken: AUTH_ID } };
  });

  it("uses the connected client's portal by default (waiting for it to connect)", async () => {
    const transport = createMockTransport({
      placement: 'DEFAULT',
      origin: new URL(sim.url).origin,
      data: { ...mockPortalData(), AUTH_ID: portal.auth.accessToken },
      answer: 'manual',
    });
    const client = createCallCardClient({ transport });
    const pending = registerBackgroundWorker({ handler: HANDLER, errorHandlerUrl: ERR, client });
    transport.answer();
    expect(await pending).toBe('registered');
    await unregisterBackgroundWorker(HANDLER, { client });
  });

  it('says NOT_CONNECTED when the client cannot reach a portal', async () => {
    const client = createCallCardClient({ transport: frameTransport() }); // no window here: unsupported
    const err = await registerBackgroundWorker({ handler: HANDLER, errorHandlerUrl: ERR, client }).catch((e) => e);
    expect(err.reason).toBe('NOT_CONNECTED');
    expect(err.message).toMatch(/No window/);
  });
});

describe('REST options of the registration helpers', () => {
  const answers: Record<string, unknown> = {
    'user.admin': true,
    'placement.get': [],
    'placement.bind': true,
    'placement.unbind': { count: 1 },
  };
  const json = (body: unknown, status = 200): Response =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  /** A fetch answering each method from `answers`; `override` answers some methods otherwise. */
  const portalFetch = (override: Record<string, () => Response | Promise<Response>> = {}) =>
    vi.fn<typeof globalThis.fetch>(async (url, init) => {
      const method = decodeURIComponent(/\/rest\/(.+)\.json$/.exec(String(url))![1]!);
      if (override[method]) {
        const answer = override[method]!();
        // A pending answer gives up as the real fetch does: when its signal aborts.
        return init?.signal
          ? Promise.race([
              answer,
              new Promise<never>((_resolve, reject) =>
                init.signal!.addEventListener('abort', () => reject(init.signal!.reason), { once: true }),
              ),
            ])
          : answer;
      }
      return json({ result: answers[method] });
    });
  const methodsOf = (f: ReturnType<typeof portalFetch>) =>
    f.mock.calls.map(([url]) => decodeURIComponent(/\/rest\/(.+)\.json$/.exec(String(url))![1]!));
  const never = () => new Promise<Response>(() => {});
  const html = () => new Response('<!doctype html><title>Log in</title>', { headers: { 'content-type': 'text/html' } });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('passes signal and timeoutMs to every REST call', async () => {
    const spy = vi.fn(async (method: string, _params?: Record<string, unknown>, _options?: unknown) => answers[method]);
    const rest = spy as unknown as RestCaller;
    const { signal } = new AbortController();
    expect(
      await registerBackgroundWorker({ handler: HANDLER, errorHandlerUrl: ERR, rest, signal, timeoutMs: 1234 }),
    ).toBe('registered');
    expect(spy.mock.calls.map((c) => c[0])).toEqual(['user.admin', 'placement.get', 'placement.bind']);
    for (const call of spy.mock.calls) expect(call[2]).toEqual({ signal, timeoutMs: 1234 });

    spy.mockClear();
    expect(await unregisterBackgroundWorker(HANDLER, { rest, signal, timeoutMs: 99 })).toBe(1);
    expect(spy.mock.calls.map((c) => c[0])).toEqual(['user.admin', 'placement.unbind']);
    for (const call of spy.mock.calls) expect(call[2]).toEqual({ signal, timeoutMs: 99 });
  });

  it("rejects when the portal answers placement.bind with a 200 that is not REST JSON (never 'registered')", async () => {
    const fetch = portalFetch({ 'placement.bind': html });
    const rest = createRestCaller(mockPortal(), { fetch });
    const err = await registerBackgroundWorker({ handler: HANDLER, errorHandlerUrl: ERR, rest }).catch((e) => e);
    expect(err).toBeInstanceOf(CallCardRestError);
    expect(err.reason).toBe('INVALID_RESPONSE');
    expect(err.method).toBe('placement.bind');
    expect(methodsOf(fetch)).toEqual(['user.admin', 'placement.get', 'placement.bind']);
  });

  it('rejects when the portal answers user.admin or placement.unbind with a 200 that is not REST JSON', async () => {
    const admin = await registerBackgroundWorker({
      handler: HANDLER,
      errorHandlerUrl: ERR,
      rest: createRestCaller(mockPortal(), { fetch: portalFetch({ 'user.admin': html }) }),
    }).catch((e) => e);
    expect(admin).toBeInstanceOf(CallCardRestError);
    expect(admin.reason).toBe('INVALID_RESPONSE');
    const unbind = await unregisterBackgroundWorker(HANDLER, {
      rest: createRestCaller(mockPortal(), { fetch: portalFetch({ 'placement.unbind': html }) }),
    }).catch((e) => e);
    expect(unbind).toBeInstanceOf(CallCardRestError);
    expect(unbind.reason).toBe('INVALID_RESPONSE');
  });

  it('gives up on a REST call after timeoutMs', async () => {
    vi.useFakeTimers();
    const fetch = portalFetch({ 'placement.get': never });
    const rest = createRestCaller(mockPortal(), { fetch });
    let settled = false;
    const pending = registerBackgroundWorker({ handler: HANDLER, errorHandlerUrl: ERR, rest, timeoutMs: 500 })
      .catch((e) => e)
      .finally(() => (settled = true));
    await vi.advanceTimersByTimeAsync(499);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const err = await pending;
    expect(err).toBeInstanceOf(CallCardRestError);
    expect(err.reason).toBe('TIMEOUT');
    expect(err.method).toBe('placement.get');
    expect(fetch.mock.calls[1]![1]!.signal!.aborted).toBe(true);
    expect(methodsOf(fetch)).toEqual(['user.admin', 'placement.get']);
  });

  it('cancels with the signal: rejects with its reason and makes no further call', async () => {
    let reached!: () => void;
    const unbindSent = new Promise<void>((resolve) => (reached = resolve));
    const fetch = portalFetch({ 'placement.unbind': () => (reached(), never()) });
    const rest = createRestCaller(mockPortal(), { fetch });
    const ctrl = new AbortController();
    const pending = unregisterBackgroundWorker(undefined, { rest, signal: ctrl.signal }).catch((e) => e);
    await unbindSent;
    expect(methodsOf(fetch)).toEqual(['user.admin', 'placement.unbind']);
    const reason = new Error('user left');
    ctrl.abort(reason);
    expect(await pending).toBe(reason);
    expect(fetch.mock.calls[1]![1]!.signal!.aborted).toBe(true);

    const before = fetch.mock.calls.length;
    const already = await registerBackgroundWorker({
      handler: HANDLER,
      errorHandlerUrl: ERR,
      rest,
      signal: AbortSignal.abort(reason),
    }).catch((e) => e);
    expect(already).toBe(reason);
    expect(fetch).toHaveBeenCalledTimes(before);
  });

  it('reaches the REST calls made with a portal or a client target too', async () => {
    // An already aborted signal: nothing reaches the simulator.
    const calls: string[] = [];
    const off = sim.rest.onCall((e) => calls.push(e.method));
    try {
      const reason = new Error('cancelled');
      const signal = AbortSignal.abort(reason);
      expect(
        await registerBackgroundWorker({ handler: HANDLER, errorHandlerUrl: ERR, rest: portal, signal }).catch(
          (e) => e,
        ),
      ).toBe(reason);
      const client = createCallCardClient({
        transport: createMockTransport({
          origin: new URL(sim.url).origin,
          data: { ...mockPortalData(), AUTH_ID: portal.auth.accessToken },
        }),
      });
      expect(await unregisterBackgroundWorker(HANDLER, { client, signal }).catch((e) => e)).toBe(reason);
      expect(calls).toEqual([]);
    } finally {
      off();
    }

    // A portal that never answers: timeoutMs gives up.
    const silent: Server = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const silentOrigin = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
      const silentPortal: PortalInfo = { ...portal, restUrl: `${silentOrigin}/rest/` };
      const viaPortal = await registerBackgroundWorker({
        handler: HANDLER,
        errorHandlerUrl: ERR,
        rest: silentPortal,
        timeoutMs: 50,
      }).catch((e) => e);
      expect(viaPortal).toBeInstanceOf(CallCardRestError);
      expect(viaPortal.reason).toBe('TIMEOUT');
      const client = createCallCardClient({ transport: createMockTransport({ origin: silentOrigin }) });
      const viaClient = await unregisterBackgroundWorker(undefined, { client, timeoutMs: 50 }).catch((e) => e);
      expect(viaClient).toBeInstanceOf(CallCardRestError);
      expect(viaClient.reason).toBe('TIMEOUT');
    } finally {
      silent.closeAllConnections();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});

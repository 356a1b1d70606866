import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  CallCardRegistrationError,
  CallCardRestError,
  createCallCardClient,
  registerBackgroundWorker,
  unregisterBackgroundWorker,
  type PortalInfo,
} from '@b24-callcard/core';
import { createMockTransport, mockPortal } from '@b24-callcard/core/testing';
import { startSimulator, type Simulator } from '../../simulator/src/server';

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
    const transport = createMockTransport({ placement: 'DEFAULT', portal, answer: 'manual' });
    const client = createCallCardClient({ transport });
    const pending = registerBackgroundWorker({ handler: HANDLER, errorHandlerUrl: ERR, client });
    transport.answer();
    expect(await pending).toBe('registered');
    await unregisterBackgroundWorker(HANDLER, { client });
  });

  it('says NOT_CONNECTED when the client cannot reach a portal', async () => {
    const client = createCallCardClient(); // no window here: unsupported
    const err = await registerBackgroundWorker({ handler: HANDLER, errorHandlerUrl: ERR, client }).catch((e) => e);
    expect(err.reason).toBe('NOT_CONNECTED');
    expect(err.message).toMatch(/No window/);
  });
});

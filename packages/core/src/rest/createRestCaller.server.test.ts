import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  CallCardRestError,
  createCallCardClient,
  createRestCaller,
  type CallCardTransport,
  type PortalData,
  type PortalInfo,
} from '@b24-callcard/core';
import { createMockTransport, mockPortal, mockPortalData, type MockTransport } from '@b24-callcard/core/testing';
import { startSimulator, type Simulator } from '../../../simulator/src/server';

let sim: Simulator;
/** The simulator's origin: the mock transport's checked origin, so REST goes to the simulator. */
let origin: string;
const dataWith = (token: PortalData): PortalData => ({ ...mockPortalData(), ...token });

/** The mock transport, minus `send`: a transport that cannot refresh the token. */
const withoutSend = (mock: MockTransport): CallCardTransport => ({
  name: 'no-send',
  connect: async (options) => ({ ...(await mock.connect(options)), send: undefined }),
});

const json = (body: unknown, status = 200): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
  origin = new URL(sim.url).origin;
});
afterAll(() => sim.close());

describe('createRestCaller (against the simulator REST)', () => {
  it('waits for the connection and calls with the portal token', async () => {
    const transport = createMockTransport({ origin, data: dataWith(sim.rest.issueToken()), answer: 'manual' });
    const rest = createRestCaller(createCallCardClient({ transport }));
    const pending = rest<{ NAME: string }>('crm.contact.get', { id: 17 });
    transport.answer();
    expect((await pending).NAME).toBe('Anna');
  });

  it('refreshes an expired token once and retries', async () => {
    let refreshes = 0;
    const transport = createMockTransport({
      origin,
      data: dataWith(sim.rest.issueToken()),
      refreshAuth: () => (refreshes++, sim.rest.issueToken()),
    });
    const client = createCallCardClient({ transport });
    const rest = createRestCaller(client);
    sim.rest.expireAll();
    expect(((await rest('crm.company.get', { id: 4 })) as { TITLE: string }).TITLE).toBe('Northwind Traders');
    expect(refreshes).toBe(1);
    expect(transport.commands).toEqual([{ command: 'refreshAuth', params: undefined }]);
    expect(await rest('user.admin')).toBe(true);
    expect(refreshes).toBe(1);
  });

  it('passes other errors through, and expired_token when the transport cannot refresh', async () => {
    const client = createCallCardClient({
      transport: withoutSend(createMockTransport({ origin, data: dataWith(sim.rest.issueToken()) })),
    });
    const rest = createRestCaller(client);
    const notFound = (await rest('crm.deal.get', { id: 999 }).catch((e: unknown) => e)) as CallCardRestError;
    expect(notFound).toBeInstanceOf(CallCardRestError);
    expect(notFound.reason).toBe('PORTAL');
    expect(notFound.description).toBe('Not found');
    sim.rest.expireAll();
    const noRefresh = (await rest('profile').catch((e: unknown) => e)) as Error & { code: string };
    expect(noRefresh.code).toBe('TRANSPORT');
    expect(noRefresh.message).toMatch(/Cannot refresh the token/);
  });

  it('retries only once: a refreshed token that is refused again rejects', async () => {
    let refreshes = 0;
    const transport = createMockTransport({
      origin,
      data: dataWith(sim.rest.issueToken()),
      refreshAuth: () => {
        refreshes++;
        const token = sim.rest.issueToken();
        sim.rest.expireAll();
        return token;
      },
    });
    const rest = createRestCaller(createCallCardClient({ transport }));
    sim.rest.expireAll();
    const err = (await rest('profile').catch((e: unknown) => e)) as CallCardRestError;
    expect(err).toBeInstanceOf(CallCardRestError);
    expect(err.error).toBe('expired_token');
    expect(refreshes).toBe(1);
  });

  it('bound to a PortalInfo, calls that portal with its token as it is (no refresh)', async () => {
    const base = mockPortal();
    const portal: PortalInfo = {
      ...base,
      restUrl: `${sim.url}rest/`,
      auth: { ...base.auth, accessToken: sim.rest.issueToken().AUTH_ID },
    };
    const rest = createRestCaller(portal);
    expect(await rest('user.admin')).toBe(true);
    sim.rest.expireAll();
    const err = (await rest('user.admin').catch((e: unknown) => e)) as CallCardRestError;
    expect(err.error).toBe('expired_token');
    expect(err.status).toBe(401);
  });

  it('says NOT_CONNECTED when the client cannot connect', async () => {
    const rest = createRestCaller(
      createCallCardClient({ transport: createMockTransport({ failWith: new Error('down') }), onError: () => {} }),
    );
    const err = (await rest('profile').catch((e: unknown) => e)) as Error & { code: string };
    expect(err.code).toBe('NOT_CONNECTED');
  });
});

describe('createRestCaller options', () => {
  it('applies its defaults to every call, a per-call option winning', async () => {
    const fetchA = vi.fn<typeof globalThis.fetch>(async () => json({ result: 'a' }));
    const fetchB = vi.fn<typeof globalThis.fetch>(async () => json({ result: 'b' }));
    const rest = createRestCaller(createCallCardClient({ transport: createMockTransport() }), { fetch: fetchA });
    expect(await rest('user.current')).toBe('a');
    expect(await rest('user.current', {}, { fetch: fetchB })).toBe('b');
    expect(fetchA).toHaveBeenCalledTimes(1);
    expect(fetchB).toHaveBeenCalledTimes(1);
    // The client's checked origin and token, the method encoded.
    await rest('../x');
    expect(fetchA.mock.calls[1]![0]).toBe('https://example.bitrix24.com/rest/..%2Fx.json');
    expect(JSON.parse(fetchA.mock.calls[1]![1]!.body as string)).toEqual({ auth: 'mock-access-token' });
  });

  it('passes signal and timeoutMs to the call, on the retry too', async () => {
    vi.useFakeTimers();
    try {
      let calls = 0;
      const hang = vi.fn<typeof globalThis.fetch>((_url, init) => {
        if (++calls === 1) return Promise.resolve(json({ error: 'expired_token' }, 401));
        return new Promise((_resolve, reject) =>
          init!.signal!.addEventListener('abort', () => reject(init!.signal!.reason), { once: true }),
        );
      });
      const transport = createMockTransport({ refreshAuth: () => ({ AUTH_ID: 'fresh' }) });
      const rest = createRestCaller(createCallCardClient({ transport }), { fetch: hang, timeoutMs: 100 });
      const pending = rest('profile').catch((e: unknown) => e);
      await vi.advanceTimersByTimeAsync(100);
      const err = (await pending) as CallCardRestError;
      expect(err.reason).toBe('TIMEOUT');
      expect(hang).toHaveBeenCalledTimes(2);
      expect(JSON.parse(hang.mock.calls[1]![1]!.body as string).auth).toBe('fresh');

      calls = 1; // hang from the first call on
      const user = new AbortController();
      const aborted = rest('profile', {}, { signal: user.signal, timeoutMs: 0 }).catch((e: unknown) => e);
      await vi.advanceTimersByTimeAsync(1000); // no timeout with timeoutMs 0
      user.abort('stop');
      expect(await aborted).toBe('stop');
    } finally {
      vi.useRealTimers();
    }
  });
});

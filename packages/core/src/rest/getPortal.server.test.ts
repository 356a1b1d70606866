import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMockTransport, mockPortal, mockPortalData } from '@b24-callcard/core/testing';
import { createCallCardClient } from '../client/createCallCardClient';
import { bx24Transport, type Bx24Like } from '../transports/bx24Transport';
import type { CallCardTransport, PortalData, TransportConnection } from '../transports/transport';
import { getPortal } from './getPortal';
import { refreshAuth } from './refreshAuth';
import { whenPortal } from './whenPortal';

const quiet = { onError: () => {} };

/** A transport whose own data can change (as a library that refreshes by itself), answering refreshAuth by hand. */
function liveTransport(initial: PortalData) {
  let data = initial;
  const answers: Array<(answer: unknown) => void> = [];
  const connection: TransportConnection = {
    placement: 'PAGE_BACKGROUND_WORKER',
    origin: 'https://example.bitrix24.com',
    get data() {
      return data;
    },
    receivedAt: Date.now(),
    bind() {},
    send(_command, _params, onAnswer) {
      answers.push(onAnswer);
      return () => {};
    },
    close() {},
  };
  const transport: CallCardTransport = { name: 'live', connect: async () => connection };
  return {
    transport,
    connection,
    setData: (next: PortalData) => void (data = next),
    answer: (a: PortalData) => answers.shift()!(a),
  };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('getPortal', () => {
  it('is null until connected, then built from the connection origin and data', async () => {
    const transport = createMockTransport({ answer: 'manual' });
    const client = createCallCardClient({ transport });
    expect(getPortal(client)).toBeNull();
    client.start();
    expect(getPortal(client)).toBeNull(); // connecting
    transport.answer();
    const portal = await whenPortal(client);
    const c = client.getConnection()!;
    expect(portal).toEqual({ ...mockPortal(), auth: { ...mockPortal().auth, expiresAt: c.receivedAt + 3600_000 } });
  });

  it('returns the same object until the token changes', async () => {
    const client = createCallCardClient({ transport: createMockTransport() });
    const portal = await whenPortal(client);
    expect(getPortal(client)).toBe(portal);
    expect(getPortal(client)).toBe(getPortal(client));
  });

  it('sends REST to the checked origin, never to a host the data names', async () => {
    const data = { ...mockPortalData(), DOMAIN: 'attacker.example', PROTOCOL: 0 };
    const client = createCallCardClient({
      transport: createMockTransport({ origin: 'https://portal.example.com', data }),
    });
    const portal = await whenPortal(client);
    expect(portal.domain).toBe('portal.example.com');
    expect(portal.restUrl).toBe('https://portal.example.com/rest/');
  });

  it('is null when the transport names no checked portal host', async () => {
    const client = createCallCardClient({ transport: createMockTransport({ origin: null }) });
    const err = await whenPortal(client).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'NOT_CONNECTED' });
    expect(client.getConnection()).not.toBeNull();
    expect(getPortal(client)).toBeNull();
  });

  it('is null after destroy (no stale token)', async () => {
    const client = createCallCardClient({ transport: createMockTransport() });
    await whenPortal(client);
    client.destroy();
    expect(getPortal(client)).toBeNull();
  });

  it('gives a refreshed token, counting AUTH_EXPIRES from the refresh', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(1_700_000_000_000);
    const transport = createMockTransport({
      refreshAuth: () => ({ AUTH_ID: 'fresh', REFRESH_ID: 'fresh-refresh', AUTH_EXPIRES: 60 }),
    });
    const client = createCallCardClient({ transport });
    const before = await whenPortal(client);
    vi.setSystemTime(1_700_000_500_000);
    const after = await refreshAuth(client);
    expect(getPortal(client)).toBe(after);
    expect(after).not.toBe(before);
    expect(after.auth).toEqual({ accessToken: 'fresh', refreshToken: 'fresh-refresh', expiresAt: 1_700_000_560_000 });
    // The rest of the portal's data is kept.
    expect(after).toMatchObject({ domain: before.domain, memberId: 'mock-member', isAdmin: true, lang: 'en' });
  });

  it("keeps refreshed tokens until the transport's own data changes, then follows the transport", async () => {
    const live = liveTransport({ ...mockPortalData(), AUTH_ID: 'own-1' });
    const client = createCallCardClient({ transport: live.transport, ...quiet });
    expect((await whenPortal(client)).auth.accessToken).toBe('own-1');
    const refreshing = refreshAuth(client);
    live.answer({ AUTH_ID: 'refreshed', AUTH_EXPIRES: 3600 });
    expect((await refreshing).auth.accessToken).toBe('refreshed');
    // The transport's data is unchanged: the refreshed token wins, however often it is read.
    expect(getPortal(client)!.auth.accessToken).toBe('refreshed');
    expect(getPortal(client)).toBe(getPortal(client));
    // The library behind the transport refreshed by itself: its data wins from now on.
    live.setData({ ...mockPortalData(), AUTH_ID: 'own-2' });
    expect(getPortal(client)!.auth.accessToken).toBe('own-2');
    expect(getPortal(client)).toBe(getPortal(client));
    // And a later refresh wins again over that data.
    const again = refreshAuth(client);
    live.answer({ AUTH_ID: 'refreshed-2' });
    expect((await again).auth.accessToken).toBe('refreshed-2');
    expect(getPortal(client)!.auth.accessToken).toBe('refreshed-2');
  });

  describe('with the bx24 transport', () => {
    const fakeWindowWithName = (name: string) => ({ name }) as unknown as Window;
    const fakeBx24 = (domain: string): Bx24Like => ({
      init(cb) {
        setTimeout(cb);
      },
      placement: { info: () => ({ placement: 'PAGE_BACKGROUND_WORKER', options: {} }), bindEvent() {} },
      getAuth: () => ({ access_token: 't', domain, expires_in: Date.now() + 3600e3 }),
    });

    it('sends REST to the host of window.name, not to the domain BX24.getAuth() reports', async () => {
      const client = createCallCardClient({
        transport: bx24Transport({
          bx24: fakeBx24('attacker.example'),
          window: fakeWindowWithName('example.bitrix24.com|1|sid'),
        }),
      });
      const portal = await whenPortal(client);
      expect(portal.restUrl).toBe('https://example.bitrix24.com/rest/');
      expect(portal.domain).toBe('example.bitrix24.com');
      expect(portal.auth.accessToken).toBe('t');
      expect(getPortal(client)!.restUrl).toBe('https://example.bitrix24.com/rest/');
    });

    it('is null when window.name names no portal, whatever BX24 reports', async () => {
      const client = createCallCardClient({
        transport: bx24Transport({ bx24: fakeBx24('example.bitrix24.com'), window: fakeWindowWithName('') }),
        ...quiet,
      });
      const err = await whenPortal(client).catch((e: unknown) => e);
      expect(client.getConnection()).not.toBeNull();
      expect(getPortal(client)).toBeNull();
      expect(err).toMatchObject({ code: 'NOT_CONNECTED' });
    });
  });
});

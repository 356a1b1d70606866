import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  bx24Transport,
  createCallCardClient,
  getPortal,
  refreshAuth,
  type Bx24Like,
  type Bx24TransportOptions,
  type CallCardUnsupportedError,
} from '@b24-callcard/core';

const CONTACT = { PHONE_NUMBER: '+15550100', CRM_ENTITY_TYPE: 'CONTACT', CRM_ENTITY_ID: 17 };
const EVENT = 'BackgroundCallCard::entityChanged';
/** The app frame's window: REST trusts the host of its Bitrix24 `window.name`, not what BX24 reports. */
const frameWindow = (name = 'example.bitrix24.com|1|sid') => ({ name }) as Window;

/** A fake classic BX24: init callbacks run deferred (~10 ms), bindEvent adds a bind forever (no unbind). */
function fakeBx24(
  opts: {
    placement?: string;
    infoThrows?: boolean;
    neverInit?: boolean;
    refreshFails?: boolean;
    domain?: string;
  } = {},
) {
  let ready = false;
  const queue: Array<() => void> = [];
  const handlers: Array<{ event: string; cb: (p: unknown) => void }> = [];
  const bx = {
    handlers,
    token: 'tok',
    init(cb: () => void) {
      if (ready) setTimeout(cb, 10);
      else queue.push(cb);
    },
    placement: {
      info() {
        if (opts.infoThrows) throw new Error('info exploded');
        return ready
          ? { placement: opts.placement ?? 'PAGE_BACKGROUND_WORKER', options: { ID: 'PAGE_BACKGROUND_WORKER' } }
          : { placement: null, options: null };
      },
      bindEvent: vi.fn((event: string, cb: (p: unknown) => void) => void handlers.push({ event, cb })),
    },
    refreshAuth(cb: (auth: unknown) => void) {
      setTimeout(
        () =>
          cb(
            opts.refreshFails
              ? false
              : {
                  access_token: 'tok2',
                  refresh_token: 'ref2',
                  // Like the classic script: its AUTH_EXPIRES, an absolute time in ms.
                  expires_in: Date.now() + 1800e3,
                  domain: 'example.bitrix24.com',
                },
          ),
        1,
      );
    },
    getAuth: () =>
      ready
        ? {
            access_token: bx.token,
            refresh_token: 'ref',
            expires_in: Date.now() + 3600e3,
            domain: opts.domain ?? 'example.bitrix24.com',
            member_id: 'm1',
          }
        : false,
    isAdmin: () => true,
    getLang: () => 'de',
    answer() {
      ready = true;
      for (const cb of queue.splice(0)) setTimeout(cb, 10);
    },
    fire(event: string, payload: unknown) {
      for (const h of handlers) if (h.event === event) h.cb(payload);
    },
  };
  if (!opts.neverInit) setTimeout(() => bx.answer(), 1);
  return bx;
}

type FakeBx24 = ReturnType<typeof fakeBx24>;
const transport = (bx: FakeBx24 | Bx24Like, opts: Omit<Bx24TransportOptions, 'bx24'> = {}) =>
  bx24Transport({ bx24: bx as Bx24Like, window: frameWindow(), ...opts });

afterEach(() => vi.useRealTimers());

describe('bx24Transport against a fake BX24 (no unbind)', () => {
  it('waits for BX24.init, binds once and delivers', async () => {
    vi.useFakeTimers();
    const bx = fakeBx24();
    const client = createCallCardClient({ transport: transport(bx) });
    const offs = [client.subscribe(() => {}), client.subscribe(() => {})];
    expect(client.getState().status).toBe('connecting');
    await vi.advanceTimersByTimeAsync(20);
    expect(client.getState()).toMatchObject({ status: 'listening', placement: 'PAGE_BACKGROUND_WORKER' });
    offs.forEach((o) => o());
    client.subscribe(() => {});
    expect(bx.placement.bindEvent).toHaveBeenCalledTimes(1);
    expect(bx.placement.bindEvent).toHaveBeenCalledWith(EVENT, expect.any(Function));
    bx.fire(EVENT, CONTACT);
    expect(client.getState().entity?.entityId).toBe(17);
    expect(getPortal(client)).toMatchObject({
      domain: 'example.bitrix24.com',
      restUrl: 'https://example.bitrix24.com/rest/',
      memberId: 'm1',
      lang: 'de',
      isAdmin: true,
      placementOptions: { ID: 'PAGE_BACKGROUND_WORKER' },
    });
    expect(getPortal(client)!.auth).toMatchObject({ accessToken: 'tok', refreshToken: 'ref' });
    // The script's expires_in is a timestamp in ms, not seconds: an hour from now stays an hour.
    expect(getPortal(client)!.auth.expiresAt - Date.now()).toBeGreaterThan(3590e3);
    expect(getPortal(client)!.auth.expiresAt - Date.now()).toBeLessThanOrEqual(3600e3);
    expect(getPortal(client)).toBe(getPortal(client)); // the same object until the token changes
  });

  it("gives the connection BX24's data in the portal's getInitData shape", async () => {
    vi.useFakeTimers();
    const bx = fakeBx24({ placement: 'call_card' });
    const pending = transport(bx).connect({ signal: new AbortController().signal, onError: () => {} });
    await vi.advanceTimersByTimeAsync(20);
    const conn = await pending;
    expect(conn.placement).toBe('CALL_CARD');
    expect(conn.origin).toBe('https://example.bitrix24.com');
    expect(conn.data).toEqual({
      AUTH_ID: 'tok',
      REFRESH_ID: 'ref',
      AUTH_EXPIRES_AT: Date.now() + 3600e3,
      MEMBER_ID: 'm1',
      IS_ADMIN: true,
      LANG: 'de',
      PLACEMENT_OPTIONS: { ID: 'PAGE_BACKGROUND_WORKER' },
    });
    expect(conn.data).toBe(conn.data); // rebuilt only when the token changes
  });

  it('reads a small expires_in as seconds from now', async () => {
    vi.useFakeTimers();
    const bx = fakeBx24();
    bx.getAuth = () => ({ access_token: 't', expires_in: '600', domain: 'example.bitrix24.com' }) as never;
    const client = createCallCardClient({ transport: transport(bx) });
    client.start();
    await vi.advanceTimersByTimeAsync(20);
    expect(getPortal(client)!.auth.expiresAt).toBe(Date.now() + 600e3);
  });

  it('follows the token BX24 refreshes by itself', async () => {
    vi.useFakeTimers();
    const bx = fakeBx24();
    const client = createCallCardClient({ transport: transport(bx) });
    client.start();
    await vi.advanceTimersByTimeAsync(20);
    const first = getPortal(client);
    expect(first!.auth.accessToken).toBe('tok');
    bx.token = 'tok-auto';
    expect(getPortal(client)!.auth.accessToken).toBe('tok-auto');
    expect(getPortal(client)).not.toBe(first);
  });

  it('sends REST to the host of window.name, never to the domain BX24 reports', async () => {
    vi.useFakeTimers();
    const bx = fakeBx24({ domain: 'evil.example' });
    const client = createCallCardClient({ transport: transport(bx) });
    client.start();
    await vi.advanceTimersByTimeAsync(20);
    expect(getPortal(client)).toMatchObject({
      domain: 'example.bitrix24.com',
      restUrl: 'https://example.bitrix24.com/rest/',
    });
  });

  it('listens but names no portal (no REST) when window.name is not Bitrix24', async () => {
    vi.useFakeTimers();
    const bx = fakeBx24();
    const client = createCallCardClient({ transport: transport(bx, { window: frameWindow('') }) });
    client.subscribe(() => {});
    await vi.advanceTimersByTimeAsync(20);
    expect(client.getState().status).toBe('listening');
    expect(client.getConnection()!.origin).toBeNull();
    expect(getPortal(client)).toBeNull();
    await expect(refreshAuth(client)).rejects.toMatchObject({ code: 'TRANSPORT' });
  });

  it('checks the host of window.name against allowedHosts', async () => {
    vi.useFakeTimers();
    const evil = createCallCardClient({
      transport: transport(fakeBx24(), { window: frameWindow('evil.example|1|s'), allowedHosts: ['*.bitrix24.com'] }),
    });
    evil.subscribe(() => {});
    expect((evil.getState().error as CallCardUnsupportedError).reason).toBe('UNTRUSTED_HOST');
    expect(evil.getState().error!.message).toContain('evil.example');
    // With allowedHosts, a window.name that names no portal is not trusted either.
    const none = createCallCardClient({
      transport: transport(fakeBx24(), { window: frameWindow(''), allowedHosts: ['*.bitrix24.com'] }),
    });
    none.subscribe(() => {});
    expect((none.getState().error as CallCardUnsupportedError).reason).toBe('NOT_IN_PORTAL');

    const bx = fakeBx24();
    const ok = createCallCardClient({ transport: transport(bx, { allowedHosts: ['*.bitrix24.com'] }) });
    ok.subscribe(() => {});
    await vi.advanceTimersByTimeAsync(20);
    expect(ok.getState().status).toBe('listening');
    expect(bx.handlers).toHaveLength(1);
  });

  it('refreshes the token through BX24.refreshAuth', async () => {
    vi.useFakeTimers();
    for (const refreshFails of [false, true]) {
      const client = createCallCardClient({ transport: transport(fakeBx24({ refreshFails })) });
      client.start();
      await vi.advanceTimersByTimeAsync(20);
      const pending = refreshAuth(client).catch((e: Error) => e);
      await vi.advanceTimersByTimeAsync(5);
      const result = await pending;
      if (refreshFails) {
        expect(result).toMatchObject({ code: 'TRANSPORT', message: 'The portal answered refreshAuth with no token' });
        expect(getPortal(client)!.auth.accessToken).toBe('tok');
      } else {
        expect(getPortal(client)!.auth.accessToken).toBe('tok2');
        expect(getPortal(client)!.auth.refreshToken).toBe('ref2');
        expect(getPortal(client)!.auth.expiresAt - Date.now()).toBeGreaterThan(1790e3);
        expect(getPortal(client)!.auth.expiresAt - Date.now()).toBeLessThanOrEqual(1800e3);
        expect(getPortal(client)!.domain).toBe('example.bitrix24.com');
        expect(result).toBe(getPortal(client));
      }
    }
  });

  it('sends other commands through BX24.placement.call, and forgets them', async () => {
    vi.useFakeTimers();
    const bx = fakeBx24();
    const calls: Array<{ command: string; params: unknown; cb: (a: unknown) => void }> = [];
    Object.assign(bx.placement, {
      call: (command: string, params: unknown, cb: (a: unknown) => void) => void calls.push({ command, params, cb }),
    });
    const pending = transport(bx).connect({ signal: new AbortController().signal, onError: () => {} });
    await vi.advanceTimersByTimeAsync(20);
    const conn = await pending;
    const answers: unknown[] = [];
    const forget = conn.send!('CallCardSetCardTitle', { title: 'x' }, (a) => answers.push(a));
    expect(calls).toMatchObject([{ command: 'CallCardSetCardTitle', params: { title: 'x' } }]);
    calls[0]!.cb('ok');
    forget();
    calls[0]!.cb('late');
    expect(answers).toEqual(['ok']);
  });

  it('cannot send a command BX24 has no way to send', async () => {
    vi.useFakeTimers();
    const bx = fakeBx24();
    const { refreshAuth: _, ...noRefresh } = bx; // a BX24 with neither refreshAuth nor placement.call
    const pending = transport(noRefresh as Bx24Like).connect({
      signal: new AbortController().signal,
      onError: () => {},
    });
    await vi.advanceTimersByTimeAsync(20);
    const conn = await pending;
    expect(() => conn.send!('refreshAuth', undefined, () => {})).toThrow(
      expect.objectContaining({ code: 'TRANSPORT', message: 'This BX24 cannot send refreshAuth' }),
    );
  });

  it('two clients make two binds, and a destroyed client stops reacting to its bind', async () => {
    vi.useFakeTimers();
    const bx = fakeBx24();
    const a = createCallCardClient({ transport: transport(bx) });
    const b = createCallCardClient({ transport: transport(bx) });
    a.subscribe(() => {});
    b.subscribe(() => {});
    await vi.advanceTimersByTimeAsync(20);
    expect(bx.handlers).toHaveLength(2);
    a.destroy();
    bx.fire(EVENT, CONTACT);
    expect(a.getState().entity).toBeNull();
    expect(b.getState().entity?.entityId).toBe(17);
    expect(getPortal(a)).toBeNull(); // no stale token after destroy
  });

  it('a closed connection delivers nothing, though BX24 keeps the bind', async () => {
    vi.useFakeTimers();
    const bx = fakeBx24();
    const pending = transport(bx).connect({ signal: new AbortController().signal, onError: () => {} });
    await vi.advanceTimersByTimeAsync(20);
    const conn = await pending;
    const handler = vi.fn();
    conn.bind(EVENT, handler);
    bx.fire(EVENT, CONTACT);
    conn.close();
    bx.fire(EVENT, CONTACT);
    expect(bx.handlers).toHaveLength(1);
    expect(handler).toHaveBeenCalledTimes(1);
  });

  it('becomes error when placement.info() throws, with the cause', async () => {
    vi.useFakeTimers();
    const bx = fakeBx24({ infoThrows: true });
    const onError = vi.fn();
    const client = createCallCardClient({ transport: transport(bx), onError });
    client.subscribe(() => {});
    await vi.advanceTimersByTimeAsync(20);
    const { status, error } = client.getState();
    expect(status).toBe('error');
    expect(error?.code).toBe('TRANSPORT');
    expect((error?.cause as Error).message).toBe('info exploded');
    expect(onError).toHaveBeenCalledWith(error);
    expect(bx.handlers).toHaveLength(0);
  });

  it('is unsupported when BX24 is missing or null (outside a portal frame)', () => {
    const w = window as unknown as { BX24?: unknown };
    for (const value of [undefined, null]) {
      w.BX24 = value;
      const client = createCallCardClient({ transport: bx24Transport() });
      client.subscribe(() => {});
      expect(client.getState().status).toBe('unsupported');
      expect((client.getState().error as CallCardUnsupportedError).reason).toBe('NOT_IN_PORTAL');
    }
    delete w.BX24;
  });

  it('uses the BX24 of the given window when none is passed', async () => {
    vi.useFakeTimers();
    const bx = fakeBx24();
    const win = Object.assign(frameWindow(), { BX24: bx });
    const client = createCallCardClient({ transport: bx24Transport({ window: win }) });
    client.subscribe(() => {});
    await vi.advanceTimersByTimeAsync(20);
    expect(client.getState().status).toBe('listening');
    expect(bx.handlers).toHaveLength(1);
    expect(getPortal(client)?.domain).toBe('example.bitrix24.com');
  });

  it('times out when BX24.init never calls back, and a late init still connects', async () => {
    vi.useFakeTimers();
    const bx = fakeBx24({ neverInit: true });
    const client = createCallCardClient({ transport: transport(bx), initTimeoutMs: 100 });
    client.subscribe(() => {});
    await vi.advanceTimersByTimeAsync(100);
    expect(client.getState().status).toBe('unsupported');
    expect((client.getState().error as CallCardUnsupportedError).reason).toBe('TIMEOUT');
    expect(bx.handlers).toHaveLength(0);
    bx.answer();
    await vi.advanceTimersByTimeAsync(20);
    // New behaviour: the timeout does not abort; the late answer brings the client up and binds.
    expect(client.getState()).toMatchObject({ status: 'listening', error: null, placement: 'PAGE_BACKGROUND_WORKER' });
    expect(bx.handlers).toHaveLength(1);
    bx.fire(EVENT, CONTACT);
    expect(client.getState()).toMatchObject({ status: 'ready', entity: { entityId: 17 } });
  });

  it('binds nothing when destroyed before BX24.init calls back', async () => {
    vi.useFakeTimers();
    const bx = fakeBx24({ neverInit: true });
    const client = createCallCardClient({ transport: transport(bx) });
    client.subscribe(() => {});
    client.destroy();
    bx.answer();
    await vi.advanceTimersByTimeAsync(20);
    expect(bx.handlers).toHaveLength(0);
    expect((client.getState().error as CallCardUnsupportedError).reason).toBe('DESTROYED');
  });
});

import { afterEach, describe, expect, it, vi } from 'vitest';
import { bx24Transport, createCallCardClient, type Bx24Like, type CallCardUnsupportedError } from '@b24-callcard/core';

const CONTACT = { PHONE_NUMBER: '+15550100', CRM_ENTITY_TYPE: 'CONTACT', CRM_ENTITY_ID: 17 };
const EVENT = 'BackgroundCallCard::entityChanged';

/** A fake classic BX24: init callbacks run deferred (~10 ms), bindEvent adds a bind forever (no unbind). */
function fakeBx24(
  opts: { placement?: string; infoThrows?: boolean; neverInit?: boolean; refreshFails?: boolean } = {},
) {
  let ready = false;
  const queue: Array<() => void> = [];
  const handlers: Array<{ event: string; cb: (p: unknown) => void }> = [];
  const bx = {
    handlers,
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
            access_token: 'tok',
            refresh_token: 'ref',
            expires_in: Date.now() + 3600e3,
            domain: 'example.bitrix24.com',
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

afterEach(() => vi.useRealTimers());

describe('bx24Transport against a fake BX24 (no unbind)', () => {
  it('waits for BX24.init, binds once and delivers', async () => {
    vi.useFakeTimers();
    const bx = fakeBx24();
    const client = createCallCardClient({ transport: bx24Transport(bx as Bx24Like) });
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
    expect(client.getPortal()).toMatchObject({
      domain: 'example.bitrix24.com',
      restUrl: 'https://example.bitrix24.com/rest/',
      lang: 'de',
      isAdmin: true,
      placementOptions: { ID: 'PAGE_BACKGROUND_WORKER' },
    });
    expect(client.getPortal()!.auth.accessToken).toBe('tok');
    // The script's expires_in is a timestamp in ms, not seconds: an hour from now stays an hour.
    expect(client.getPortal()!.auth.expiresAt - Date.now()).toBeGreaterThan(3590e3);
    expect(client.getPortal()!.auth.expiresAt - Date.now()).toBeLessThanOrEqual(3600e3);
  });

  it('refreshes the token through BX24.refreshAuth', async () => {
    vi.useFakeTimers();
    for (const refreshFails of [false, true]) {
      const client = createCallCardClient({ transport: bx24Transport(fakeBx24({ refreshFails }) as Bx24Like) });
      client.start();
      await vi.advanceTimersByTimeAsync(20);
      const pending = client.refreshAuth().catch((e: Error) => e);
      await vi.advanceTimersByTimeAsync(5);
      const result = await pending;
      if (refreshFails) {
        expect((result as Error).message).toBe('BX24.refreshAuth gave no token');
        expect(client.getPortal()!.auth.accessToken).toBe('tok');
      } else {
        expect(client.getPortal()!.auth.accessToken).toBe('tok2');
        expect(client.getPortal()!.auth.expiresAt - Date.now()).toBeGreaterThan(1790e3);
        expect(client.getPortal()!.auth.expiresAt - Date.now()).toBeLessThanOrEqual(1800e3);
        expect(result).toBe(client.getPortal());
      }
    }
  });

  it('two clients make two binds, and a destroyed client stops reacting to its bind', async () => {
    vi.useFakeTimers();
    const bx = fakeBx24();
    const a = createCallCardClient({ transport: bx24Transport(bx as Bx24Like) });
    const b = createCallCardClient({ transport: bx24Transport(bx as Bx24Like) });
    a.subscribe(() => {});
    b.subscribe(() => {});
    await vi.advanceTimersByTimeAsync(20);
    expect(bx.handlers).toHaveLength(2);
    a.destroy();
    bx.fire(EVENT, CONTACT);
    expect(a.getState().entity).toBeNull();
    expect(b.getState().entity?.entityId).toBe(17);
  });

  it('becomes error when placement.info() throws, with the cause', async () => {
    vi.useFakeTimers();
    const bx = fakeBx24({ infoThrows: true });
    const onError = vi.fn();
    const client = createCallCardClient({ transport: bx24Transport(bx as Bx24Like), onError });
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

  it('times out when BX24.init never calls back', async () => {
    vi.useFakeTimers();
    const bx = fakeBx24({ neverInit: true });
    const client = createCallCardClient({ transport: bx24Transport(bx as Bx24Like), initTimeoutMs: 100 });
    client.subscribe(() => {});
    await vi.advanceTimersByTimeAsync(100);
    expect((client.getState().error as CallCardUnsupportedError).reason).toBe('TIMEOUT');
    bx.answer();
    await vi.advanceTimersByTimeAsync(20);
    expect(bx.handlers).toHaveLength(0);
  });
});

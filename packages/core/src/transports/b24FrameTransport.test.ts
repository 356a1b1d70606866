import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  b24FrameTransport,
  createCallCardClient,
  getPortal,
  onCallCardEvent,
  refreshAuth,
  type B24FrameLike,
  type CallCardUnsupportedError,
} from '@b24-callcard/core';

const CONTACT = { PHONE_NUMBER: '+15550100', CRM_ENTITY_TYPE: 'CONTACT', CRM_ENTITY_ID: 17 };
const LEAD = { PHONE_NUMBER: '+2', CRM_ENTITY_TYPE: 'LEAD', CRM_ENTITY_ID: 3 };
const EVENT = 'BackgroundCallCard::entityChanged';
const tick = () => new Promise((r) => setTimeout(r, 0));

/**
 * A fake B24Frame with b24jssdk 2.2.0's bindEvent behaviour: the promise and the callback share
 * one id and the promise is checked first, so an event within 900 ms resolves the promise and
 * never reaches the callback; otherwise the promise resolves `{ isSafely: true }` after 900 ms.
 */
function fakeFrame(placement = 'PAGE_BACKGROUND_WORKER', opts: { fixed?: boolean; origin?: string } = {}) {
  const binds: Array<{ event: string; cb: (p: unknown) => void; pending: ((v: unknown) => void) | null }> = [];
  const frame = {
    placement: {
      placement,
      options: { ID: placement },
      bindEvent: vi.fn((event: string, cb: (p: unknown) => void) => {
        return new Promise((resolve) => {
          const bind = { event, cb, pending: resolve as ((v: unknown) => void) | null };
          binds.push(bind);
          setTimeout(() => {
            if (bind.pending) {
              bind.pending = null;
              resolve({ isSafely: true });
            }
          }, 900);
        });
      }),
    },
    auth: {
      token: 'sdk-token',
      expired: false,
      refreshFails: false,
      getAuthData() {
        // Like b24jssdk 2.2.0: false once expired; `expires` is absolute, `expires_in` the full lifetime.
        if (this.expired) return false as const;
        return {
          access_token: this.token,
          refresh_token: 'r',
          expires: Date.now() / 1000 + 60,
          expires_in: 3600,
          member_id: 'm',
        };
      },
      async refreshAuth() {
        if (this.refreshFails) throw new Error('refresh refused');
        this.token = 'sdk-token-2';
        this.expired = false;
      },
      isAdmin: false,
    },
    getTargetOrigin: () => opts.origin ?? 'https://example.bitrix24.com',
    getLang: () => 'en',
    fire(event: string, payload: unknown) {
      for (const b of binds) {
        if (b.event !== event) continue;
        if (b.pending) {
          const resolve = b.pending;
          b.pending = null;
          if (opts.fixed) b.cb(payload);
          resolve(payload);
        } else b.cb(payload);
      }
    },
  };
  return frame;
}

const connect = (
  frame: B24FrameLike | Promise<B24FrameLike>,
  onError = vi.fn(),
  signal = new AbortController().signal,
) => b24FrameTransport({ frame }).connect({ signal, onError });

afterEach(() => vi.useRealTimers());

describe('b24FrameTransport', () => {
  it('does not lose an event that arrives within the SDK bind window', async () => {
    vi.useFakeTimers();
    const frame = fakeFrame();
    const client = createCallCardClient({
      transport: b24FrameTransport({ frame: Promise.resolve(frame as B24FrameLike) }),
    });
    client.subscribe(() => {});
    await vi.advanceTimersByTimeAsync(0);
    expect(frame.placement.bindEvent).toHaveBeenCalledWith(EVENT, expect.any(Function));
    await vi.advanceTimersByTimeAsync(100);
    frame.fire(EVENT, CONTACT); // 100 ms after bind: plain b24jssdk would swallow this
    await vi.advanceTimersByTimeAsync(0);
    expect(client.getState().entity?.entityId).toBe(17);
    await vi.advanceTimersByTimeAsync(1000);
    frame.fire(EVENT, LEAD);
    expect(client.getState().entity?.entityType).toBe('LEAD');
    expect(getPortal(client)).toMatchObject({
      domain: 'example.bitrix24.com',
      protocol: 'https:',
      restUrl: 'https://example.bitrix24.com/rest/',
      isAdmin: false,
      memberId: 'm',
      lang: 'en',
      placementOptions: { ID: 'PAGE_BACKGROUND_WORKER' },
    });
  });

  it('does not invent an event when the bind window just times out', async () => {
    vi.useFakeTimers();
    const frame = fakeFrame();
    const seen = vi.fn();
    const client = createCallCardClient({ transport: b24FrameTransport({ frame: frame as B24FrameLike }) });
    client.subscribe(seen);
    await vi.advanceTimersByTimeAsync(2000);
    expect(client.getState()).toMatchObject({ status: 'listening', entity: null, error: null });
    frame.fire(EVENT, CONTACT);
    expect(client.getState().entity?.entityId).toBe(17);
  });

  it('does not deliver twice with an SDK that fixed the bug (callback and promise both get it)', async () => {
    vi.useFakeTimers();
    const frame = fakeFrame('PAGE_BACKGROUND_WORKER', { fixed: true });
    // onCallCardEvent sees every delivery (the store would hide a repeated identical entity).
    const handler = vi.fn();
    const client = createCallCardClient({ transport: b24FrameTransport({ frame: frame as B24FrameLike }) });
    onCallCardEvent(client, 'entityChanged', handler);
    await vi.advanceTimersByTimeAsync(10);
    frame.fire(EVENT, CONTACT);
    await vi.advanceTimersByTimeAsync(1000);
    expect(handler.mock.calls.map((c) => c[0].entityType)).toEqual(['CONTACT']);
    frame.fire(EVENT, LEAD);
    await vi.advanceTimersByTimeAsync(0);
    expect(handler.mock.calls.map((c) => c[0].entityType)).toEqual(['CONTACT', 'LEAD']);
  });

  it('delivers nothing once the connection is closed (the SDK has no unbind)', async () => {
    vi.useFakeTimers();
    const frame = fakeFrame();
    const conn = await connect(frame as B24FrameLike);
    const early = vi.fn();
    const late = vi.fn();
    conn.bind(EVENT, early); // inside the SDK's window: the event would come through the promise
    frame.fire(EVENT, CONTACT);
    await vi.advanceTimersByTimeAsync(0);
    expect(early).toHaveBeenCalledTimes(1);
    conn.bind(EVENT, late);
    await vi.advanceTimersByTimeAsync(1000); // past the window: events come through the callback
    conn.close();
    frame.fire(EVENT, LEAD);
    await vi.advanceTimersByTimeAsync(0);
    expect(early).toHaveBeenCalledTimes(1);
    expect(late).not.toHaveBeenCalled();
  });

  it('delivers nothing from a promise that resolves after close', async () => {
    vi.useFakeTimers();
    const frame = fakeFrame();
    const conn = await connect(frame as B24FrameLike);
    const handler = vi.fn();
    conn.bind(EVENT, handler);
    conn.close();
    frame.fire(EVENT, CONTACT); // resolves the bind promise: the event is delivered a microtask later
    await vi.advanceTimersByTimeAsync(0);
    expect(handler).not.toHaveBeenCalled();
  });

  it('reports a bind the SDK rejected', async () => {
    const frame = fakeFrame();
    const cause = new Error('bind refused');
    frame.placement.bindEvent.mockImplementationOnce(() => Promise.reject(cause));
    const onError = vi.fn();
    const conn = await connect(frame as B24FrameLike, onError);
    conn.bind(EVENT, () => {});
    await tick();
    expect(onError).toHaveBeenCalledWith(
      expect.objectContaining({ code: 'TRANSPORT', message: `b24jssdk failed to bind ${EVENT}`, cause }),
    );
  });

  it("gives the connection the SDK's data in the portal's getInitData shape", async () => {
    vi.useFakeTimers({ now: 1_700_000_000_000 });
    const frame = fakeFrame('call_card');
    const conn = await connect(frame as B24FrameLike);
    expect(conn.placement).toBe('CALL_CARD');
    expect(conn.origin).toBe('https://example.bitrix24.com');
    expect(conn.data).toEqual({
      AUTH_ID: 'sdk-token',
      REFRESH_ID: 'r',
      AUTH_EXPIRES_AT: 1_700_000_060_000, // from `expires`, not the full lifetime
      MEMBER_ID: 'm',
      IS_ADMIN: false,
      LANG: 'en',
      PLACEMENT_OPTIONS: { ID: 'call_card' },
    });
    expect(conn.receivedAt).toBe(1_700_000_000_000);
  });

  it('refreshes the token through the SDK', async () => {
    const frame = fakeFrame();
    const client = createCallCardClient({ transport: b24FrameTransport({ frame: frame as B24FrameLike }) });
    client.start();
    await tick();
    expect(getPortal(client)!.auth.accessToken).toBe('sdk-token');
    const left = getPortal(client)!.auth.expiresAt - Date.now();
    expect(left).toBeGreaterThan(55_000);
    expect(left).toBeLessThanOrEqual(60_000); // from `expires`, not the full lifetime
    frame.auth.expired = true;
    // The SDK forgets an expired token; the last one stays, so REST can answer expired_token.
    expect(getPortal(client)!.auth.accessToken).toBe('sdk-token');
    const next = await refreshAuth(client);
    expect(next.auth.accessToken).toBe('sdk-token-2');
    expect(getPortal(client)!.auth.accessToken).toBe('sdk-token-2');
  });

  it('reports a refresh the SDK refused, and the refresh fails at once (not at its timeout)', async () => {
    vi.useFakeTimers();
    const frame = fakeFrame();
    frame.auth.refreshFails = true;
    const onError = vi.fn();
    const client = createCallCardClient({ transport: b24FrameTransport({ frame: frame as B24FrameLike }), onError });
    client.start();
    await vi.advanceTimersByTimeAsync(0);
    const pending = refreshAuth(client, { timeoutMs: 1000 }).catch((e: Error) => e);
    await vi.advanceTimersByTimeAsync(0);
    expect(onError).toHaveBeenCalledWith(
      expect.objectContaining({ code: 'TRANSPORT', message: 'b24jssdk refreshAuth failed' }),
    );
    expect((onError.mock.calls[0]![0] as Error).cause).toMatchObject({ message: 'refresh refused' });
    // Settled with fake time stopped short of the 1000 ms timeout: it did not wait for it.
    expect(await pending).toMatchObject({ code: 'TRANSPORT', message: expect.stringMatching(/no token/) });
    expect(getPortal(client)!.auth.accessToken).toBe('sdk-token');
  });

  it('sends commands through parent.message.send (raw params), refreshAuth through auth; throws when it cannot', async () => {
    vi.useFakeTimers();
    const frame = fakeFrame();
    let answer!: (a: unknown) => void;
    const send = vi.fn(
      (_command: string, _params?: Record<string, unknown> | null) => new Promise((r) => (answer = r)),
    );
    const refresh = vi.spyOn(frame.auth, 'refreshAuth');
    const conn = await connect({ ...frame, parent: { message: { send } } } as unknown as B24FrameLike);
    const onAnswer = vi.fn();
    conn.send!('CallCardSetCardTitle', { title: 'VIP' }, onAnswer);
    expect(send).toHaveBeenCalledExactlyOnceWith('CallCardSetCardTitle', { title: 'VIP' });
    expect(send.mock.calls[0]![1]).not.toHaveProperty('isRawValue');
    answer([]);
    await vi.advanceTimersByTimeAsync(0);
    expect(onAnswer).toHaveBeenCalledExactlyOnceWith([]);

    // A forgotten command gets no answer.
    const late = vi.fn();
    conn.send!('CallCardSetHold', { held: true }, late)();
    answer([]);
    await vi.advanceTimersByTimeAsync(0);
    expect(late).not.toHaveBeenCalled();

    // refreshAuth still goes through the SDK's auth manager, not the message manager.
    const refreshed = vi.fn();
    conn.send!('refreshAuth', undefined, refreshed);
    await vi.advanceTimersByTimeAsync(0);
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(send).toHaveBeenCalledTimes(2);
    expect(refreshed).toHaveBeenCalledWith(expect.objectContaining({ AUTH_ID: 'sdk-token-2' }));

    // No message manager: a CallCardTransportError, thrown at once.
    for (const parent of [undefined, {}]) {
      const bare = await connect({ ...fakeFrame(), parent } as unknown as B24FrameLike);
      expect(() => bare.send!('CallCardSetCardTitle', { title: 'VIP' }, () => {})).toThrow(
        expect.objectContaining({
          name: 'CallCardTransportError',
          code: 'TRANSPORT',
          message: expect.stringContaining('cannot send CallCardSetCardTitle'),
        }),
      );
    }
    const { refreshAuth: _, ...auth } = frame.auth;
    const noRefresh = await connect({ ...frame, auth } as unknown as B24FrameLike);
    expect(() => noRefresh.send!('refreshAuth', undefined, () => {})).toThrow(
      expect.objectContaining({ code: 'TRANSPORT', message: expect.stringMatching(/cannot refresh/) }),
    );
  });

  it('checks the target origin against allowedHosts', async () => {
    const evil = createCallCardClient({
      transport: b24FrameTransport({
        frame: fakeFrame('PAGE_BACKGROUND_WORKER', { origin: 'https://evil.example' }) as B24FrameLike,
        allowedHosts: ['*.bitrix24.com'],
      }),
    });
    evil.subscribe(() => {});
    await tick();
    expect(evil.getState().status).toBe('unsupported');
    expect((evil.getState().error as CallCardUnsupportedError).reason).toBe('UNTRUSTED_HOST');
    expect(evil.getState().error!.message).toContain('evil.example');

    // The host is compared as the browser reports it: lower case, default port dropped.
    const frame = fakeFrame('PAGE_BACKGROUND_WORKER', { origin: 'https://EXAMPLE.Bitrix24.com:443' });
    const ok = createCallCardClient({
      transport: b24FrameTransport({ frame: frame as B24FrameLike, allowedHosts: ['example.bitrix24.com'] }),
    });
    ok.subscribe(() => {});
    await tick();
    expect(ok.getState().status).toBe('listening');
    expect(ok.getConnection()!.origin).toBe('https://example.bitrix24.com');
    expect(getPortal(ok)?.restUrl).toBe('https://example.bitrix24.com/rest/');
  });

  it('with allowedHosts, does not trust a frame that gives no target origin', async () => {
    const frame = fakeFrame();
    const client = createCallCardClient({
      transport: b24FrameTransport({
        frame: { ...frame, getTargetOrigin: undefined } as unknown as B24FrameLike,
        allowedHosts: ['*.bitrix24.com'],
      }),
    });
    client.subscribe(() => {});
    await tick();
    expect((client.getState().error as CallCardUnsupportedError).reason).toBe('UNTRUSTED_HOST');
    expect(frame.placement.bindEvent).not.toHaveBeenCalled();
  });

  it('names no portal (no REST) when the SDK gives no target origin', async () => {
    const frame = fakeFrame();
    const conn = await connect({ ...frame, getTargetOrigin: undefined } as unknown as B24FrameLike);
    expect(conn.origin).toBeNull();
    const client = createCallCardClient({
      transport: b24FrameTransport({ frame: { ...frame, getTargetOrigin: () => '' } as unknown as B24FrameLike }),
    });
    client.subscribe(() => {});
    await tick();
    expect(client.getState().status).toBe('listening');
    expect(getPortal(client)).toBeNull();
  });

  it('is unsupported outside the call-card placements', async () => {
    const frame = fakeFrame('DEFAULT');
    const client = createCallCardClient({ transport: b24FrameTransport({ frame: frame as B24FrameLike }) });
    client.subscribe(() => {});
    await tick();
    expect(client.getState().status).toBe('unsupported');
    expect((client.getState().error as CallCardUnsupportedError).reason).toBe('PLACEMENT');
    expect(frame.placement.bindEvent).not.toHaveBeenCalled();
  });

  it('becomes error when the B24Frame is not usable', async () => {
    const onError = vi.fn();
    const client = createCallCardClient({
      transport: b24FrameTransport({ frame: { getTargetOrigin: () => 'not a url' } as unknown as B24FrameLike }),
      onError,
    });
    client.subscribe(() => {});
    await tick();
    expect(client.getState()).toMatchObject({ status: 'error', error: { code: 'TRANSPORT' } });
    expect(client.getState().error!.message).toBe('The B24Frame is not usable');
    expect(onError).toHaveBeenCalledWith(client.getState().error);
  });

  it('becomes error when initializeB24Frame rejects, and times out when it hangs', async () => {
    const cause = new Error('no parent');
    const a = createCallCardClient({
      transport: b24FrameTransport({ frame: Promise.reject(cause) }),
      onError: () => {},
    });
    a.subscribe(() => {});
    await tick();
    expect(a.getState().status).toBe('error');
    expect(a.getState().error?.cause).toBe(cause);

    vi.useFakeTimers();
    const b = createCallCardClient({
      transport: b24FrameTransport({ frame: new Promise<B24FrameLike>(() => {}) }),
      initTimeoutMs: 300,
    });
    b.subscribe(() => {});
    await vi.advanceTimersByTimeAsync(300);
    expect(b.getState().status).toBe('unsupported');
    expect((b.getState().error as CallCardUnsupportedError).reason).toBe('TIMEOUT');
  });

  it('connects late after a timeout, when initializeB24Frame finally resolves', async () => {
    vi.useFakeTimers();
    let resolve!: (f: B24FrameLike) => void;
    const frame = fakeFrame();
    const client = createCallCardClient({
      transport: b24FrameTransport({ frame: new Promise<B24FrameLike>((r) => (resolve = r)) }),
      initTimeoutMs: 300,
    });
    client.subscribe(() => {});
    await vi.advanceTimersByTimeAsync(300);
    expect((client.getState().error as CallCardUnsupportedError).reason).toBe('TIMEOUT');
    resolve(frame as B24FrameLike);
    await vi.advanceTimersByTimeAsync(1000);
    expect(client.getState()).toMatchObject({ status: 'listening', error: null });
    expect(frame.placement.bindEvent).toHaveBeenCalledTimes(1);
    frame.fire(EVENT, CONTACT);
    expect(client.getState().entity?.entityId).toBe(17);
  });

  it('binds nothing when destroyed before initializeB24Frame resolves', async () => {
    let resolve!: (f: B24FrameLike) => void;
    const frame = fakeFrame();
    const client = createCallCardClient({
      transport: b24FrameTransport({ frame: new Promise<B24FrameLike>((r) => (resolve = r)) }),
    });
    client.subscribe(() => {});
    client.destroy();
    resolve(frame as B24FrameLike);
    await tick();
    expect(frame.placement.bindEvent).not.toHaveBeenCalled();
    expect((client.getState().error as CallCardUnsupportedError).reason).toBe('DESTROYED');
  });

  it('keeps the last token when the SDK throws from getAuthData or getLang (never throws on)', async () => {
    const frame = fakeFrame();
    const client = createCallCardClient({
      transport: b24FrameTransport({ frame: frame as B24FrameLike }),
      onError: vi.fn(),
    });
    client.start();
    await tick();
    const before = getPortal(client);
    expect(before!.auth.accessToken).toBe('sdk-token');
    frame.getLang = () => {
      throw new Error('sdk broke');
    };
    frame.auth.token = 'sdk-token-3';
    expect(() => getPortal(client)).not.toThrow();
    expect(getPortal(client)).toBe(before);
  });
});

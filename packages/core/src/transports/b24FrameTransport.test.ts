import { afterEach, describe, expect, it, vi } from 'vitest';
import { b24FrameTransport, createCallCardClient, type B24FrameLike } from '@b24-callcard/core';

const CONTACT = { PHONE_NUMBER: '+15550100', CRM_ENTITY_TYPE: 'CONTACT', CRM_ENTITY_ID: 17 };
const LEAD = { PHONE_NUMBER: '+2', CRM_ENTITY_TYPE: 'LEAD', CRM_ENTITY_ID: 3 };
const EVENT = 'BackgroundCallCard::entityChanged';

/**
 * A fake B24Frame with b24jssdk 2.2.0's bindEvent behaviour: the promise and the callback share
 * one id and the promise is checked first, so an event within 900 ms resolves the promise and
 * never reaches the callback; otherwise the promise resolves `{ isSafely: true }` after 900 ms.
 */
function fakeFrame(placement = 'PAGE_BACKGROUND_WORKER', opts: { fixed?: boolean } = {}) {
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
        this.token = 'sdk-token-2';
        this.expired = false;
      },
      isAdmin: false,
    },
    getTargetOrigin: () => 'https://example.bitrix24.com',
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

afterEach(() => vi.useRealTimers());

describe('b24FrameTransport', () => {
  it('does not lose an event that arrives within the SDK bind window', async () => {
    vi.useFakeTimers();
    const frame = fakeFrame();
    const client = createCallCardClient({ transport: b24FrameTransport(Promise.resolve(frame as B24FrameLike)) });
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
    expect(client.getPortal()).toMatchObject({ domain: 'example.bitrix24.com', protocol: 'https:', isAdmin: false });
  });

  it('does not invent an event when the bind window just times out', async () => {
    vi.useFakeTimers();
    const frame = fakeFrame();
    const seen = vi.fn();
    const client = createCallCardClient({ transport: b24FrameTransport(frame as B24FrameLike) });
    client.subscribe(seen);
    await vi.advanceTimersByTimeAsync(2000);
    expect(client.getState()).toMatchObject({ status: 'listening', entity: null, error: null });
    frame.fire(EVENT, CONTACT);
    expect(client.getState().entity?.entityId).toBe(17);
  });

  it('does not deliver twice with an SDK that fixed the bug (callback and promise both get it)', async () => {
    vi.useFakeTimers();
    const frame = fakeFrame('PAGE_BACKGROUND_WORKER', { fixed: true });
    // client.on sees every delivery (the store would hide a repeated identical entity).
    const handler = vi.fn();
    const client = createCallCardClient({ transport: b24FrameTransport(frame as B24FrameLike) });
    client.on('entityChanged', handler);
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
    const conn = await b24FrameTransport(frame as B24FrameLike).connect({
      signal: new AbortController().signal,
      onError: () => {},
    });
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

  it('refreshes the token through the SDK', async () => {
    const frame = fakeFrame();
    const client = createCallCardClient({ transport: b24FrameTransport(frame as B24FrameLike) });
    client.start();
    await new Promise((r) => setTimeout(r, 0));
    expect(client.getPortal()!.auth.accessToken).toBe('sdk-token');
    const left = client.getPortal()!.auth.expiresAt - Date.now();
    expect(left).toBeGreaterThan(55_000);
    expect(left).toBeLessThanOrEqual(60_000); // from `expires`, not the full lifetime
    frame.auth.expired = true;
    // The SDK forgets an expired token; the last one stays, so REST can answer expired_token.
    expect(client.getPortal()!.auth.accessToken).toBe('sdk-token');
    const next = await client.refreshAuth();
    expect(next.auth.accessToken).toBe('sdk-token-2');
    expect(client.getPortal()!.auth.accessToken).toBe('sdk-token-2');
  });

  it('is unsupported outside the call-card placements', async () => {
    const frame = fakeFrame('DEFAULT');
    const client = createCallCardClient({ transport: b24FrameTransport(frame as B24FrameLike) });
    client.subscribe(() => {});
    await new Promise((r) => setTimeout(r, 0));
    expect(client.getState().status).toBe('unsupported');
    expect(frame.placement.bindEvent).not.toHaveBeenCalled();
  });

  it('becomes error when initializeB24Frame rejects, and times out when it hangs', async () => {
    const cause = new Error('no parent');
    const a = createCallCardClient({ transport: b24FrameTransport(Promise.reject(cause)), onError: () => {} });
    a.subscribe(() => {});
    await new Promise((r) => setTimeout(r, 0));
    expect(a.getState().status).toBe('error');
    expect(a.getState().error?.cause).toBe(cause);

    vi.useFakeTimers();
    const b = createCallCardClient({
      transport: b24FrameTransport(new Promise<B24FrameLike>(() => {})),
      initTimeoutMs: 300,
    });
    b.subscribe(() => {});
    await vi.advanceTimersByTimeAsync(300);
    expect(b.getState().status).toBe('unsupported');
  });
});

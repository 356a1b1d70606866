import { describe, expect, it, vi } from 'vitest';
import { createMockTransport } from '@b24-callcard/core/testing';
import { createCallCardClient } from '../client/createCallCardClient';
import { CallCardError, CallCardTransportError, CallCardUnsupportedError } from '../errors';
import { frameTransport } from '../transports/frameTransport';
import { getPortal } from './getPortal';
import { whenPortal } from './whenPortal';

const quiet = { onError: () => {} };

const rejection = (p: Promise<unknown>): Promise<CallCardError> =>
  p.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e as CallCardError,
  );

describe('whenPortal', () => {
  it('starts an idle client and resolves once it is connected', async () => {
    const transport = createMockTransport({ answer: 'manual' });
    const client = createCallCardClient({ transport });
    let settled = false;
    const pending = whenPortal(client).finally(() => (settled = true));
    expect(transport.connectCalls).toBe(1);
    expect(client.getState().status).toBe('connecting');
    await Promise.resolve();
    expect(settled).toBe(false);
    transport.answer();
    const portal = await pending;
    expect(portal).toBe(getPortal(client));
    expect(portal.restUrl).toBe('https://example.bitrix24.com/rest/');
  });

  it('resolves at once when already connected, without a second connect', async () => {
    const transport = createMockTransport();
    const client = createCallCardClient({ transport });
    const first = await whenPortal(client);
    expect(await whenPortal(client)).toBe(first);
    expect(transport.connectCalls).toBe(1);
  });

  it('serves several waiters with one connection', async () => {
    const transport = createMockTransport({ answer: 'manual' });
    const client = createCallCardClient({ transport });
    const all = Promise.all([whenPortal(client), whenPortal(client), whenPortal(client)]);
    transport.answer();
    const [a, b, c] = await all;
    expect(b).toBe(a);
    expect(c).toBe(a);
    expect(transport.connectCalls).toBe(1);
  });

  it('resolves in a placement without call-card events (REST works from an install page too)', async () => {
    const client = createCallCardClient({ transport: createMockTransport({ placement: 'DEFAULT' }) });
    const portal = await whenPortal(client);
    expect(portal.domain).toBe('example.bitrix24.com');
    expect(client.getState().status).toBe('unsupported');
  });

  it('rejects NOT_CONNECTED with the reason when the environment is unsupported', async () => {
    const client = createCallCardClient({ transport: frameTransport() }); // no window in node
    const err = await rejection(whenPortal(client));
    expect(err).toBeInstanceOf(CallCardError);
    expect(err.code).toBe('NOT_CONNECTED');
    expect(err.message).toMatch(/^Not connected to the portal: No window/);
  });

  it('rejects NOT_CONNECTED when the transport fails', async () => {
    const client = createCallCardClient({
      transport: createMockTransport({ failWith: new Error('socket closed') }),
      ...quiet,
    });
    const err = await rejection(whenPortal(client));
    expect(err.code).toBe('NOT_CONNECTED');
    expect(client.getState().error).toBeInstanceOf(CallCardTransportError);
    expect(err.message).toContain(client.getState().error!.message);
  });

  it('rejects NOT_CONNECTED when connected but the transport names no checked portal host', async () => {
    const client = createCallCardClient({ transport: createMockTransport({ origin: null }) });
    const err = await rejection(whenPortal(client));
    expect(err.code).toBe('NOT_CONNECTED');
    expect(err.message).toMatch(/names no checked portal host/);
  });

  it('rejects NOT_CONNECTED when the client is destroyed while waiting, or already destroyed', async () => {
    const client = createCallCardClient({ transport: createMockTransport({ answer: 'never' }) });
    const pending = rejection(whenPortal(client));
    client.destroy();
    const err = await pending;
    expect(err.code).toBe('NOT_CONNECTED');
    expect(err.message).toMatch(/destroyed/);
    expect((await rejection(whenPortal(client))).code).toBe('NOT_CONNECTED');
  });

  it('rejects when the init times out, but a later call resolves after a late answer', async () => {
    vi.useFakeTimers();
    try {
      const transport = createMockTransport({ answer: 'manual' });
      const client = createCallCardClient({ transport, initTimeoutMs: 1000 });
      const pending = rejection(whenPortal(client));
      await vi.advanceTimersByTimeAsync(1000);
      const err = await pending;
      expect(err.code).toBe('NOT_CONNECTED');
      expect(client.getState().error).toBeInstanceOf(CallCardUnsupportedError);
      transport.answer();
      await vi.advanceTimersByTimeAsync(0);
      expect(client.getState().status).toBe('listening');
      expect((await whenPortal(client)).auth.accessToken).toBe('mock-access-token');
    } finally {
      vi.useRealTimers();
    }
  });

  it('stops watching the client once settled', async () => {
    const transport = createMockTransport({ answer: 'manual' });
    const client = createCallCardClient({ transport });
    const subscribe = client.subscribe;
    const offs: Array<ReturnType<typeof vi.fn>> = [];
    client.subscribe = (listener) => {
      const off = vi.fn(subscribe(listener));
      offs.push(off);
      return off;
    };
    const pending = whenPortal(client);
    transport.answer();
    await pending;
    expect(offs).toHaveLength(1);
    expect(offs[0]).toHaveBeenCalledTimes(1);
    // Already connected: no subscription at all.
    await whenPortal(client);
    expect(offs).toHaveLength(1);
  });
});

describe('whenPortal with a signal', () => {
  it('rejects with the reason when the signal aborts while waiting, and stops listening', async () => {
    const transport = createMockTransport({ answer: 'never' });
    const client = createCallCardClient({ transport, initTimeoutMs: 0, ...quiet });
    const ctrl = new AbortController();
    const pending = whenPortal(client, { signal: ctrl.signal });
    ctrl.abort(new Error('user gave up'));
    await expect(pending).rejects.toThrow('user gave up');
    await expect(whenPortal(client, { signal: ctrl.signal })).rejects.toThrow('user gave up');
  });
});

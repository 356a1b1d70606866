import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  autoTransport,
  createCallCardClient,
  getDefaultCallCardClient,
  getPortal,
  type CallCardUnsupportedError,
} from '@b24-callcard/core';
import { createFakeFrame } from '../../test/helpers/fakePortal';
import { expectOnlyHostWarnings } from '../../test/helpers/hostWarning';

// The frame transports here leave allowedHosts out: frameTransport's dev warning is expected (checked, not printed).
expectOnlyHostWarnings();

const tick = () => new Promise((r) => setTimeout(r, 0));

afterEach(() => vi.useRealTimers());

describe('autoTransport', () => {
  it('uses window.BX24 when present', async () => {
    vi.useFakeTimers();
    const frame = createFakeFrame();
    const calls: string[] = [];
    Object.assign(frame.win, {
      BX24: {
        init: (cb: () => void) => setTimeout(cb, 1),
        placement: { info: () => ({ placement: 'PAGE_BACKGROUND_WORKER' }), bindEvent: (e: string) => calls.push(e) },
        getAuth: () => ({ access_token: 'bx-token', domain: 'example.bitrix24.com' }),
      },
    });
    const client = createCallCardClient({ transport: autoTransport({ window: frame.win }) });
    client.subscribe(() => {});
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toEqual(['BackgroundCallCard::entityChanged']);
    expect(frame.commands).toEqual([]);
    expect(client.getState().status).toBe('listening');
    // REST goes to the host of window.name, checked the same way whichever transport is picked.
    expect(getPortal(client)).toMatchObject({
      restUrl: 'https://example.bitrix24.com/rest/',
      auth: { accessToken: 'bx-token' },
    });
  });

  it('uses the built-in frame transport when window.name has the Bitrix24 form', async () => {
    const frame = createFakeFrame();
    const client = createCallCardClient({ transport: autoTransport({ window: frame.win }) });
    client.subscribe(() => {});
    await tick();
    expect(frame.commands.map((c) => c.method)).toEqual(['getInitData', 'placementBindEvent']);
    expect(client.getState().status).toBe('listening');
    expect(getPortal(client)?.auth.accessToken).toBe('token-1');
  });

  it('uses the frame transport when the BX24 script set BX24 to null (it did not initialise)', async () => {
    const frame = createFakeFrame();
    Object.assign(frame.win, { BX24: null });
    const client = createCallCardClient({ transport: autoTransport({ window: frame.win }) });
    client.subscribe(() => {});
    await tick();
    expect(frame.commands.map((c) => c.method)).toEqual(['getInitData', 'placementBindEvent']);
    expect(client.getState().status).toBe('listening');
  });

  it('checks allowedHosts even when BX24 is present', async () => {
    const frame = createFakeFrame({ name: 'evil.example|1|s' });
    Object.assign(frame.win, { BX24: { init: () => {}, placement: { info: () => ({}), bindEvent: () => {} } } });
    const client = createCallCardClient({
      transport: autoTransport({ window: frame.win, allowedHosts: ['*.bitrix24.com'] }),
    });
    client.subscribe(() => {});
    expect((client.getState().error as CallCardUnsupportedError).reason).toBe('UNTRUSTED_HOST');
  });

  it('checks allowedHosts with the frame transport', () => {
    const frame = createFakeFrame({ name: 'evil.example|1|sid123' });
    const client = createCallCardClient({
      transport: autoTransport({ window: frame.win, allowedHosts: ['*.bitrix24.com'] }),
    });
    client.subscribe(() => {});
    expect((client.getState().error as CallCardUnsupportedError).reason).toBe('UNTRUSTED_HOST');
    expect(frame.commands).toEqual([]);
  });

  it('is unsupported with NOT_IN_PORTAL for a window.name that is not Bitrix24', () => {
    for (const name of ['', 'some-tab', 'a|b']) {
      const frame = createFakeFrame({ name });
      const client = createCallCardClient({ transport: autoTransport({ window: frame.win }) });
      client.subscribe(() => {});
      expect((client.getState().error as CallCardUnsupportedError).reason).toBe('NOT_IN_PORTAL');
      expect(frame.commands).toEqual([]);
    }
  });

  it('is unsupported with a reason that says what to do, outside a portal (default transport)', () => {
    window.name = '';
    const client = getDefaultCallCardClient();
    try {
      client.subscribe(() => {});
      const { status, error } = client.getState();
      expect(status).toBe('unsupported');
      expect((error as CallCardUnsupportedError).reason).toBe('NOT_IN_PORTAL');
      expect(error?.message).toMatch(/open the app from the portal, or in the simulator/);
    } finally {
      client.destroy();
    }
  });
});

import { describe, expect, it } from 'vitest';
import { autoTransport, createCallCardClient, type CallCardUnsupportedError } from '@b24-callcard/core';
import { createFakeFrame } from './helpers/fakePortal';

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('autoTransport', () => {
  it('uses window.BX24 when present', async () => {
    const frame = createFakeFrame();
    const calls: string[] = [];
    Object.assign(frame.win, {
      BX24: {
        init: (cb: () => void) => setTimeout(cb, 1),
        placement: { info: () => ({ placement: 'PAGE_BACKGROUND_WORKER' }), bindEvent: (e: string) => calls.push(e) },
      },
    });
    const client = createCallCardClient({ transport: autoTransport({ window: frame.win }) });
    client.subscribe(() => {});
    await new Promise((r) => setTimeout(r, 5));
    expect(calls).toEqual(['BackgroundCallCard::entityChanged']);
    expect(frame.commands).toEqual([]);
  });

  it('uses the built-in frame transport when window.name has the Bitrix24 form', async () => {
    const frame = createFakeFrame();
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

  it('is unsupported with a reason that says what to do, outside a portal (default transport)', () => {
    window.name = '';
    const client = createCallCardClient();
    client.subscribe(() => {});
    const { status, error } = client.getState();
    expect(status).toBe('unsupported');
    expect((error as CallCardUnsupportedError).reason).toBe('NOT_IN_PORTAL');
    expect(error?.message).toMatch(/open the app from the portal or in the simulator/);
  });
});

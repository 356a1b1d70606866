import { describe, expect, it } from 'vitest';
import {
  autoTransport,
  createCallCardClient,
  getDefaultCallCardClient,
  IDLE_STATE,
  type CallCardUnsupportedError,
} from '@b24-callcard/core';

describe('core without window (SSR, Node)', () => {
  it('imports and creates a client with a transport without throwing; idle until subscribed, then unsupported', () => {
    expect(typeof window).toBe('undefined');
    const client = createCallCardClient({ transport: autoTransport() });
    expect(client.getState().status).toBe('idle');
    expect(client.getServerState()).toBe(IDLE_STATE);
    const off = client.subscribe(() => {});
    const { status, error } = client.getState();
    expect(status).toBe('unsupported');
    expect((error as CallCardUnsupportedError).reason).toBe('NO_WINDOW');
    expect(client.getServerState()).toBe(IDLE_STATE);
    off();
  });

  it('still requires a transport', () => {
    expect(() => createCallCardClient(undefined as never)).toThrow(TypeError);
  });

  it('the default client is idle until used, then unsupported (NO_WINDOW)', () => {
    const client = getDefaultCallCardClient();
    expect(client.getState().status).toBe('idle');
    expect(client.getServerState()).toBe(IDLE_STATE);
    client.start();
    expect(client.getState()).toMatchObject({ status: 'unsupported', error: { reason: 'NO_WINDOW' } });
    expect(getDefaultCallCardClient()).toBe(client);
  });
});

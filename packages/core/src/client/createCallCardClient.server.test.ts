import { describe, expect, it } from 'vitest';
import { createCallCardClient, getDefaultCallCardClient, type CallCardUnsupportedError } from '@b24-callcard/core';

describe('core without window (SSR, Node)', () => {
  it('imports and creates a client without throwing; idle until subscribed, then unsupported', () => {
    expect(typeof window).toBe('undefined');
    const client = createCallCardClient();
    expect(client.getState().status).toBe('idle');
    const off = client.subscribe(() => {});
    const { status, error } = client.getState();
    expect(status).toBe('unsupported');
    expect((error as CallCardUnsupportedError).reason).toBe('NO_WINDOW');
    off();
    expect(getDefaultCallCardClient().getState().status).toBe('idle');
  });
});

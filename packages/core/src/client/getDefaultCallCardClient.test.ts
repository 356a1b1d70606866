import { describe, expect, it, vi } from 'vitest';
import { createCallCardClient, getDefaultCallCardClient, type CallCardTransport } from '@b24-callcard/core';

describe('getDefaultCallCardClient', () => {
  it('returns one shared client, and a new one once it was destroyed', () => {
    const first = getDefaultCallCardClient();
    expect(getDefaultCallCardClient()).toBe(first);
    expect(first.getState().status).toBe('idle');
    first.destroy();
    const second = getDefaultCallCardClient();
    expect(second).not.toBe(first);
    expect(second.getState().status).toBe('idle');
    expect(getDefaultCallCardClient()).toBe(second);
  });

  it('uses the auto transport: outside a portal it is unsupported (NOT_IN_PORTAL), not an error', () => {
    const client = getDefaultCallCardClient();
    client.start();
    expect(client.getState()).toMatchObject({ status: 'unsupported', error: { reason: 'NOT_IN_PORTAL' } });
    // Unsupported is not destroyed: the same client is kept.
    expect(getDefaultCallCardClient()).toBe(client);
    client.destroy();
  });
});

// Two copies of core on one page (its CJS and ESM builds both loaded, or two versions installed)
// must still agree: errors are told apart by name and code, and there is one shared client.
describe('two copies of the package on one page', () => {
  it('an unsupported error made by another copy still reads as unsupported', async () => {
    // What another copy's CallCardUnsupportedError looks like from here: same name and code,
    // a different class.
    class CallCardUnsupportedError extends Error {
      readonly code = 'UNSUPPORTED';
      readonly reason = 'NO_WINDOW';
      constructor() {
        super('No window');
        this.name = 'CallCardUnsupportedError';
      }
    }
    const foreign = new CallCardUnsupportedError();
    const transport: CallCardTransport = {
      name: 'other-copy',
      connect: () => {
        throw foreign;
      },
    };
    const onError = vi.fn();
    const client = createCallCardClient({ transport, onError });
    client.start();
    expect(client.getState()).toMatchObject({ status: 'unsupported', error: foreign });
    expect(onError).not.toHaveBeenCalled();
  });

  it('an error that is not ours still becomes a transport error', () => {
    const transport: CallCardTransport = {
      name: 'broken',
      connect: () => {
        throw Object.assign(new Error('EADDRINUSE'), { code: 'EADDRINUSE' });
      },
    };
    const client = createCallCardClient({ transport, onError: () => {} });
    client.start();
    expect(client.getState().status).toBe('error');
    expect(client.getState().error).toMatchObject({ name: 'CallCardTransportError', code: 'TRANSPORT' });
  });

  it('both copies get the same default client', async () => {
    const first = (await import('./getDefaultCallCardClient')).getDefaultCallCardClient();
    vi.resetModules(); // the next import evaluates the module again: a second copy
    const copy = await import('./getDefaultCallCardClient');
    expect(copy.getDefaultCallCardClient()).toBe(first);
    first.destroy();
    const next = copy.getDefaultCallCardClient();
    expect(next).not.toBe(first);
    expect(next.getState().status).toBe('idle');
  });
});

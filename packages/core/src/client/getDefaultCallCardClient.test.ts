import { describe, expect, it, vi } from 'vitest';
import { createCallCardClient, type CallCardTransport } from '@b24-callcard/core';

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
    const first = (await import('../src/getDefaultCallCardClient')).getDefaultCallCardClient();
    vi.resetModules(); // the next import evaluates the module again: a second copy
    const copy = await import('../src/getDefaultCallCardClient');
    expect(copy.getDefaultCallCardClient()).toBe(first);
    first.destroy();
    const next = copy.getDefaultCallCardClient();
    expect(next).not.toBe(first);
    expect(next.getState().status).toBe('idle');
  });
});

import { renderToString } from 'react-dom/server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createCallCardClient, getCallStateStore } from '@b24-callcard/core';
import { createMockTransport } from '@b24-callcard/core/testing';
import {
  CallCardProvider,
  useCallCardCommands,
  useCallCardEntity,
  useCallState,
  useKeepCallCardOpen,
} from '@b24-callcard/react';

function Card() {
  const { status, entity } = useCallCardEntity();
  return (
    <p>
      {status}:{entity ? entity.entityId : 'none'}
    </p>
  );
}

describe('React SSR without window', () => {
  it('renders the idle state with the default client and binds nothing', () => {
    expect(typeof window).toBe('undefined');
    expect(renderToString(<Card />)).toBe('<p>idle<!-- -->:<!-- -->none</p>');
  });

  it('renders the server snapshot with a provided client and does not start it', () => {
    const transport = createMockTransport();
    const client = createCallCardClient({ transport });
    const html = renderToString(
      <CallCardProvider client={client}>
        <Card />
      </CallCardProvider>,
    );
    expect(html).toContain('idle');
    expect(transport.connectCalls).toBe(0);
  });

  function Call() {
    const call = useCallState();
    return <p>{call ? call.callId : 'no call'}</p>;
  }

  it('useCallState renders null with the default client and with a provided one, starting nothing', () => {
    expect(renderToString(<Call />)).toBe('<p>no call</p>');
    const transport = createMockTransport();
    const client = createCallCardClient({ transport });
    const html = renderToString(
      <CallCardProvider client={client}>
        <Call />
      </CallCardProvider>,
    );
    expect(html).toBe('<p>no call</p>');
    expect(transport.connectCalls).toBe(0);
    expect(transport.binds).toEqual([]);
  });

  it('useCallState renders null even while the client has a live call (the server snapshot)', async () => {
    const transport = createMockTransport();
    const client = createCallCardClient({ transport });
    const off = getCallStateStore(client).subscribe(() => {});
    transport.emit({ CALL_ID: 'c1', CALL_STATE: 'connected' }, 'initialized');
    expect(getCallStateStore(client).getState()?.callId).toBe('c1');
    const html = renderToString(
      <CallCardProvider client={client}>
        <Call />
      </CallCardProvider>,
    );
    expect(html).toBe('<p>no call</p>');
    off();
  });

  describe('useKeepCallCardOpen(true)', () => {
    afterEach(() => void vi.useRealTimers());
    function Form() {
      useKeepCallCardOpen(true, { renewMs: 1000 });
      const card = useCallCardCommands();
      return <form>{typeof card.disableAutoClose}</form>;
    }

    it('sends nothing and starts nothing with a provided client', async () => {
      vi.useFakeTimers();
      const transport = createMockTransport({ placement: 'CALL_CARD' });
      const client = createCallCardClient({ transport, onError: () => {} });
      const html = renderToString(
        <CallCardProvider client={client}>
          <Form />
        </CallCardProvider>,
      );
      expect(html).toBe('<form>function</form>');
      expect(vi.getTimerCount()).toBe(0); // no renewal interval, no init timeout
      await vi.advanceTimersByTimeAsync(120_000);
      expect(transport.connectCalls).toBe(0);
      expect(transport.commands).toEqual([]);
      expect(client.getState().status).toBe('idle');
    });

    it('sends nothing and starts nothing with the default client', async () => {
      vi.useFakeTimers();
      expect(renderToString(<Form />)).toBe('<form>function</form>');
      expect(vi.getTimerCount()).toBe(0);
    });
  });
});

import { act, cleanup, render } from '@testing-library/react';
import { StrictMode } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CallCardCommandError, createCallCardClient, type CallCardClient } from '@b24-callcard/core';
import { createMockTransport, type MockTransport, type MockTransportOptions } from '@b24-callcard/core/testing';
import { CallCardProvider, useKeepCallCardOpen } from '@b24-callcard/react';

beforeEach(() => void vi.useFakeTimers());
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const setup = (options: MockTransportOptions = {}) => {
  const transport = createMockTransport({ placement: 'CALL_CARD', ...options });
  const errors: unknown[] = [];
  const client = createCallCardClient({ transport, onError: (e) => errors.push(e) });
  return { transport, client, errors };
};
/** The commands sent to the portal, by name, without the `getInterface` question. */
const sent = (t: MockTransport) => t.commands.map((c) => c.command).filter((c) => c !== 'getInterface');
const count = (t: MockTransport, command: string) => sent(t).filter((c) => c === command).length;
/** Lets the client connect and the pending commands reach the portal, with no time passing. */
const settle = () => act(() => vi.advanceTimersByTimeAsync(0));
/** Lets `ms` of (fake) time pass. */
const wait = (ms: number) => act(() => vi.advanceTimersByTimeAsync(ms));

function Form({ dirty, renewMs, client }: { dirty: boolean; renewMs?: number; client?: CallCardClient }) {
  useKeepCallCardOpen(dirty, { renewMs, client });
  return <form />;
}

describe('useKeepCallCardOpen', () => {
  it('active: sends disableAutoClose at once and renews it every renewMs', async () => {
    const { transport, client, errors } = setup();
    render(<Form dirty renewMs={1000} client={client} />);
    await settle();
    expect(sent(transport)).toEqual(['disableAutoClose']);
    expect(transport.commands.find((c) => c.command === 'disableAutoClose')?.params).toEqual({});
    await wait(999);
    expect(sent(transport)).toEqual(['disableAutoClose']);
    await wait(1);
    expect(sent(transport)).toEqual(['disableAutoClose', 'disableAutoClose']);
    await wait(3000);
    expect(count(transport, 'disableAutoClose')).toBe(5);
    expect(count(transport, 'enableAutoClose')).toBe(0);
    expect(errors).toEqual([]);
  });

  it('renews every 50 s by default (before the portal’s 65 s run out)', async () => {
    const { transport, client } = setup();
    render(<Form dirty client={client} />);
    await settle();
    expect(count(transport, 'disableAutoClose')).toBe(1);
    await wait(49_999);
    expect(count(transport, 'disableAutoClose')).toBe(1);
    await wait(1);
    expect(count(transport, 'disableAutoClose')).toBe(2);
  });

  it('turning active false sends enableAutoClose once and stops renewing; true again holds again', async () => {
    const { transport, client } = setup();
    const { rerender } = render(<Form dirty renewMs={1000} client={client} />);
    await settle();
    await wait(1000);
    expect(sent(transport)).toEqual(['disableAutoClose', 'disableAutoClose']);
    rerender(<Form dirty={false} renewMs={1000} client={client} />);
    await settle();
    expect(sent(transport)).toEqual(['disableAutoClose', 'disableAutoClose', 'enableAutoClose']);
    rerender(<Form dirty={false} renewMs={1000} client={client} />);
    await wait(10_000);
    expect(sent(transport)).toEqual(['disableAutoClose', 'disableAutoClose', 'enableAutoClose']);
    rerender(<Form dirty renewMs={1000} client={client} />);
    await settle();
    expect(sent(transport).slice(3)).toEqual(['disableAutoClose']);
    await wait(1000);
    expect(sent(transport).slice(3)).toEqual(['disableAutoClose', 'disableAutoClose']);
  });

  it('re-rendering while active keeps the one hold (no release, no extra hold)', async () => {
    const { transport, client } = setup();
    const { rerender } = render(<Form dirty renewMs={1000} client={client} />);
    await settle();
    for (let i = 0; i < 5; i++) rerender(<Form dirty renewMs={1000} client={client} />);
    await settle();
    expect(sent(transport)).toEqual(['disableAutoClose']);
    await wait(500);
    rerender(<Form dirty renewMs={1000} client={client} />);
    await wait(500); // the renewal timer was not restarted by the re-render
    expect(sent(transport)).toEqual(['disableAutoClose', 'disableAutoClose']);
  });

  it('unmounting while active releases the card and stops renewing', async () => {
    const { transport, client } = setup();
    const { unmount } = render(<Form dirty renewMs={1000} client={client} />);
    await settle();
    unmount();
    await settle();
    expect(sent(transport)).toEqual(['disableAutoClose', 'enableAutoClose']);
    await wait(10_000);
    expect(sent(transport)).toEqual(['disableAutoClose', 'enableAutoClose']);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('unmounting before the portal answered still releases, after the hold', async () => {
    const { transport, client } = setup({ answer: 'manual' });
    const { unmount } = render(<Form dirty renewMs={1000} client={client} />);
    unmount();
    await settle();
    expect(sent(transport)).toEqual([]);
    act(() => transport.answer());
    await settle();
    expect(sent(transport)).toEqual(['disableAutoClose', 'enableAutoClose']);
  });

  it('StrictMode never lets the card go between its unmount and remount, and unmount releases it once', async () => {
    const { transport, client } = setup();
    const { unmount } = render(
      <StrictMode>
        <CallCardProvider client={client}>
          <Form dirty renewMs={60_000} />
        </CallCardProvider>
      </StrictMode>,
    );
    await settle();
    // StrictMode mounts, unmounts and mounts the effect again: the release in between is cancelled
    // by the second hold, so no enableAutoClose reaches the portal (it would close an ended call's card).
    expect(count(transport, 'enableAutoClose')).toBe(0);
    expect(sent(transport).at(-1)).toBe('disableAutoClose');
    unmount();
    await settle();
    expect(sent(transport).at(-1)).toBe('enableAutoClose');
    expect(count(transport, 'enableAutoClose')).toBe(1);
    const all = sent(transport);
    await wait(300_000); // no renewal timer survived
    expect(sent(transport)).toEqual(all);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('active=false from the start sends nothing and starts no timer', async () => {
    const { transport, client } = setup();
    const { rerender, unmount } = render(<Form dirty={false} renewMs={1000} client={client} />);
    await settle();
    rerender(<Form dirty={false} renewMs={1000} client={client} />);
    await wait(10_000);
    unmount();
    await settle();
    expect(transport.commands).toEqual([]);
    expect(transport.connectCalls).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('uses the provider’s client, and moves the hold when the client changes', async () => {
    const a = setup();
    const b = setup();
    const tree = (client: CallCardClient) => (
      <CallCardProvider client={client}>
        <Form dirty renewMs={1000} />
      </CallCardProvider>
    );
    const { rerender } = render(tree(a.client));
    await settle();
    expect(sent(a.transport)).toEqual(['disableAutoClose']);
    rerender(tree(b.client));
    await settle();
    expect(sent(a.transport)).toEqual(['disableAutoClose', 'enableAutoClose']);
    expect(sent(b.transport)).toEqual(['disableAutoClose']);
    await wait(1000);
    expect(sent(a.transport)).toEqual(['disableAutoClose', 'enableAutoClose']);
    expect(sent(b.transport)).toEqual(['disableAutoClose', 'disableAutoClose']);
  });

  it('in the background worker nothing is sent: each failed hold goes to onError (NOT_AVAILABLE)', async () => {
    const { transport, client, errors } = setup({ placement: 'PAGE_BACKGROUND_WORKER' });
    const { unmount } = render(<Form dirty renewMs={1000} client={client} />);
    await settle();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(CallCardCommandError);
    expect(errors[0]).toMatchObject({ reason: 'NOT_AVAILABLE', command: 'disableAutoClose' });
    unmount();
    await settle();
    expect(errors.map((e) => (e as CallCardCommandError).command)).toEqual(['disableAutoClose', 'enableAutoClose']);
    expect(sent(transport)).toEqual([]);
  });

  it('a refused hold (NO_CARD) goes to onError and the renewal goes on', async () => {
    const { transport, client, errors } = setup({
      commandAnswers: { disableAutoClose: [{ result: 'error', errorCode: 'Call card is undefined' }] },
    });
    render(<Form dirty renewMs={1000} client={client} />);
    await settle();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ reason: 'NO_CARD', command: 'disableAutoClose' });
    await wait(1000);
    expect(count(transport, 'disableAutoClose')).toBe(2);
    expect(errors).toHaveLength(2);
  });
});

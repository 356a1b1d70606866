import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CallCardCommandError, createCallCardClient, keepCallCardOpen } from '@b24-callcard/core';
import { createMockTransport, SILENCE, type MockTransportOptions } from '@b24-callcard/core/testing';

/** A CALL_CARD tab client on a mock portal. */
function setup(options: MockTransportOptions = {}) {
  const transport = createMockTransport({ placement: 'CALL_CARD', ...options });
  const onError = vi.fn();
  const client = createCallCardClient({ transport, onError });
  /** The keep-open commands sent so far, in order. */
  const sent = () =>
    transport.commands.map((c) => c.command).filter((c) => c === 'disableAutoClose' || c === 'enableAutoClose');
  return { transport, client, onError, sent };
}

const flush = () => vi.advanceTimersByTimeAsync(0);

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('keepCallCardOpen', () => {
  it('sends disableAutoClose at once, then every 50 s (before the portal’s 65 s run out)', async () => {
    const { transport, client, onError, sent } = setup();
    const release = keepCallCardOpen(client);
    await flush();
    expect(sent()).toEqual(['disableAutoClose']);
    expect(transport.commands.find((c) => c.command === 'disableAutoClose')!.params).toEqual({});
    await vi.advanceTimersByTimeAsync(49_999);
    expect(sent()).toEqual(['disableAutoClose']);
    await vi.advanceTimersByTimeAsync(1);
    expect(sent()).toEqual(['disableAutoClose', 'disableAutoClose']);
    await vi.advanceTimersByTimeAsync(50_000 * 3);
    expect(sent()).toHaveLength(5);
    expect(onError).not.toHaveBeenCalled();
    release();
  });

  it('never leaves 65 s without a renewal', async () => {
    const { transport, client } = setup();
    const times: number[] = [];
    const release = keepCallCardOpen(client);
    const start = Date.now();
    for (let t = 0; t < 400_000; t += 1000) {
      const before = transport.commands.length;
      await vi.advanceTimersByTimeAsync(1000);
      if (transport.commands.slice(before).some((c) => c.command === 'disableAutoClose')) times.push(Date.now());
    }
    release();
    const gaps = [times[0]! - start, ...times.slice(1).map((t, i) => t - times[i]!)];
    expect(Math.max(...gaps)).toBeLessThan(65_000);
  });

  it('renews every renewMs when given', async () => {
    const { client, sent } = setup();
    const release = keepCallCardOpen(client, { renewMs: 10_000 });
    await flush();
    await vi.advanceTimersByTimeAsync(9_999);
    expect(sent()).toEqual(['disableAutoClose']);
    await vi.advanceTimersByTimeAsync(1);
    expect(sent()).toEqual(['disableAutoClose', 'disableAutoClose']);
    await vi.advanceTimersByTimeAsync(20_000);
    expect(sent()).toHaveLength(4);
    release();
  });

  it('release sends enableAutoClose once and stops renewing; a second release is harmless', async () => {
    const { client, onError, sent } = setup();
    const release = keepCallCardOpen(client);
    await vi.advanceTimersByTimeAsync(50_000);
    expect(sent()).toEqual(['disableAutoClose', 'disableAutoClose']);
    release();
    await flush();
    expect(sent()).toEqual(['disableAutoClose', 'disableAutoClose', 'enableAutoClose']);
    release();
    await vi.advanceTimersByTimeAsync(500_000);
    expect(sent()).toEqual(['disableAutoClose', 'disableAutoClose', 'enableAutoClose']);
    expect(vi.getTimerCount()).toBe(0);
    expect(onError).not.toHaveBeenCalled();
  });

  it('released at once, before the connection: the card is held, then let go (in that order)', async () => {
    const { transport, client, sent } = setup({ answer: 'manual' });
    const release = keepCallCardOpen(client);
    release();
    await flush();
    expect(sent()).toEqual([]);
    transport.answer();
    await flush();
    expect(sent()).toEqual(['disableAutoClose', 'enableAutoClose']);
    await vi.advanceTimersByTimeAsync(200_000);
    expect(sent()).toEqual(['disableAutoClose', 'enableAutoClose']);
  });

  it('holds are counted: the card is released only when the last hold is', async () => {
    const { client, sent } = setup();
    const a = keepCallCardOpen(client);
    const b = keepCallCardOpen(client, { renewMs: 20_000 });
    await flush();
    a();
    await vi.advanceTimersByTimeAsync(20_000);
    // b still holds: no enableAutoClose, and b keeps renewing.
    expect(sent()).toEqual(['disableAutoClose', 'disableAutoClose', 'disableAutoClose']);
    b();
    await flush();
    expect(sent().filter((c) => c === 'enableAutoClose')).toHaveLength(1);
  });

  it('a hold taken in the tick after a release cancels that release (React StrictMode remount)', async () => {
    const { client, sent } = setup();
    const first = keepCallCardOpen(client);
    first();
    const second = keepCallCardOpen(client);
    await flush();
    expect(sent()).toEqual(['disableAutoClose', 'disableAutoClose']); // never an enableAutoClose in between
    second();
    await flush();
    expect(sent()).toEqual(['disableAutoClose', 'disableAutoClose', 'enableAutoClose']);
  });

  it('stops renewing on a failure no renewal can fix (NOT_AVAILABLE in the background worker)', async () => {
    const transport = createMockTransport(); // PAGE_BACKGROUND_WORKER: the tab's commands are not here
    const onError = vi.fn();
    const client = createCallCardClient({ transport, onError });
    const release = keepCallCardOpen(client, { renewMs: 1000 });
    await vi.advanceTimersByTimeAsync(5000);
    expect(onError).toHaveBeenCalledTimes(1);
    expect(onError.mock.calls[0]![0]).toMatchObject({ reason: 'NOT_AVAILABLE' });
    release();
  });

  it('failures go to onError (each renewal and the release), never thrown', async () => {
    const noCard = [{ result: 'error', errorCode: 'Call card is undefined' }];
    const { client, onError, sent } = setup({
      commandAnswers: { disableAutoClose: noCard, enableAutoClose: SILENCE },
    });
    const release = keepCallCardOpen(client, { renewMs: 1000 });
    await flush();
    expect(onError).toHaveBeenCalledTimes(1);
    const first = onError.mock.calls[0]![0] as CallCardCommandError;
    expect(first).toBeInstanceOf(CallCardCommandError);
    expect(first).toMatchObject({
      command: 'disableAutoClose',
      reason: 'NO_CARD',
      errorCode: 'Call card is undefined',
    });
    await vi.advanceTimersByTimeAsync(1000);
    expect(onError).toHaveBeenCalledTimes(2);
    release();
    await vi.advanceTimersByTimeAsync(5000); // enableAutoClose: no answer
    expect(sent().at(-1)).toBe('enableAutoClose');
    expect(onError).toHaveBeenCalledTimes(3);
    expect(onError.mock.calls[2]![0]).toMatchObject({ command: 'enableAutoClose', reason: 'NO_ANSWER' });
  });

  it('in the background worker: NOT_AVAILABLE to onError, nothing sent', async () => {
    const { transport, client, onError } = setup({ placement: 'PAGE_BACKGROUND_WORKER' });
    const release = keepCallCardOpen(client);
    await flush();
    release();
    await flush();
    expect(
      onError.mock.calls.map((c) => [(c[0] as CallCardCommandError).command, (c[0] as CallCardCommandError).reason]),
    ).toEqual([
      ['disableAutoClose', 'NOT_AVAILABLE'],
      ['enableAutoClose', 'NOT_AVAILABLE'],
    ]);
    expect(transport.commands).toEqual([]);
  });

  it('a client that cannot connect: NOT_CONNECTED to onError', async () => {
    const { client, onError } = setup({ failWith: new Error('down') });
    const release = keepCallCardOpen(client);
    await flush();
    release();
    expect(onError).toHaveBeenCalledWith(
      expect.objectContaining({ command: 'disableAutoClose', reason: 'NOT_CONNECTED' }),
    );
  });
});

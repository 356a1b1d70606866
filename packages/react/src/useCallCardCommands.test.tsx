import { act, cleanup, render, renderHook } from '@testing-library/react';
import { Profiler, StrictMode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  CALL_CARD_UI_STATES,
  CallCardCommandError,
  createCallCardClient,
  type CallCardCommands,
} from '@b24-callcard/core';
import { createMockTransport, SILENCE, type MockTransportOptions } from '@b24-callcard/core/testing';
import { CallCardProvider, useCallCardCommands } from '@b24-callcard/react';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const setup = (options: MockTransportOptions = {}) => {
  const transport = createMockTransport(options);
  const errors: unknown[] = [];
  const client = createCallCardClient({ transport, onError: (e) => errors.push(e) });
  return { transport, client, errors };
};
/** The commands sent to the portal, without the `getInterface` question. */
const sent = (t: { commands: ReadonlyArray<{ command: string; params: unknown }> }) =>
  t.commands.filter((c) => c.command !== 'getInterface');

/** What each function sends (command, params) and resolves with. */
type Row = [
  name: string,
  call: (c: CallCardCommands) => Promise<unknown>,
  command: string,
  params: object,
  result?: unknown,
];
const BACKGROUND: Row[] = [
  ['setMute(true)', (c) => c.setMute(true), 'CallCardSetMute', { muted: true }],
  ['setMute(false)', (c) => c.setMute(false), 'CallCardSetMute', { muted: false }],
  ['setHold(true)', (c) => c.setHold(true), 'CallCardSetHold', { held: true }],
  ['setHold(false)', (c) => c.setHold(false), 'CallCardSetHold', { held: false }],
  ['setUiState', (c) => c.setUiState('incoming'), 'CallCardSetUiState', { uiState: 'incoming' }],
  [
    'setUiState with disableAutoStartTimer',
    (c) => c.setUiState('connected', { disableAutoStartTimer: true }),
    'CallCardSetUiState',
    { uiState: 'connected', disableAutoStartTimer: true },
  ],
  [
    'setUiState with disableAutoStartTimer false',
    (c) => c.setUiState('connected', { disableAutoStartTimer: false }),
    'CallCardSetUiState',
    { uiState: 'connected', disableAutoStartTimer: false },
  ],
  ['getUiStates', (c) => c.getUiStates(), 'CallCardGetListUiStates', {}, [...CALL_CARD_UI_STATES]],
  ['setTitle', (c) => c.setTitle('Call: ACME'), 'CallCardSetCardTitle', { title: 'Call: ACME' }],
  ['setStatusText', (c) => c.setStatusText('VIP client'), 'CallCardSetStatusText', { statusText: 'VIP client' }],
  ['startTimer', (c) => c.startTimer({ timerGraceMs: 0 }), 'CallCardStartTimer', {}],
  ['stopTimer', (c) => c.stopTimer({ timerGraceMs: 0 }), 'CallCardStopTimer', {}],
  ['close', (c) => c.close(), 'CallCardClose', {}],
];
const TAB: Row[] = [
  ['disableAutoClose', (c) => c.disableAutoClose(), 'disableAutoClose', {}],
  ['enableAutoClose', (c) => c.enableAutoClose(), 'enableAutoClose', {}],
];

describe('useCallCardCommands', () => {
  it('returns the same object on every render for the same client, a new one for another client', () => {
    const a = setup();
    const b = setup();
    const { result, rerender } = renderHook(({ client }) => useCallCardCommands({ client }), {
      initialProps: { client: a.client },
      wrapper: StrictMode,
    });
    const first = result.current;
    rerender({ client: a.client });
    rerender({ client: a.client });
    expect(result.current).toBe(first);
    rerender({ client: b.client });
    const second = result.current;
    expect(second).not.toBe(first);
    rerender({ client: b.client });
    expect(result.current).toBe(second);
  });

  it("follows the provider's client: same object while it stays, bound to the new client when it changes", async () => {
    const a = setup();
    const b = setup();
    const seen: CallCardCommands[] = [];
    function Probe({ n }: { n: number }) {
      seen.push(useCallCardCommands());
      return <i>{n}</i>;
    }
    const { rerender } = render(
      <CallCardProvider client={a.client}>
        <Probe n={1} />
      </CallCardProvider>,
    );
    rerender(
      <CallCardProvider client={a.client}>
        <Probe n={2} />
      </CallCardProvider>,
    );
    expect(seen).toHaveLength(2);
    expect(seen[1]).toBe(seen[0]);
    rerender(
      <CallCardProvider client={b.client}>
        <Probe n={3} />
      </CallCardProvider>,
    );
    expect(seen[2]).not.toBe(seen[0]);
    await act(() => seen[2]!.setTitle('to b'));
    await act(() => seen[0]!.setTitle('to a'));
    expect(sent(b.transport)).toEqual([{ command: 'CallCardSetCardTitle', params: { title: 'to b' } }]);
    expect(sent(a.transport)).toEqual([{ command: 'CallCardSetCardTitle', params: { title: 'to a' } }]);
  });

  it('an explicit client wins over the provider', async () => {
    const a = setup();
    const b = setup();
    const { result } = renderHook(() => useCallCardCommands({ client: b.client }), {
      wrapper: ({ children }) => <CallCardProvider client={a.client}>{children}</CallCardProvider>,
    });
    await result.current.setMute(true);
    expect(sent(b.transport)).toEqual([{ command: 'CallCardSetMute', params: { muted: true } }]);
    expect(a.transport.commands).toEqual([]);
  });

  describe.each(BACKGROUND)('PAGE_BACKGROUND_WORKER: %s', (_name, call, command, params, result) => {
    it(`sends ${command} with exactly its params and resolves`, async () => {
      const { transport, client, errors } = setup();
      const { result: hook } = renderHook(() => useCallCardCommands({ client }));
      await expect(call(hook.current)).resolves.toEqual(result);
      expect(sent(transport)).toEqual([{ command, params }]);
      expect(errors).toEqual([]);
    });
  });

  describe.each(TAB)('CALL_CARD: %s', (_name, call, command, params) => {
    it(`sends ${command} and resolves`, async () => {
      const { transport, client, errors } = setup({ placement: 'CALL_CARD' });
      const { result: hook } = renderHook(() => useCallCardCommands({ client }));
      await expect(call(hook.current)).resolves.toBeUndefined();
      expect(sent(transport)).toEqual([{ command, params }]);
      expect(errors).toEqual([]);
    });
  });

  it('CALL_CARD: getStatus sends getStatus and resolves with the normalised call', async () => {
    const { transport, client } = setup({ placement: 'CALL_CARD' });
    const { result } = renderHook(() => useCallCardCommands({ client }));
    const call = await result.current.getStatus();
    expect(call).toMatchObject({
      callId: 'externalCall.mock',
      phoneNumber: '+15550100',
      line: { number: 'line-1', name: 'Sales' },
      entityType: 'CONTACT',
      entityId: 17,
      direction: 'incoming',
      state: 'connected',
      callListMode: false,
    });
    expect(sent(transport)).toEqual([{ command: 'getStatus', params: {} }]);
  });

  it('all 12 functions are there, and nothing else', () => {
    const { client } = setup();
    const { result } = renderHook(() => useCallCardCommands({ client }));
    expect(Object.keys(result.current).sort()).toEqual(
      [
        'setMute',
        'setHold',
        'setUiState',
        'getUiStates',
        'setTitle',
        'setStatusText',
        'startTimer',
        'stopTimer',
        'close',
        'getStatus',
        'disableAutoClose',
        'enableAutoClose',
      ].sort(),
    );
    expect(new Set([...BACKGROUND, ...TAB].map((r) => r[2])).size + 1).toBe(12); // + getStatus
  });

  it('setUiState sends disableAutoStartTimer only when given, and never the command options', async () => {
    vi.useFakeTimers();
    const { transport, client } = setup({ commandAnswers: { CallCardSetUiState: SILENCE } });
    const { result } = renderHook(() => useCallCardCommands({ client }));
    const outcome = result.current.setUiState('connected', { disableAutoStartTimer: true, timeoutMs: 200 }).then(
      () => 'resolved',
      (e: CallCardCommandError) => e.reason,
    );
    const plain = result.current
      .setUiState('outgoing', { timeoutMs: 200 })
      .catch((e: CallCardCommandError) => e.reason);
    await vi.advanceTimersByTimeAsync(199);
    expect(sent(transport)).toEqual([
      { command: 'CallCardSetUiState', params: { uiState: 'connected', disableAutoStartTimer: true } },
      { command: 'CallCardSetUiState', params: { uiState: 'outgoing' } },
    ]);
    expect(Object.keys(sent(transport)[1]!.params as object)).toEqual(['uiState']);
    await vi.advanceTimersByTimeAsync(1);
    // timeoutMs reached callCardCommand: the silent portal gives NO_ANSWER at 200 ms, not 5000 ms.
    expect(await outcome).toBe('NO_ANSWER');
    expect(await plain).toBe('NO_ANSWER');
  });

  it('startTimer / stopTimer resolve after the default 1000 ms of silence', async () => {
    vi.useFakeTimers();
    const { transport, client } = setup();
    const { result } = renderHook(() => useCallCardCommands({ client }));
    let done = 0;
    void result.current.startTimer().then(() => done++);
    void result.current.stopTimer().then(() => done++);
    await vi.advanceTimersByTimeAsync(999);
    expect(done).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(done).toBe(2);
    expect(sent(transport).map((c) => c.command)).toEqual(['CallCardStartTimer', 'CallCardStopTimer']);
  });

  it('a command the portal refuses rejects with a CallCardCommandError (NO_CARD) and is not reported', async () => {
    const answer = [{ result: 'error', errorCode: 'Call card is undefined' }];
    const { transport, client, errors } = setup({ commandAnswers: { CallCardSetCardTitle: answer } });
    const { result } = renderHook(() => useCallCardCommands({ client }));
    const error = await result.current.setTitle('x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CallCardCommandError);
    expect(error).toMatchObject({
      code: 'COMMAND',
      command: 'CallCardSetCardTitle',
      reason: 'NO_CARD',
      errorCode: 'Call card is undefined',
      answer,
    });
    expect(sent(transport)).toEqual([{ command: 'CallCardSetCardTitle', params: { title: 'x' } }]);
    expect(errors).toEqual([]); // the caller gets it, not onError
    // Other commands still work.
    await expect(result.current.setStatusText('ok')).resolves.toBeUndefined();
  });

  it('an invalid UI state rejects INVALID_UI_STATE before anything is sent', async () => {
    const { transport, client } = setup();
    const { result } = renderHook(() => useCallCardCommands({ client }));
    await expect(result.current.setUiState('ringing' as never)).rejects.toMatchObject({
      reason: 'INVALID_UI_STATE',
    });
    expect(sent(transport)).toEqual([]);
  });

  it.each([
    ['getStatus', (c: CallCardCommands) => c.getStatus()],
    ['disableAutoClose', (c: CallCardCommands) => c.disableAutoClose()],
    ['enableAutoClose', (c: CallCardCommands) => c.enableAutoClose()],
  ])('the tab command %s in the background worker rejects NOT_AVAILABLE and is never sent', async (command, call) => {
    const { transport, client } = setup({ placement: 'PAGE_BACKGROUND_WORKER' });
    const { result } = renderHook(() => useCallCardCommands({ client }));
    const error = await call(result.current).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CallCardCommandError);
    expect(error).toMatchObject({ reason: 'NOT_AVAILABLE', command });
    expect(sent(transport)).toEqual([]);
  });

  it('a background command in the CALL_CARD tab rejects NOT_AVAILABLE and is never sent', async () => {
    const { transport, client } = setup({ placement: 'CALL_CARD' });
    const { result } = renderHook(() => useCallCardCommands({ client }));
    await expect(result.current.setMute(true)).rejects.toMatchObject({
      reason: 'NOT_AVAILABLE',
      command: 'CallCardSetMute',
    });
    expect(sent(transport)).toEqual([]);
  });

  it('using the hook and its commands causes no extra renders', async () => {
    const { client } = setup();
    const renders = vi.fn();
    const commits = vi.fn();
    let card: CallCardCommands | undefined;
    function Buttons() {
      card = useCallCardCommands();
      renders();
      return <button type="button">mute</button>;
    }
    render(
      <CallCardProvider client={client}>
        <Profiler id="buttons" onRender={commits}>
          <Buttons />
        </Profiler>
      </CallCardProvider>,
    );
    expect(renders).toHaveBeenCalledTimes(1);
    await act(async () => {
      await card!.setMute(true);
      await card!.setUiState('connected');
      await card!.getUiStates();
      await card!.setTitle('t');
      await card!.getStatus().catch(() => {}); // NOT_AVAILABLE here
    });
    expect(client.getState().status).toBe('listening'); // the client did start and change state
    expect(renders).toHaveBeenCalledTimes(1);
    expect(commits).toHaveBeenCalledTimes(1);
  });
});

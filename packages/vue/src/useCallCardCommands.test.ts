import { cleanup, render } from '@testing-library/vue';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createApp, defineComponent, effectScope, h, nextTick, onUpdated, ref } from 'vue';
import {
  CALL_CARD_UI_STATES,
  CallCardCommandError,
  createCallCardClient,
  type CallCardCommands,
} from '@b24-callcard/core';
import { createMockTransport, SILENCE, type MockTransportOptions } from '@b24-callcard/core/testing';
import { callCardPlugin, useCallCardCommands } from '@b24-callcard/vue';

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
/** `useCallCardCommands` run in a bare effect scope. */
const inScope = (options?: Parameters<typeof useCallCardCommands>[0]) => {
  const scope = effectScope();
  const card = scope.run(() => useCallCardCommands(options))!;
  return { card, scope };
};

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
  ['setUiState', (c) => c.setUiState('transferring'), 'CallCardSetUiState', { uiState: 'transferring' }],
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

describe('useCallCardCommands (Vue)', () => {
  it('a component keeps one object across re-renders; another client gives another object bound to it', async () => {
    const a = setup();
    const b = setup();
    const seen: CallCardCommands[] = [];
    const Buttons = defineComponent({
      props: { n: { type: Number, required: true } },
      setup(props) {
        const card = useCallCardCommands();
        return () => (seen.push(card), h('i', props.n));
      },
    });
    const r = render(Buttons, { props: { n: 1 }, global: { plugins: [[callCardPlugin, { client: a.client }]] } });
    await r.rerender({ n: 2 });
    await r.rerender({ n: 3 });
    expect(seen).toHaveLength(3);
    expect(new Set(seen).size).toBe(1);
    render(Buttons, { props: { n: 1 }, global: { plugins: [[callCardPlugin, { client: b.client }]] } });
    expect(seen).toHaveLength(4);
    expect(seen[3]).not.toBe(seen[0]);
    await seen[3]!.setTitle('to b');
    await seen[0]!.setTitle('to a');
    expect(sent(b.transport)).toEqual([{ command: 'CallCardSetCardTitle', params: { title: 'to b' } }]);
    expect(sent(a.transport)).toEqual([{ command: 'CallCardSetCardTitle', params: { title: 'to a' } }]);
  });

  it("an explicit client wins over the plugin's, also outside components (runWithContext)", async () => {
    const a = setup();
    const b = setup();
    const app = createApp({ render: () => null }).use(callCardPlugin, { client: a.client });
    const viaPlugin = app.runWithContext(() => useCallCardCommands());
    const explicit = app.runWithContext(() => useCallCardCommands({ client: b.client }));
    await viaPlugin.setMute(true);
    await explicit.setHold(true);
    expect(sent(a.transport)).toEqual([{ command: 'CallCardSetMute', params: { muted: true } }]);
    expect(sent(b.transport)).toEqual([{ command: 'CallCardSetHold', params: { held: true } }]);
  });

  describe.each(BACKGROUND)('PAGE_BACKGROUND_WORKER: %s', (_name, call, command, params, result) => {
    it(`sends ${command} with exactly its params and resolves`, async () => {
      const { transport, client, errors } = setup();
      const { card, scope } = inScope({ client });
      await expect(call(card)).resolves.toEqual(result);
      expect(sent(transport)).toEqual([{ command, params }]);
      expect(errors).toEqual([]);
      scope.stop();
    });
  });

  describe.each(TAB)('CALL_CARD: %s', (_name, call, command, params) => {
    it(`sends ${command} and resolves`, async () => {
      const { transport, client, errors } = setup({ placement: 'CALL_CARD' });
      const { card } = inScope({ client });
      await expect(call(card)).resolves.toBeUndefined();
      expect(sent(transport)).toEqual([{ command, params }]);
      expect(errors).toEqual([]);
    });
  });

  it('CALL_CARD: getStatus sends getStatus and resolves with the normalised call', async () => {
    const { transport, client } = setup({ placement: 'CALL_CARD' });
    const { card } = inScope({ client });
    await expect(card.getStatus()).resolves.toMatchObject({
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

  it('has the 12 functions', () => {
    const { client } = setup();
    expect(Object.keys(inScope({ client }).card).sort()).toEqual(
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
  });

  it('setUiState sends disableAutoStartTimer only when given, and never the command options', async () => {
    vi.useFakeTimers();
    const { transport, client } = setup({ commandAnswers: { CallCardSetUiState: SILENCE } });
    const { card } = inScope({ client });
    const withFlag = card
      .setUiState('connected', { disableAutoStartTimer: true, timeoutMs: 200 })
      .catch((e: CallCardCommandError) => e.reason);
    const plain = card.setUiState('outgoing', { timeoutMs: 200 }).catch((e: CallCardCommandError) => e.reason);
    await vi.advanceTimersByTimeAsync(199);
    expect(sent(transport)).toEqual([
      { command: 'CallCardSetUiState', params: { uiState: 'connected', disableAutoStartTimer: true } },
      { command: 'CallCardSetUiState', params: { uiState: 'outgoing' } },
    ]);
    expect(Object.keys(sent(transport)[1]!.params as object)).toEqual(['uiState']);
    await vi.advanceTimersByTimeAsync(1);
    expect(await withFlag).toBe('NO_ANSWER'); // timeoutMs reached the command
    expect(await plain).toBe('NO_ANSWER');
  });

  it('startTimer / stopTimer resolve after the default 1000 ms of silence', async () => {
    vi.useFakeTimers();
    const { transport, client } = setup();
    const { card } = inScope({ client });
    let done = 0;
    void card.startTimer().then(() => done++);
    void card.stopTimer().then(() => done++);
    await vi.advanceTimersByTimeAsync(999);
    expect(done).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(done).toBe(2);
    expect(sent(transport).map((c) => c.command)).toEqual(['CallCardStartTimer', 'CallCardStopTimer']);
  });

  it('a command the portal refuses rejects with a CallCardCommandError (NO_CARD) and is not reported', async () => {
    const answer = [{ result: 'error', errorCode: 'Call card is undefined' }];
    const { transport, client, errors } = setup({ commandAnswers: { CallCardSetCardTitle: answer } });
    const { card } = inScope({ client });
    const error = await card.setTitle('x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CallCardCommandError);
    expect(error).toMatchObject({
      code: 'COMMAND',
      command: 'CallCardSetCardTitle',
      reason: 'NO_CARD',
      errorCode: 'Call card is undefined',
      answer,
    });
    expect(sent(transport)).toEqual([{ command: 'CallCardSetCardTitle', params: { title: 'x' } }]);
    expect(errors).toEqual([]);
    await expect(card.setStatusText('ok')).resolves.toBeUndefined();
  });

  it.each([
    ['getStatus', (c: CallCardCommands) => c.getStatus()],
    ['disableAutoClose', (c: CallCardCommands) => c.disableAutoClose()],
    ['enableAutoClose', (c: CallCardCommands) => c.enableAutoClose()],
  ])('the tab command %s in the background worker rejects NOT_AVAILABLE and is never sent', async (command, call) => {
    const { transport, client } = setup({ placement: 'PAGE_BACKGROUND_WORKER' });
    const { card } = inScope({ client });
    const error = await call(card).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CallCardCommandError);
    expect(error).toMatchObject({ reason: 'NOT_AVAILABLE', command });
    expect(sent(transport)).toEqual([]);
  });

  it('a background command in the CALL_CARD tab rejects NOT_AVAILABLE and is never sent', async () => {
    const { transport, client } = setup({ placement: 'CALL_CARD' });
    const { card } = inScope({ client });
    await expect(card.close()).rejects.toMatchObject({ reason: 'NOT_AVAILABLE', command: 'CallCardClose' });
    expect(sent(transport)).toEqual([]);
  });

  it('the commands still work after the scope stopped (they are plain functions)', async () => {
    const { transport, client } = setup();
    const { card, scope } = inScope({ client });
    scope.stop();
    await card.setMute(false);
    expect(sent(transport)).toEqual([{ command: 'CallCardSetMute', params: { muted: false } }]);
  });

  it('using the composable and its commands causes no extra renders', async () => {
    const { client } = setup();
    let renders = 0;
    const updated = vi.fn();
    const local = ref(0);
    let card: CallCardCommands | undefined;
    const Buttons = defineComponent({
      setup() {
        card = useCallCardCommands();
        onUpdated(updated);
        return () => (renders++, h('button', String(local.value)));
      },
    });
    render(Buttons, { global: { plugins: [[callCardPlugin, { client }]] } });
    expect(renders).toBe(1);
    await card!.setMute(true);
    await card!.setUiState('connected');
    await card!.getUiStates();
    await card!.setTitle('t');
    await card!.getStatus().catch(() => {}); // NOT_AVAILABLE here
    await nextTick();
    expect(client.getState().status).toBe('listening'); // the client did start and change state
    expect(renders).toBe(1);
    expect(updated).not.toHaveBeenCalled();
    local.value++; // the render counter works
    await nextTick();
    expect(renders).toBe(2);
  });
});

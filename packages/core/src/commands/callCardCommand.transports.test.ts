/**
 * callCardCommand through each real transport, against fakes that answer as the portal does:
 * `[]` for the placement's commands, the 12 states, the call for `getStatus`, the error answers
 * (`[{result:'error', errorCode}]`, the desktop's bare object), and silence for the timers and for
 * the other placement's commands.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  b24FrameTransport,
  bx24Transport,
  callCardCommand,
  createCallCardClient,
  frameTransport,
  type B24FrameLike,
  type Bx24Like,
  type CallCardTransport,
} from '@b24-callcard/core';
import { createFakeFrame, NO_ANSWER } from '../../test/helpers/fakePortal';

const WORKER_COMMANDS = [
  'CallCardSetMute',
  'CallCardSetHold',
  'CallCardSetUiState',
  'CallCardGetListUiStates',
  'CallCardSetCardTitle',
  'CallCardSetStatusText',
  'CallCardStartTimer',
  'CallCardStopTimer',
  'CallCardClose',
];
const TAB_COMMANDS = ['getStatus', 'disableAutoClose', 'enableAutoClose'];
const UI_STATES = [
  'incoming',
  'transferIncoming',
  'outgoing',
  'connectingIncoming',
  'connectingOutgoing',
  'connected',
  'transferring',
  'transferFailed',
  'transferConnected',
  'error',
  'moneyError',
  'redial',
];
/** `getStatus` as the portal answers it. */
const STATUS = {
  CALL_ID: 'externalCall.42',
  PHONE_NUMBER: '+15550100',
  LINE_NUMBER: 'line-1',
  LINE_NAME: 'Sales',
  CRM_ENTITY_TYPE: 'CONTACT',
  CRM_ENTITY_ID: 17,
  CALL_DIRECTION: 'outgoing',
  CALL_STATE: 'connecting',
  CALL_LIST_MODE: false,
};
const NO_CARD = [{ result: 'error', errorCode: 'Call card is undefined' }];

/**
 * What the browser portal answers in `placement`, by command ({@link NO_ANSWER}: never), with
 * `overrides` on top. Any command not in the table is never answered either.
 */
function portalAnswer(placement: string, command: string, overrides: Record<string, unknown> = {}): unknown {
  if (Object.prototype.hasOwnProperty.call(overrides, command)) return overrides[command];
  const own = placement === 'CALL_CARD' ? TAB_COMMANDS : WORKER_COMMANDS;
  if (command === 'getInterface') return { command: own, event: [] };
  if (!own.includes(command) || command === 'CallCardStartTimer' || command === 'CallCardStopTimer') {
    return NO_ANSWER;
  }
  if (command === 'CallCardGetListUiStates') return UI_STATES;
  if (command === 'getStatus') return STATUS;
  return [];
}

const flush = () => vi.advanceTimersByTimeAsync(0);

function watch<T>(promise: Promise<T>) {
  const s: { status: 'pending' | 'resolved' | 'rejected'; value?: T; error?: unknown } = { status: 'pending' };
  promise.then(
    (value) => Object.assign(s, { status: 'resolved', value }),
    (error: unknown) => Object.assign(s, { status: 'rejected', error }),
  );
  return s;
}

/** Lets fake time run `ms` (the fakes answer a macrotask later), then gives how `promise` settled. */
async function outcome<T>(promise: Promise<T>, ms = 50) {
  const w = watch(promise);
  await vi.advanceTimersByTimeAsync(ms);
  if (w.status === 'pending') throw new Error(`still pending after ${ms} ms`);
  return w;
}
const resolved = (value: unknown) => ({ status: 'resolved', value });
const rejected = (error: unknown) => ({ status: 'rejected', error });

const clientOn = (transport: CallCardTransport) => {
  const onError = vi.fn();
  return { client: createCallCardClient({ transport, onError }), onError };
};

const commandError = (command: string, reason: string, extra: Record<string, unknown> = {}) =>
  expect.objectContaining({ name: 'CallCardCommandError', code: 'COMMAND', command, reason, ...extra });

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('through frameTransport (the frame string protocol)', () => {
  /** A fake portal page that answers getInterface as the browser portal does, and the rest by hand. */
  const setup = (placement = 'PAGE_BACKGROUND_WORKER', answers?: Record<string, unknown>) => {
    const frame = createFakeFrame({
      init: { PLACEMENT: placement },
      answers: answers ?? { getInterface: portalAnswer(placement, 'getInterface') },
    });
    return { frame, ...clientOn(frameTransport({ window: frame.win, allowedHosts: ['example.bitrix24.com'] })) };
  };
  const wire = (frame: ReturnType<typeof createFakeFrame>, method: string) =>
    frame.parent.sent.filter((s) => typeof s.message === 'string' && s.message.startsWith(`${method}:`));

  it('puts CallCardSetMute:{"muted":true}:<cb>:<sid> on the wire and resolves on "<cb>:[]"', async () => {
    const { frame, client, onError } = setup();
    const result = watch(callCardCommand(client, 'CallCardSetMute', { muted: true }));
    await flush();
    const cmd = frame.commands.find((c) => c.method === 'CallCardSetMute')!;
    expect(cmd.callback).toMatch(/^[0-9a-z]+$/);
    expect(wire(frame, 'CallCardSetMute')).toEqual([
      {
        message: `CallCardSetMute:{"muted":true}:${cmd.callback}:sid123`,
        targetOrigin: 'https://example.bitrix24.com',
      },
    ]);
    // getInterface was asked first, in the same string form.
    const ask = frame.commands.find((c) => c.method === 'getInterface')!;
    expect(wire(frame, 'getInterface')).toEqual([
      { message: `getInterface:{}:${ask.callback}:sid123`, targetOrigin: 'https://example.bitrix24.com' },
    ]);
    expect(result.status).toBe('pending');
    frame.post(`${cmd.callback}:[]`);
    await flush();
    expect(result).toEqual({ status: 'resolved', value: undefined });
    expect(onError).not.toHaveBeenCalled();
  });

  it('puts the no-parameter commands on the wire with {} and the UI state with its flag', async () => {
    const { frame, client } = setup('PAGE_BACKGROUND_WORKER', {
      getInterface: portalAnswer('PAGE_BACKGROUND_WORKER', 'getInterface'),
      CallCardClose: [],
      CallCardSetUiState: [],
    });
    await callCardCommand(client, 'CallCardSetUiState', { uiState: 'connected', disableAutoStartTimer: true });
    await callCardCommand(client, 'CallCardClose');
    const ui = frame.commands.find((c) => c.method === 'CallCardSetUiState')!;
    const close = frame.commands.find((c) => c.method === 'CallCardClose')!;
    expect(wire(frame, 'CallCardSetUiState')[0]!.message).toBe(
      `CallCardSetUiState:{"uiState":"connected","disableAutoStartTimer":true}:${ui.callback}:sid123`,
    );
    expect(wire(frame, 'CallCardClose')[0]!.message).toBe(`CallCardClose:{}:${close.callback}:sid123`);
  });

  it('gets the 12 states and the call through the wire', async () => {
    const worker = setup('PAGE_BACKGROUND_WORKER', {
      getInterface: portalAnswer('PAGE_BACKGROUND_WORKER', 'getInterface'),
      CallCardGetListUiStates: UI_STATES,
    });
    await expect(callCardCommand(worker.client, 'CallCardGetListUiStates')).resolves.toEqual(UI_STATES);

    const tab = setup('CALL_CARD', { getInterface: portalAnswer('CALL_CARD', 'getInterface'), getStatus: STATUS });
    await expect(callCardCommand(tab.client, 'getStatus')).resolves.toEqual({
      callId: 'externalCall.42',
      phoneNumber: '+15550100',
      line: { number: 'line-1', name: 'Sales' },
      entityType: 'CONTACT',
      entityId: 17,
      direction: 'outgoing',
      state: 'connecting',
      callListMode: false,
      raw: STATUS,
    });
  });

  it('turns an error answer on the wire into NO_CARD with the parsed answer', async () => {
    const { frame, client } = setup();
    const result = watch(callCardCommand(client, 'CallCardSetCardTitle', { title: 'VIP' }));
    await flush();
    const cmd = frame.commands.find((c) => c.method === 'CallCardSetCardTitle')!;
    frame.post(`${cmd.callback}:[{"result":"error","errorCode":"Call card is undefined"}]`);
    await flush();
    expect(result.error).toEqual(
      commandError('CallCardSetCardTitle', 'NO_CARD', { errorCode: 'Call card is undefined', answer: NO_CARD }),
    );
  });

  it('desktop: `missing field held` then "<cb>:[]" is rejected once, and the second answer is dropped', async () => {
    const { frame, client, onError } = setup();
    const result = watch(callCardCommand(client, 'CallCardSetHold', { held: false }));
    await flush();
    const cmd = frame.commands.find((c) => c.method === 'CallCardSetHold')!;
    frame.post(`${cmd.callback}:[{"result":"error","errorCode":"missing field held"}]`);
    frame.post(`${cmd.callback}:[]`);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(result.status).toBe('rejected');
    expect(result.error).toEqual(commandError('CallCardSetHold', 'MISSING_FIELD', { errorCode: 'missing field held' }));
    expect(onError).not.toHaveBeenCalled();
  });

  it('desktop: a bare `missing field muted` object is MISSING_FIELD', async () => {
    const { frame, client } = setup();
    const result = watch(callCardCommand(client, 'CallCardSetMute', { muted: false }));
    await flush();
    const cmd = frame.commands.find((c) => c.method === 'CallCardSetMute')!;
    frame.post(`${cmd.callback}:{"result":"error","errorCode":"missing field muted"}`);
    await flush();
    expect(result.error).toEqual(
      commandError('CallCardSetMute', 'MISSING_FIELD', { errorCode: 'missing field muted' }),
    );
  });

  it('ignores an answer from another origin or window, even with the right callback id', async () => {
    const { frame, client } = setup();
    const result = watch(callCardCommand(client, 'CallCardSetMute', { muted: true }));
    await flush();
    const cmd = frame.commands.find((c) => c.method === 'CallCardSetMute')!;
    frame.post(`${cmd.callback}:${JSON.stringify(NO_CARD)}`, 'https://evil.example');
    frame.post(`${cmd.callback}:${JSON.stringify(NO_CARD)}`, 'https://example.bitrix24.com', {});
    await flush();
    expect(result.status).toBe('pending');
    frame.post(`${cmd.callback}:[]`);
    await flush();
    expect(result.status).toBe('resolved');
  });

  it('a timer the portal never answers resolves after the grace; NO_ANSWER for other silent commands', async () => {
    const { frame, client } = setup();
    const timer = watch(callCardCommand(client, 'CallCardStopTimer', {}, { timerGraceMs: 500 }));
    const title = watch(callCardCommand(client, 'CallCardSetStatusText', { statusText: 'x' }, { timeoutMs: 2000 }));
    await vi.advanceTimersByTimeAsync(499);
    expect(timer.status).toBe('pending');
    expect(wire(frame, 'CallCardStopTimer')).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(timer.status).toBe('resolved');
    await vi.advanceTimersByTimeAsync(1500);
    expect(title.error).toEqual(commandError('CallCardSetStatusText', 'NO_ANSWER'));
  });

  it("never puts the other placement's command on the wire; waits at most 1000 ms for a silent getInterface", async () => {
    const { frame, client } = setup('PAGE_BACKGROUND_WORKER', {});
    const other = watch(callCardCommand(client, 'getStatus'));
    await flush();
    expect(other.error).toEqual(commandError('getStatus', 'NOT_AVAILABLE'));
    expect(frame.commands.map((c) => c.method)).toEqual(['getInitData', 'placementBindEvent']);

    const mute = watch(callCardCommand(client, 'CallCardSetMute', { muted: true }));
    await vi.advanceTimersByTimeAsync(1000);
    expect(frame.commands.map((c) => c.method)).toEqual([
      'getInitData',
      'placementBindEvent',
      'getInterface',
      'CallCardSetMute',
    ]);
    frame.reply(frame.commands[3]!, []);
    await flush();
    expect(mute.status).toBe('resolved');
  });
});

describe('through bx24Transport (BX24.placement.call)', () => {
  /** A fake classic BX24 whose placement.call answers as the portal does (a macrotask later; never for timers). */
  function fakeBx24(placement = 'PAGE_BACKGROUND_WORKER', overrides: Record<string, unknown> = {}) {
    const bx = {
      init: (cb: () => void) => void setTimeout(cb, 10),
      placement: {
        info: () => ({ placement, options: {} }),
        bindEvent: vi.fn(),
        call: vi.fn((command: string, _params: unknown, cb: (answer: unknown) => void) => {
          const answer = portalAnswer(placement, command, overrides);
          if (answer !== NO_ANSWER) setTimeout(() => cb(answer), 0);
        }),
      },
      getAuth: () => ({
        access_token: 'tok',
        refresh_token: 'ref',
        expires_in: Date.now() + 3600e3,
        domain: 'example.bitrix24.com',
      }),
    };
    return bx;
  }
  const setup = (bx: ReturnType<typeof fakeBx24> | Bx24Like) =>
    clientOn(bx24Transport({ bx24: bx as Bx24Like, window: { name: 'example.bitrix24.com|1|sid' } as Window }));

  it('sends the command and getInterface through BX24.placement.call(command, params, cb)', async () => {
    const bx = fakeBx24();
    const { client, onError } = setup(bx);
    expect(await outcome(callCardCommand(client, 'CallCardSetStatusText', { statusText: 'VIP client' }))).toEqual(
      resolved(undefined),
    );
    expect(bx.placement.call.mock.calls.map((c) => [c[0], c[1]])).toEqual([
      ['getInterface', {}],
      ['CallCardSetStatusText', { statusText: 'VIP client' }],
    ]);
    expect(await outcome(callCardCommand(client, 'CallCardGetListUiStates'))).toEqual(resolved(UI_STATES));
    expect(onError).not.toHaveBeenCalled();
  });

  it('a timer BX24 never answers resolves after the grace, not before', async () => {
    const bx = fakeBx24();
    const { client } = setup(bx);
    const result = watch(callCardCommand(client, 'CallCardStartTimer'));
    let sentAt = 0;
    bx.placement.call.mockImplementationOnce(() => void (sentAt = Date.now())); // getInterface: silent too
    bx.placement.call.mockImplementationOnce(() => void (sentAt = Date.now()));
    await vi.advanceTimersByTimeAsync(1020); // BX24.init is deferred, then getInterface waits 1000 ms
    expect(bx.placement.call).toHaveBeenLastCalledWith('CallCardStartTimer', {}, expect.any(Function));
    expect(result.status).toBe('pending');
    await vi.advanceTimersByTimeAsync(sentAt + 999 - Date.now());
    expect(result.status).toBe('pending');
    await vi.advanceTimersByTimeAsync(1);
    expect(result.status).toBe('resolved');
  });

  it('turns the portal error answers into reasons', async () => {
    const bx = fakeBx24('PAGE_BACKGROUND_WORKER', {
      CallCardSetHold: NO_CARD,
      CallCardSetMute: { result: 'error', errorCode: 'missing field muted' },
      CallCardSetUiState: [{ result: 'error', errorCode: 'Invalid ui state' }],
    });
    const { client } = setup(bx);
    expect(await outcome(callCardCommand(client, 'CallCardSetHold', { held: true }))).toEqual(
      rejected(commandError('CallCardSetHold', 'NO_CARD', { answer: NO_CARD })),
    );
    expect(await outcome(callCardCommand(client, 'CallCardSetMute', { muted: false }))).toEqual(
      rejected(commandError('CallCardSetMute', 'MISSING_FIELD')),
    );
    expect(await outcome(callCardCommand(client, 'CallCardSetUiState', { uiState: 'error' }))).toEqual(
      rejected(commandError('CallCardSetUiState', 'INVALID_UI_STATE')),
    );
  });

  it('getStatus in the CALL_CARD tab; the worker commands are never sent there', async () => {
    const bx = fakeBx24('CALL_CARD');
    const { client } = setup(bx);
    expect((await outcome(callCardCommand(client, 'getStatus'))).value).toMatchObject({ callId: 'externalCall.42' });
    expect(await outcome(callCardCommand(client, 'CallCardClose'))).toEqual(
      rejected(commandError('CallCardClose', 'NOT_AVAILABLE')),
    );
    expect(bx.placement.call.mock.calls.map((c) => c[0])).toEqual(['getInterface', 'getStatus']);
  });

  it('a BX24 without placement.call: the command rejects NOT_AVAILABLE (a CallCardCommandError)', async () => {
    const bx = fakeBx24();
    const { call: _call, ...placement } = bx.placement;
    const { client } = setup({ ...bx, placement } as unknown as Bx24Like);
    const { error } = await outcome(callCardCommand(client, 'CallCardSetMute', { muted: true }));
    expect(error).toMatchObject({
      name: 'CallCardCommandError',
      code: 'COMMAND',
      reason: 'NOT_AVAILABLE',
      message: expect.stringContaining('cannot send CallCardSetMute'),
    });
  });
});

describe('through b24FrameTransport (the SDK message manager)', () => {
  /**
   * A fake B24Frame: parent.message.send(command, params) resolves with the portal's answer (never
   * for timers); placement.call behaves as b24jssdk 2.2.0's (adds isRawValue, resolves
   * {isSafely: true} after 900 ms) and must not be used.
   */
  function fakeB24(placement = 'PAGE_BACKGROUND_WORKER', overrides: Record<string, unknown> = {}) {
    return {
      placement: {
        placement,
        options: {},
        bindEvent: vi.fn(() => new Promise((r) => setTimeout(() => r({ isSafely: true }), 900))),
        call: vi.fn(() => new Promise((r) => setTimeout(() => r({ isSafely: true }), 900))),
      },
      auth: {
        getAuthData: () => ({ access_token: 'sdk', refresh_token: 'r', expires: Date.now() / 1000 + 3600 }),
        isAdmin: false,
      },
      parent: {
        message: {
          send: vi.fn(
            (command: string, _params?: Record<string, unknown> | null) =>
              new Promise<unknown>((resolve) => {
                const answer = portalAnswer(placement, command, overrides);
                if (answer !== NO_ANSWER) setTimeout(() => resolve(answer), 0);
              }),
          ),
        },
      },
      getTargetOrigin: () => 'https://example.bitrix24.com',
      getLang: () => 'en',
    };
  }
  const setup = (frame: ReturnType<typeof fakeB24> | B24FrameLike) =>
    clientOn(b24FrameTransport({ frame: frame as B24FrameLike }));

  it('sends through frame.parent.message.send with clean params (no isRawValue), never placement.call', async () => {
    const frame = fakeB24();
    const { client, onError } = setup(frame);
    expect(await outcome(callCardCommand(client, 'CallCardSetMute', { muted: true }))).toEqual(resolved(undefined));
    const calls = frame.parent.message.send.mock.calls;
    expect(calls.map((c) => c[0])).toEqual(['getInterface', 'CallCardSetMute']);
    expect(calls[1]![1]).toStrictEqual({ muted: true });
    for (const [, params] of calls) expect(Object.keys(params ?? {})).not.toContain('isRawValue');
    expect(frame.placement.call).not.toHaveBeenCalled();
    expect(onError).not.toHaveBeenCalled();
  });

  it('gets the 12 states, and the call in the CALL_CARD tab', async () => {
    const worker = setup(fakeB24());
    expect(await outcome(callCardCommand(worker.client, 'CallCardGetListUiStates'))).toEqual(resolved(UI_STATES));
    const tab = setup(fakeB24('CALL_CARD'));
    expect((await outcome(callCardCommand(tab.client, 'getStatus'))).value).toMatchObject({
      callId: 'externalCall.42',
      entityId: 17,
      state: 'connecting',
    });
    expect(await outcome(callCardCommand(tab.client, 'disableAutoClose'))).toEqual(resolved(undefined));
  });

  it('a timer the SDK never resolves succeeds after the grace, not after 900 ms of {isSafely}', async () => {
    const frame = fakeB24();
    const { client } = setup(frame);
    const result = watch(callCardCommand(client, 'CallCardStopTimer', {}, { timerGraceMs: 1500 }));
    await vi.advanceTimersByTimeAsync(1499);
    expect(result.status).toBe('pending');
    await vi.advanceTimersByTimeAsync(1);
    expect(result.status).toBe('resolved');
    expect(frame.parent.message.send).toHaveBeenCalledWith('CallCardStopTimer', {});
  });

  it('turns the portal error answers into reasons; silence into NO_ANSWER', async () => {
    const frame = fakeB24('PAGE_BACKGROUND_WORKER', {
      CallCardClose: NO_CARD,
      CallCardSetCardTitle: [{ result: 'error', errorCode: 'missing field title' }],
      CallCardSetHold: NO_ANSWER,
    });
    const { client } = setup(frame);
    expect(await outcome(callCardCommand(client, 'CallCardClose'))).toEqual(
      rejected(commandError('CallCardClose', 'NO_CARD', { answer: NO_CARD, errorCode: 'Call card is undefined' })),
    );
    expect(await outcome(callCardCommand(client, 'CallCardSetCardTitle', { title: '' }))).toEqual(
      rejected(commandError('CallCardSetCardTitle', 'MISSING_FIELD')),
    );
    const hold = watch(callCardCommand(client, 'CallCardSetHold', { held: true }));
    await vi.advanceTimersByTimeAsync(5000);
    expect(hold.error).toEqual(commandError('CallCardSetHold', 'NO_ANSWER'));
  });

  it('rejects at once with a send the SDK rejected (b24jssdk rejects pending sends on destroy)', async () => {
    const frame = fakeB24();
    const cause = new Error('destroyed');
    frame.parent.message.send.mockImplementation((command: string) =>
      command === 'getInterface' ? Promise.resolve({ command: WORKER_COMMANDS, event: [] }) : Promise.reject(cause),
    );
    const { client, onError } = setup(frame);
    const result = watch(callCardCommand(client, 'CallCardSetMute', { muted: true }, { timeoutMs: 100 }));
    await vi.advanceTimersByTimeAsync(10);
    expect(result.error).toMatchObject({
      code: 'TRANSPORT',
      message: 'b24jssdk failed to send CallCardSetMute',
      cause,
    });
    expect(onError).not.toHaveBeenCalled(); // the command's caller gets it, not onError as well
  });

  it('a frame without parent.message: the command rejects NOT_AVAILABLE (a CallCardCommandError)', async () => {
    const { parent: _parent, ...frame } = fakeB24();
    const { client } = setup(frame as unknown as B24FrameLike);
    const { error } = await outcome(callCardCommand(client, 'CallCardSetMute', { muted: true }));
    expect(error).toMatchObject({
      name: 'CallCardCommandError',
      code: 'COMMAND',
      reason: 'NOT_AVAILABLE',
      message: expect.stringContaining('cannot send CallCardSetMute'),
    });
  });
});

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  CALL_CARD_UI_STATES,
  CallCardCommandError,
  CallCardUnsupportedError,
  callCardCommand,
  createCallCardClient,
  type CallCardCommandName,
  type CallCardTransport,
} from '@b24-callcard/core';
import {
  answers,
  createMockTransport,
  mockCallStatus,
  SILENCE,
  type MockTransportOptions,
} from '@b24-callcard/core/testing';
import { onCommandSucceeded } from './onCommandSucceeded';

/** Runs every due timer and every pending microtask, without moving the fake clock. */
const flush = () => vi.advanceTimersByTimeAsync(0);

/** A client on a mock portal, not started; `succeeded` records what onCommandSucceeded is told. */
function setup(options: MockTransportOptions = {}) {
  const transport = createMockTransport(options);
  const onError = vi.fn();
  const client = createCallCardClient({ transport, onError });
  const succeeded = vi.fn();
  onCommandSucceeded(client, succeeded);
  return { transport, client, onError, succeeded };
}

const tab = (options: MockTransportOptions = {}) => setup({ placement: 'CALL_CARD', ...options });

/** Observes a promise without awaiting it (and without leaving a rejection unhandled). */
function watch<T>(promise: Promise<T>) {
  const s: { status: 'pending' | 'resolved' | 'rejected'; value?: T; error?: unknown } = { status: 'pending' };
  promise.then(
    (value) => Object.assign(s, { status: 'resolved', value }),
    (error: unknown) => Object.assign(s, { status: 'rejected', error }),
  );
  return s;
}

/** The commands sent, without the getInterface question. */
const sent = (transport: ReturnType<typeof createMockTransport>) =>
  transport.commands.filter((c) => c.command !== 'getInterface');

const commandError = (command: string, reason: string, extra: Record<string, unknown> = {}) =>
  expect.objectContaining({ name: 'CallCardCommandError', code: 'COMMAND', command, reason, ...extra });

/** Calls a command with loosely typed arguments (for the checks of what is sent). */
const call = (
  client: ReturnType<typeof setup>['client'],
  command: string,
  params?: unknown,
  options?: Parameters<typeof callCardCommand>[3],
) => (callCardCommand as (...a: unknown[]) => Promise<unknown>)(client, command, params, options);

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('callCardCommand: success', () => {
  it.each<[CallCardCommandName, Record<string, unknown>]>([
    ['CallCardSetMute', { muted: true }],
    ['CallCardSetMute', { muted: false }],
    ['CallCardSetHold', { held: true }],
    ['CallCardSetUiState', { uiState: 'connected' }],
    ['CallCardSetCardTitle', { title: 'VIP' }],
    ['CallCardSetStatusText', { statusText: '' }],
    ['CallCardClose', {}],
  ])('%s %j: the browser answers [] → undefined', async (command, params) => {
    const { transport, client, succeeded } = setup();
    await expect(call(client, command, params)).resolves.toBeUndefined();
    expect(transport.commands).toEqual([
      { command: 'getInterface', params: {} },
      { command, params },
    ]);
    expect(succeeded).toHaveBeenCalledExactlyOnceWith(command, params);
  });

  it.each(['disableAutoClose', 'enableAutoClose'] as const)(
    '%s in the CALL_CARD tab: [] → undefined',
    async (command) => {
      const { transport, client, succeeded } = tab();
      await expect(callCardCommand(client, command)).resolves.toBeUndefined();
      expect(sent(transport)).toEqual([{ command, params: {} }]);
      expect(succeeded).toHaveBeenCalledExactlyOnceWith(command, {});
    },
  );

  it('CallCardGetListUiStates resolves with the 12 UI states', async () => {
    const { transport, client } = setup();
    const states = await callCardCommand(client, 'CallCardGetListUiStates');
    expect(states).toEqual([...CALL_CARD_UI_STATES]);
    expect(states).toHaveLength(12);
    expect(sent(transport)).toEqual([{ command: 'CallCardGetListUiStates', params: {} }]);
  });

  it.each([[{}], [['connected', 5]], [null], ['connected']])(
    'CallCardGetListUiStates answered %j → INVALID_ANSWER with the answer',
    async (answer) => {
      const { client, succeeded } = setup({ commandAnswers: { CallCardGetListUiStates: answer } });
      const error = await callCardCommand(client, 'CallCardGetListUiStates').catch((e: unknown) => e);
      expect(error).toEqual(commandError('CallCardGetListUiStates', 'INVALID_ANSWER', { answer }));
      expect(succeeded).not.toHaveBeenCalled();
    },
  );

  it('getStatus resolves with the normalised call', async () => {
    const { transport, client } = tab();
    const call = await callCardCommand(client, 'getStatus');
    expect(call).toEqual({
      callId: 'externalCall.mock',
      phoneNumber: '+15550100',
      line: { number: 'line-1', name: 'Sales' },
      entityType: 'CONTACT',
      entityId: 17,
      direction: 'incoming',
      state: 'connected',
      callListMode: false,
      raw: mockCallStatus(),
    });
    expect(sent(transport)).toEqual([{ command: 'getStatus', params: {} }]);
  });

  it('getStatus normalises the portal quirks (hidden number, string ids, unbound entity)', async () => {
    const { client } = tab({
      commandAnswers: {
        getStatus: {
          ...mockCallStatus(),
          PHONE_NUMBER: 'hidden',
          CRM_ENTITY_TYPE: '',
          CRM_ENTITY_ID: 0,
          CALL_LIST_MODE: true,
        },
      },
    });
    expect(await callCardCommand(client, 'getStatus')).toMatchObject({
      callId: 'externalCall.mock',
      phoneNumber: null,
      entityType: null,
      entityId: null,
      callListMode: true,
    });
  });

  it.each([[[]], [{ ...mockCallStatus(), CALL_ID: undefined }], [{ ...mockCallStatus(), CALL_ID: '' }], ['call']])(
    'getStatus answered %j → INVALID_ANSWER with the answer',
    async (answer) => {
      const { client, succeeded } = tab({ commandAnswers: { getStatus: answer } });
      const error = await callCardCommand(client, 'getStatus').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CallCardCommandError);
      expect(error).toEqual(commandError('getStatus', 'INVALID_ANSWER', { answer, errorCode: null }));
      expect(succeeded).not.toHaveBeenCalled();
    },
  );
});

describe('callCardCommand: the portal answers an error', () => {
  it('[{result:"error", errorCode:"Call card is undefined"}] → NO_CARD, keeping errorCode and the raw answer', async () => {
    const answer = [{ result: 'error', errorCode: 'Call card is undefined' }];
    const { client, succeeded, onError } = setup({ commandAnswers: { CallCardSetMute: answer } });
    const error = (await callCardCommand(client, 'CallCardSetMute', { muted: true }).catch(
      (e: unknown) => e,
    )) as CallCardCommandError;
    expect(error).toBeInstanceOf(CallCardCommandError);
    expect(error).toMatchObject({ code: 'COMMAND', command: 'CallCardSetMute', reason: 'NO_CARD' });
    expect(error.errorCode).toBe('Call card is undefined');
    expect(error.answer).toBe(answer);
    expect(error.message).toMatch(/^CallCardSetMute: /);
    expect(error.message).toMatch(/initialized/);
    expect(succeeded).not.toHaveBeenCalled();
    expect(onError).not.toHaveBeenCalled();
  });

  it('getStatus answered "Call card is undefined" is NO_CARD too, not INVALID_ANSWER', async () => {
    const answer = [{ result: 'error', errorCode: 'Call card is undefined' }];
    const { client } = tab({ commandAnswers: { getStatus: answer } });
    await expect(callCardCommand(client, 'getStatus')).rejects.toEqual(
      commandError('getStatus', 'NO_CARD', { answer, errorCode: 'Call card is undefined' }),
    );
  });

  it('Invalid ui state → INVALID_UI_STATE', async () => {
    const answer = [{ result: 'error', errorCode: 'Invalid ui state' }];
    const { client, succeeded } = setup({ commandAnswers: { CallCardSetUiState: answer } });
    await expect(callCardCommand(client, 'CallCardSetUiState', { uiState: 'redial' })).rejects.toEqual(
      commandError('CallCardSetUiState', 'INVALID_UI_STATE', { errorCode: 'Invalid ui state', answer }),
    );
    expect(succeeded).not.toHaveBeenCalled();
  });

  it.each<[CallCardCommandName, Record<string, unknown>, unknown]>([
    ['CallCardSetCardTitle', { title: '' }, [{ result: 'error', errorCode: 'missing field title' }]],
    ['CallCardSetStatusText', { statusText: '' }, [{ result: 'error', errorCode: 'missing field statusText' }]],
    ['CallCardSetHold', { held: false }, [{ result: 'error', errorCode: 'missing field held' }]],
    // The desktop app answers this one as a bare object, not in an array.
    ['CallCardSetMute', { muted: false }, { result: 'error', errorCode: 'missing field muted' }],
  ])('desktop %s %j answered %j → MISSING_FIELD', async (command, params, answer) => {
    const { client, succeeded } = setup({ commandAnswers: { [command]: answer } });
    const error = await call(client, command, params).catch((e: unknown) => e);
    const errorCode = (Array.isArray(answer) ? answer[0] : answer).errorCode as string;
    expect(error).toEqual(commandError(command, 'MISSING_FIELD', { errorCode, answer }));
    expect(succeeded).not.toHaveBeenCalled();
  });

  it('desktop: `missing field held` then [] (no return in the portal code) is still rejected', async () => {
    const first = [{ result: 'error', errorCode: 'missing field held' }];
    const { transport, client, succeeded, onError } = setup({
      commandAnswers: { CallCardSetHold: answers(first, []) },
    });
    const result = watch(callCardCommand(client, 'CallCardSetHold', { held: false }));
    await flush();
    expect(result.status).toBe('rejected');
    expect(result.error).toEqual(commandError('CallCardSetHold', 'MISSING_FIELD', { answer: first }));
    // The second answer changed nothing: not a success, not an error anywhere.
    await vi.advanceTimersByTimeAsync(10_000);
    expect(result.status).toBe('rejected');
    expect(succeeded).not.toHaveBeenCalled();
    expect(onError).not.toHaveBeenCalled();
    expect(sent(transport)).toHaveLength(1);
  });

  it('the first answer counts: [] then an error resolves', async () => {
    const { client, succeeded } = setup({
      commandAnswers: { CallCardSetHold: answers([], [{ result: 'error', errorCode: 'missing field held' }]) },
    });
    await expect(callCardCommand(client, 'CallCardSetHold', { held: true })).resolves.toBeUndefined();
    await flush();
    expect(succeeded).toHaveBeenCalledTimes(1);
  });

  it('an unknown errorCode → PORTAL, keeping it', async () => {
    const answer = [{ result: 'error', errorCode: 'ACCESS_DENIED' }];
    const { client } = setup({ commandAnswers: { CallCardClose: answer } });
    const error = (await callCardCommand(client, 'CallCardClose').catch((e: unknown) => e)) as CallCardCommandError;
    expect(error).toEqual(commandError('CallCardClose', 'PORTAL', { errorCode: 'ACCESS_DENIED', answer }));
    expect(error.message).toContain('ACCESS_DENIED');
  });

  it('an error answer with no errorCode → PORTAL', async () => {
    const answer = { result: 'error' };
    const { client } = setup({ commandAnswers: { CallCardClose: answer } });
    await expect(callCardCommand(client, 'CallCardClose')).rejects.toEqual(
      commandError('CallCardClose', 'PORTAL', { answer }),
    );
  });
});

describe('callCardCommand: parameters are checked before sending', () => {
  it.each([['idle'], ['Connected'], [''], [undefined], [3], [null], ['toString']])(
    'uiState %j → INVALID_UI_STATE, nothing sent',
    async (uiState) => {
      const { transport, client } = setup();
      const error = await call(client, 'CallCardSetUiState', { uiState }).catch((e: unknown) => e);
      expect(error).toEqual(commandError('CallCardSetUiState', 'INVALID_UI_STATE', { errorCode: null }));
      expect((error as Error).message).toContain('connected');
      await flush();
      expect(transport.commands).toEqual([]);
    },
  );

  it.each<[string, unknown, string]>([
    ['CallCardSetMute', {}, 'muted'],
    ['CallCardSetMute', undefined, 'muted'],
    ['CallCardSetMute', { muted: 'true' }, 'muted'],
    ['CallCardSetMute', { muted: 1 }, 'muted'],
    ['CallCardSetHold', { held: null }, 'held'],
    ['CallCardSetCardTitle', { title: 5 }, 'title'],
    ['CallCardSetCardTitle', { name: 'VIP' }, 'title'],
    ['CallCardSetStatusText', {}, 'statusText'],
    ['CallCardSetUiState', { uiState: 'connected', disableAutoStartTimer: 'yes' }, 'disableAutoStartTimer'],
  ])('%s %j → MISSING_FIELD (%s), nothing sent', async (command, params, field) => {
    const { transport, client } = setup();
    const error = await call(client, command, params).catch((e: unknown) => e);
    expect(error).toEqual(commandError(command, 'MISSING_FIELD', { errorCode: null, answer: undefined }));
    expect((error as Error).message).toContain(field);
    await flush();
    expect(transport.commands).toEqual([]);
  });

  it('never sends extra keys', async () => {
    const { transport, client } = setup();
    await call(client, 'CallCardSetMute', { muted: true, held: true, isRawValue: false });
    await call(client, 'CallCardClose', { force: true });
    await call(client, 'CallCardGetListUiStates', { all: 1 });
    expect(sent(transport)).toEqual([
      { command: 'CallCardSetMute', params: { muted: true } },
      { command: 'CallCardClose', params: {} },
      { command: 'CallCardGetListUiStates', params: {} },
    ]);
    for (const { params } of sent(transport)) expect(Object.keys(params as object)).not.toContain('isRawValue');
  });

  it('sends disableAutoStartTimer only when given', async () => {
    const { transport, client } = setup();
    await callCardCommand(client, 'CallCardSetUiState', { uiState: 'connected' });
    await callCardCommand(client, 'CallCardSetUiState', { uiState: 'connected', disableAutoStartTimer: true });
    await callCardCommand(client, 'CallCardSetUiState', { uiState: 'connected', disableAutoStartTimer: false });
    await call(client, 'CallCardSetUiState', { uiState: 'outgoing', disableAutoStartTimer: undefined });
    const params = sent(transport).map((c) => c.params);
    expect(params).toEqual([
      { uiState: 'connected' },
      { uiState: 'connected', disableAutoStartTimer: true },
      { uiState: 'connected', disableAutoStartTimer: false },
      { uiState: 'outgoing' },
    ]);
    expect(Object.keys(params[0] as object)).toEqual(['uiState']);
    expect(Object.keys(params[3] as object)).toEqual(['uiState']);
  });

  it.each(['Nope', 'toString', 'constructor', '__proto__', 'placementBindEvent', 'getInterface'])(
    'an unknown command %j rejects with a TypeError, nothing sent',
    async (command) => {
      const { transport, client } = setup();
      const p = call(client, command, {});
      expect(p).toBeInstanceOf(Promise); // rejects, never throws synchronously
      const error = await p.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TypeError);
      expect((error as Error).message).toContain('CallCardSetMute');
      await flush();
      expect(transport.commands).toEqual([]);
    },
  );
});

describe('callCardCommand: availability in the placement', () => {
  it.each<[string, CallCardCommandName]>([
    ['PAGE_BACKGROUND_WORKER', 'getStatus'],
    ['PAGE_BACKGROUND_WORKER', 'disableAutoClose'],
    ['CALL_CARD', 'CallCardSetMute'],
    ['CALL_CARD', 'CallCardStartTimer'],
    ['CALL_CARD', 'CallCardGetListUiStates'],
  ])('in %s, %s → NOT_AVAILABLE at once, never sent', async (placement, command) => {
    const { transport, client } = setup({ placement });
    const params = command === 'CallCardSetMute' ? { muted: true } : {};
    const before = Date.now();
    const result = watch(call(client, command, params));
    await flush(); // the fake clock does not move
    expect(Date.now()).toBe(before);
    expect(result.status).toBe('rejected');
    expect(result.error).toEqual(commandError(command, 'NOT_AVAILABLE'));
    expect((result.error as Error).message).toContain(placement);
    expect(transport.commands).toEqual([]); // not even getInterface
  });

  it('a connection in another placement: NOT_AVAILABLE, never sent', async () => {
    const { transport, client } = setup({ placement: 'DEFAULT' });
    const result = watch(callCardCommand(client, 'CallCardSetMute', { muted: true }));
    await flush();
    expect(result.error).toEqual(commandError('CallCardSetMute', 'NOT_AVAILABLE'));
    expect(transport.commands).toEqual([]);
  });

  it("NOT_AVAILABLE when the portal's getInterface does not list the command; asked once per connection", async () => {
    const { transport, client } = setup({
      commandAnswers: { getInterface: { command: ['CallCardSetMute'], event: [] } },
    });
    const result = watch(callCardCommand(client, 'CallCardSetHold', { held: true }));
    await flush();
    expect(result.status).toBe('rejected');
    expect(result.error).toEqual(commandError('CallCardSetHold', 'NOT_AVAILABLE'));
    expect((result.error as Error).message).toMatch(/getInterface/);
    expect(transport.commands).toEqual([{ command: 'getInterface', params: {} }]);
    await expect(callCardCommand(client, 'CallCardSetMute', { muted: true })).resolves.toBeUndefined();
    expect(transport.commands.map((c) => c.command)).toEqual(['getInterface', 'CallCardSetMute']);
  });

  it('asks getInterface once for many commands', async () => {
    const { transport, client } = setup();
    await Promise.all([
      callCardCommand(client, 'CallCardSetMute', { muted: true }),
      callCardCommand(client, 'CallCardSetHold', { held: true }),
    ]);
    await callCardCommand(client, 'CallCardClose');
    expect(transport.commands.map((c) => c.command)).toEqual([
      'getInterface',
      'CallCardSetMute',
      'CallCardSetHold',
      'CallCardClose',
    ]);
  });

  it('when the portal never answers getInterface, the command is still sent after at most 1000 ms', async () => {
    const { transport, client } = setup({ commandAnswers: { getInterface: SILENCE } });
    const result = watch(callCardCommand(client, 'CallCardSetMute', { muted: true }));
    await flush();
    expect(transport.commands.map((c) => c.command)).toEqual(['getInterface']);
    await vi.advanceTimersByTimeAsync(1000);
    expect(transport.commands.map((c) => c.command)).toEqual(['getInterface', 'CallCardSetMute']);
    expect(result.status).toBe('resolved');
    // Not asked again, and no second wait.
    const next = watch(callCardCommand(client, 'CallCardSetHold', { held: true }));
    await flush();
    expect(next.status).toBe('resolved');
    expect(transport.commands.map((c) => c.command)).toEqual(['getInterface', 'CallCardSetMute', 'CallCardSetHold']);
  });

  it.each([[[]], [{ command: 'CallCardSetMute' }], [{ command: [1] }], [null]])(
    'a getInterface answer that lists nothing usable (%j) does not block the command',
    async (answer) => {
      const { transport, client } = setup({ commandAnswers: { getInterface: answer } });
      const result = watch(callCardCommand(client, 'CallCardSetHold', { held: true }));
      await flush();
      expect(result.status).toBe('resolved');
      expect(sent(transport)).toEqual([{ command: 'CallCardSetHold', params: { held: true } }]);
    },
  );

  it('NOT_AVAILABLE when the transport cannot send commands', async () => {
    const mock = createMockTransport();
    const transport: CallCardTransport = {
      name: 'no-send',
      connect: async (o) => {
        const { send: _send, ...rest } = await mock.connect(o);
        return rest;
      },
    };
    const client = createCallCardClient({ transport, onError: vi.fn() });
    const result = watch(callCardCommand(client, 'CallCardSetMute', { muted: true }));
    await flush();
    expect(result.error).toEqual(commandError('CallCardSetMute', 'NOT_AVAILABLE'));
    expect(mock.commands).toEqual([]);
  });
});

describe('callCardCommand: timers', () => {
  it.each(['CallCardStartTimer', 'CallCardStopTimer'] as const)(
    '%s: the browser never answers: resolves after timerGraceMs of silence, not before',
    async (command) => {
      const { transport, client, succeeded } = setup();
      const byDefault = watch(callCardCommand(client, command));
      await vi.advanceTimersByTimeAsync(999);
      expect(byDefault.status).toBe('pending');
      await vi.advanceTimersByTimeAsync(1);
      expect(byDefault).toEqual({ status: 'resolved', value: undefined });
      expect(succeeded).toHaveBeenCalledWith(command, {});

      const custom = watch(callCardCommand(client, command, {}, { timerGraceMs: 200 }));
      await vi.advanceTimersByTimeAsync(199);
      expect(custom.status).toBe('pending');
      await vi.advanceTimersByTimeAsync(1);
      expect(custom.status).toBe('resolved');
      expect(sent(transport).map((c) => c.command)).toEqual([command, command]);
    },
  );

  it.each(['CallCardStartTimer', 'CallCardStopTimer'] as const)(
    '%s: the desktop app answers [] → resolves at once',
    async (command) => {
      const { client } = setup({ commandAnswers: { [command]: [] } });
      const result = watch(callCardCommand(client, command));
      await flush();
      expect(result).toEqual({ status: 'resolved', value: undefined });
    },
  );

  it.each(['CallCardStartTimer', 'CallCardStopTimer'] as const)('%s: an error answer rejects', async (command) => {
    const answer = [{ result: 'error', errorCode: 'Call card is undefined' }];
    const { client, succeeded } = setup({ commandAnswers: { [command]: answer } });
    const result = watch(callCardCommand(client, command));
    await flush();
    expect(result.status).toBe('rejected');
    expect(result.error).toEqual(commandError(command, 'NO_CARD', { answer }));
    await vi.advanceTimersByTimeAsync(2000); // the grace timer does not turn it into a success
    expect(result.status).toBe('rejected');
    expect(succeeded).not.toHaveBeenCalled();
  });

  it('timers ignore timeoutMs: silence past it is still success', async () => {
    const { client } = setup();
    const result = watch(callCardCommand(client, 'CallCardStartTimer', {}, { timeoutMs: 100, timerGraceMs: 500 }));
    await vi.advanceTimersByTimeAsync(500);
    expect(result.status).toBe('resolved');
  });
});

describe('callCardCommand: no answer, abort', () => {
  it('silence on another command → NO_ANSWER after timeoutMs (default 5000)', async () => {
    const { client, succeeded } = setup({ commandAnswers: { CallCardSetMute: SILENCE } });
    const result = watch(callCardCommand(client, 'CallCardSetMute', { muted: true }));
    await vi.advanceTimersByTimeAsync(4999);
    expect(result.status).toBe('pending');
    await vi.advanceTimersByTimeAsync(1);
    expect(result.status).toBe('rejected');
    expect(result.error).toEqual(commandError('CallCardSetMute', 'NO_ANSWER', { answer: undefined, errorCode: null }));
    expect((result.error as Error).message).toContain('5000');
    expect(succeeded).not.toHaveBeenCalled();
  });

  it('NO_ANSWER after a custom timeoutMs', async () => {
    const { client } = tab({ commandAnswers: { getStatus: SILENCE } });
    const result = watch(callCardCommand(client, 'getStatus', {}, { timeoutMs: 300 }));
    await vi.advanceTimersByTimeAsync(299);
    expect(result.status).toBe('pending');
    await vi.advanceTimersByTimeAsync(1);
    expect(result.error).toEqual(commandError('getStatus', 'NO_ANSWER'));
  });

  it('an answer after NO_ANSWER is forgotten', async () => {
    let deliver: (() => void) | undefined;
    const mock = createMockTransport();
    const transport: CallCardTransport = {
      name: 'late',
      connect: async (o) => {
        const c = await mock.connect(o);
        return {
          ...c,
          send: (command, params, onAnswer) =>
            command === 'CallCardSetMute'
              ? ((deliver = () => onAnswer([])), () => void (deliver = undefined))
              : c.send!(command, params, onAnswer),
        };
      },
    };
    const client = createCallCardClient({ transport, onError: vi.fn() });
    const result = watch(callCardCommand(client, 'CallCardSetMute', { muted: true }, { timeoutMs: 100 }));
    await flush();
    expect(deliver).toBeTypeOf('function');
    await vi.advanceTimersByTimeAsync(100);
    expect(result.error).toEqual(commandError('CallCardSetMute', 'NO_ANSWER'));
    expect(deliver).toBeUndefined(); // forgotten
  });

  it('abort while waiting for the answer → rejects with the reason', async () => {
    const { client, succeeded } = setup({ commandAnswers: { CallCardSetMute: SILENCE } });
    const ctrl = new AbortController();
    const result = watch(callCardCommand(client, 'CallCardSetMute', { muted: true }, { signal: ctrl.signal }));
    await vi.advanceTimersByTimeAsync(100);
    const reason = new Error('user left');
    ctrl.abort(reason);
    await flush();
    expect(result).toEqual({ status: 'rejected', error: reason });
    await vi.advanceTimersByTimeAsync(10_000); // no NO_ANSWER afterwards either
    expect(result.error).toBe(reason);
    expect(succeeded).not.toHaveBeenCalled();
  });

  it('abort of a timer command during its grace → rejects with the reason', async () => {
    const { client, succeeded } = setup();
    const ctrl = new AbortController();
    const result = watch(callCardCommand(client, 'CallCardStartTimer', {}, { signal: ctrl.signal }));
    await vi.advanceTimersByTimeAsync(500);
    ctrl.abort('stop');
    await flush();
    expect(result).toEqual({ status: 'rejected', error: 'stop' });
    await vi.advanceTimersByTimeAsync(1000);
    expect(result.status).toBe('rejected');
    expect(succeeded).not.toHaveBeenCalled();
  });

  it('an already aborted signal → rejects with the reason, nothing sent', async () => {
    const { transport, client } = setup();
    const reason = new Error('too late');
    const result = watch(
      callCardCommand(client, 'CallCardSetMute', { muted: true }, { signal: AbortSignal.abort(reason) }),
    );
    await flush();
    expect(result).toEqual({ status: 'rejected', error: reason });
    expect(sent(transport)).toEqual([]);
  });

  it('abort while connecting → rejects with the reason, nothing sent once connected', async () => {
    const { transport, client } = setup({ answer: 'manual' });
    const ctrl = new AbortController();
    const result = watch(callCardCommand(client, 'CallCardSetMute', { muted: true }, { signal: ctrl.signal }));
    await flush();
    const reason = new Error('unmounted');
    ctrl.abort(reason);
    await flush();
    expect(result).toEqual({ status: 'rejected', error: reason });
    transport.answer();
    await vi.advanceTimersByTimeAsync(2000);
    expect(sent(transport)).toEqual([]);
  });

  it('abort while waiting for getInterface → rejects with the reason, never sent', async () => {
    const { transport, client } = setup({ commandAnswers: { getInterface: SILENCE } });
    const ctrl = new AbortController();
    const result = watch(callCardCommand(client, 'CallCardSetMute', { muted: true }, { signal: ctrl.signal }));
    await vi.advanceTimersByTimeAsync(100);
    ctrl.abort('gone');
    await vi.advanceTimersByTimeAsync(0); // at once, not when the getInterface wait ends
    expect(result).toEqual({ status: 'rejected', error: 'gone' });
    await vi.advanceTimersByTimeAsync(1000);
    expect(sent(transport)).toEqual([]);
  });
});

describe('callCardCommand: the client', () => {
  it('starts a client that was not started', async () => {
    const { transport, client } = setup();
    expect(client.getState().status).toBe('idle');
    await expect(callCardCommand(client, 'CallCardSetMute', { muted: true })).resolves.toBeUndefined();
    expect(transport.connectCalls).toBe(1);
    expect(client.getState().status).toBe('listening');
  });

  it('waits for a slow connection', async () => {
    const { transport, client } = setup({ answer: 'manual' });
    client.start();
    const result = watch(callCardCommand(client, 'CallCardSetMute', { muted: true }));
    await vi.advanceTimersByTimeAsync(3000);
    expect(result.status).toBe('pending');
    expect(transport.commands).toEqual([]);
    transport.answer();
    await flush();
    expect(result.status).toBe('resolved');
  });

  it('NOT_CONNECTED when the transport fails', async () => {
    const { transport, client } = setup({ failWith: new Error('no portal') });
    const error = await callCardCommand(client, 'CallCardSetMute', { muted: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CallCardCommandError);
    expect(error).toEqual(commandError('CallCardSetMute', 'NOT_CONNECTED'));
    expect(transport.commands).toEqual([]);
  });

  it('NOT_CONNECTED when the environment is unsupported', async () => {
    const { client } = setup({ failWith: new CallCardUnsupportedError('NOT_IN_PORTAL', 'not framed') });
    await expect(callCardCommand(client, 'CallCardClose')).rejects.toEqual(
      commandError('CallCardClose', 'NOT_CONNECTED', { message: expect.stringContaining('not framed') }),
    );
  });

  it('NOT_CONNECTED when the portal never answers (init timeout)', async () => {
    const transport = createMockTransport({ answer: 'never' });
    const client = createCallCardClient({ transport, initTimeoutMs: 300, onError: vi.fn() });
    const result = watch(callCardCommand(client, 'CallCardClose'));
    await vi.advanceTimersByTimeAsync(300);
    expect(result.error).toEqual(commandError('CallCardClose', 'NOT_CONNECTED'));
    expect(transport.commands).toEqual([]);
  });

  it('NOT_CONNECTED once the client is destroyed', async () => {
    const { transport, client } = setup();
    client.destroy();
    await expect(callCardCommand(client, 'CallCardSetMute', { muted: true })).rejects.toEqual(
      commandError('CallCardSetMute', 'NOT_CONNECTED'),
    );
    expect(transport.commands).toEqual([]);
  });

  it('a listener of succeeded commands that throws goes to onError; the command still resolves', async () => {
    const { client, onError } = setup();
    const boom = new Error('listener broke');
    onCommandSucceeded(client, () => {
      throw boom;
    });
    await expect(callCardCommand(client, 'CallCardSetMute', { muted: true })).resolves.toBeUndefined();
    expect(onError).toHaveBeenCalledWith(boom);
  });
});

describe('callCardCommand: timer silence after destroy', () => {
  it('a timer command whose grace ends after destroy rejects NOT_CONNECTED (silence is success only on a live connection)', async () => {
    const { client } = setup();
    client.start();
    await vi.advanceTimersByTimeAsync(0);
    const result = watch(callCardCommand(client, 'CallCardStartTimer'));
    await vi.advanceTimersByTimeAsync(50);
    client.destroy();
    await vi.advanceTimersByTimeAsync(1000);
    expect(result.status).toBe('rejected');
    expect(result.error).toMatchObject({ name: 'CallCardCommandError', reason: 'NOT_CONNECTED' });
  });
});

import { describe, expect, it, vi } from 'vitest';
import {
  CALL_CARD_UI_STATES,
  CallCardPayloadError,
  CallCardUnsupportedError,
  createCallCardClient,
  onCallCardEvent,
  type TransportConnection,
} from '@b24-callcard/core';
import {
  answers,
  collectErrors,
  createMockTransport,
  mockCallStatus,
  mockPortalData,
  SILENCE,
  type MockTransportOptions,
} from '@b24-callcard/core/testing';

const WORKER = [
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
const TAB = ['getStatus', 'disableAutoClose', 'enableAutoClose'];

/** Drains the microtask queue (the mock answers in microtasks). */
const microtasks = async () => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};
const after = () => new Promise((r) => setTimeout(r, 0));

async function connected(options: MockTransportOptions = {}) {
  const transport = createMockTransport(options);
  const conn = await transport.connect({ signal: new AbortController().signal, onError: () => {} });
  /** Sends `command` and gives every answer that came (none for silence), after the queue drained. */
  const ask = async (command: string, ...params: [unknown?]) => {
    const got: unknown[] = [];
    conn.send!(command, params.length ? params[0] : {}, (a) => got.push(a));
    await after();
    return got;
  };
  return { transport, conn, ask };
}

describe('createMockTransport: command defaults (as the browser portal)', () => {
  it('PAGE_BACKGROUND_WORKER: [] for its commands, silence for the timers, the states list, getInterface', async () => {
    const { ask } = await connected();
    for (const c of ['CallCardSetMute', 'CallCardSetHold', 'CallCardSetUiState', 'CallCardSetCardTitle']) {
      expect(await ask(c), c).toEqual([[]]);
    }
    expect(await ask('CallCardSetStatusText')).toEqual([[]]);
    expect(await ask('CallCardClose')).toEqual([[]]);
    expect(await ask('CallCardStartTimer')).toEqual([]);
    expect(await ask('CallCardStopTimer')).toEqual([]);
    expect(await ask('CallCardGetListUiStates')).toEqual([[...CALL_CARD_UI_STATES]]);
    expect(await ask('getInterface')).toEqual([{ command: WORKER, event: [] }]);
  });

  it("PAGE_BACKGROUND_WORKER: silence for the tab's commands and unknown ones", async () => {
    const { ask } = await connected();
    for (const c of [...TAB, 'CallCardNope', 'placementCall', 'toString']) expect(await ask(c), c).toEqual([]);
  });

  it('CALL_CARD: getStatus a sample call, [] for the auto-close pair, silence for the worker commands', async () => {
    const { ask, conn } = await connected({ placement: 'call_card' });
    expect(conn.placement).toBe('CALL_CARD');
    expect(await ask('getStatus')).toEqual([mockCallStatus()]);
    expect(await ask('disableAutoClose')).toEqual([[]]);
    expect(await ask('enableAutoClose')).toEqual([[]]);
    expect(await ask('getInterface')).toEqual([{ command: TAB, event: [] }]);
    for (const c of WORKER) expect(await ask(c), c).toEqual([]);
  });

  it('another placement: getInterface lists nothing, every command is silent', async () => {
    const { ask } = await connected({ placement: 'DEFAULT' });
    expect(await ask('getInterface')).toEqual([{ command: [], event: [] }]);
    for (const c of [...WORKER, ...TAB]) expect(await ask(c), c).toEqual([]);
  });

  it('mockCallStatus is a valid getStatus answer, fresh on each call', () => {
    const a = mockCallStatus();
    expect(a).toMatchObject({ CALL_ID: expect.any(String), CALL_DIRECTION: 'incoming', CALL_STATE: 'connected' });
    expect(mockCallStatus()).toEqual(a);
    expect(mockCallStatus()).not.toBe(a);
  });

  it('answers in a microtask, never synchronously, and records every command in order', async () => {
    const { transport, conn } = await connected();
    const got = vi.fn();
    conn.send!('getInterface', {}, got);
    conn.send!('CallCardSetMute', { muted: true }, got);
    expect(got).not.toHaveBeenCalled();
    await microtasks();
    expect(got).toHaveBeenCalledTimes(2);
    expect(transport.commands).toEqual([
      { command: 'getInterface', params: {} },
      { command: 'CallCardSetMute', params: { muted: true } },
    ]);
  });

  it('a forgotten command gets no answer', async () => {
    const { conn } = await connected();
    const got = vi.fn();
    conn.send!('CallCardSetMute', { muted: true }, got)();
    await after();
    expect(got).not.toHaveBeenCalled();
  });

  it('records refreshAuth too, and answers it with the refreshAuth option', async () => {
    const data = { ...mockPortalData(), AUTH_ID: 'fresh' };
    const { transport, ask } = await connected({ refreshAuth: () => data });
    expect(await ask('refreshAuth', undefined)).toEqual([data]);
    expect(transport.commands).toEqual([{ command: 'refreshAuth', params: undefined }]);
    const none = await connected();
    expect(await none.ask('refreshAuth', undefined)).toEqual([]); // no refresh support: silence
  });
});

describe('createMockTransport: commandAnswers', () => {
  it('a value: answered as given (the same object)', async () => {
    const error = [{ result: 'error', errorCode: 'Call card is undefined' }];
    const { ask } = await connected({ commandAnswers: { CallCardSetMute: error, getInterface: { command: [] } } });
    const [answer] = await ask('CallCardSetMute', { muted: true });
    expect(answer).toBe(error);
    expect(await ask('getInterface')).toEqual([{ command: [] }]);
    expect(await ask('CallCardSetHold', { held: true })).toEqual([[]]); // the others keep their default
  });

  it('overrides a default silence, in any placement, and answers unknown commands', async () => {
    const { ask } = await connected({
      commandAnswers: { CallCardStartTimer: [], getStatus: { CALL_ID: 'x' }, placementCall: 'ok' },
    });
    expect(await ask('CallCardStartTimer')).toEqual([[]]);
    expect(await ask('getStatus')).toEqual([{ CALL_ID: 'x' }]);
    expect(await ask('placementCall')).toEqual(['ok']);
  });

  it('undefined and null are answers too, not silence', async () => {
    const { ask } = await connected({ commandAnswers: { CallCardSetMute: undefined, CallCardSetHold: null } });
    expect(await ask('CallCardSetMute', { muted: true })).toEqual([undefined]);
    expect(await ask('CallCardSetHold', { held: true })).toEqual([null]);
  });

  it('a function of the params: called per command with the params sent', async () => {
    const answer = vi.fn((params: unknown) =>
      (params as { uiState?: string }).uiState === 'nope' ? [{ result: 'error', errorCode: 'Invalid ui state' }] : [],
    );
    const { ask } = await connected({ commandAnswers: { CallCardSetUiState: answer } });
    expect(await ask('CallCardSetUiState', { uiState: 'connected' })).toEqual([[]]);
    expect(await ask('CallCardSetUiState', { uiState: 'nope' })).toEqual([
      [{ result: 'error', errorCode: 'Invalid ui state' }],
    ]);
    expect(answer.mock.calls).toEqual([[{ uiState: 'connected' }], [{ uiState: 'nope' }]]);
  });

  it('SILENCE: never answered (also from a function)', async () => {
    const { ask } = await connected({
      commandAnswers: { CallCardSetMute: SILENCE, CallCardGetListUiStates: SILENCE, getInterface: () => SILENCE },
    });
    expect(await ask('CallCardSetMute', { muted: true })).toEqual([]);
    expect(await ask('CallCardGetListUiStates')).toEqual([]);
    expect(await ask('getInterface')).toEqual([]);
  });

  it('answers(...): every answer in order, to one command (the desktop answers twice)', async () => {
    const held = [{ result: 'error', errorCode: 'missing field held' }];
    const { ask } = await connected({ commandAnswers: { CallCardSetHold: answers(held, []) } });
    expect(await ask('CallCardSetHold', { held: false })).toEqual([held, []]);
    // Each command gets the whole list again.
    expect(await ask('CallCardSetHold', { held: false })).toEqual([held, []]);
  });

  it('answers(...) skips SILENCE, and a function may return answers(...)', async () => {
    const { ask } = await connected({
      commandAnswers: {
        CallCardSetMute: answers(SILENCE, []),
        CallCardSetHold: (p: unknown) => ((p as { held: boolean }).held ? [] : answers({ result: 'error' }, [])),
        CallCardClose: answers(),
      },
    });
    expect(await ask('CallCardSetMute', { muted: true })).toEqual([[]]);
    expect(await ask('CallCardSetHold', { held: true })).toEqual([[]]);
    expect(await ask('CallCardSetHold', { held: false })).toEqual([{ result: 'error' }, []]);
    expect(await ask('CallCardClose')).toEqual([]);
  });

  it('forgetting after the first of several answers stops the rest', async () => {
    const { conn } = await connected({ commandAnswers: { CallCardSetHold: answers('a', 'b', 'c') } });
    const got: unknown[] = [];
    const forget = conn.send!('CallCardSetHold', { held: true }, (a) => {
      got.push(a);
      forget(); // answers come in microtasks: `forget` exists by then
    });
    await after();
    expect(got).toEqual(['a']);
  });

  it('the connection is shared: commands sent through any connect() are recorded on the transport', async () => {
    const transport = createMockTransport();
    const conns: TransportConnection[] = [];
    for (let i = 0; i < 2; i++) {
      conns.push(await transport.connect({ signal: new AbortController().signal, onError: () => {} }));
    }
    conns[0]!.send!('CallCardClose', {}, () => {});
    conns[1]!.send!('CallCardClose', {}, () => {});
    expect(transport.connectCalls).toBe(2);
    expect(transport.commands.map((c) => c.command)).toEqual(['CallCardClose', 'CallCardClose']);
  });
});

const CONTACT = { PHONE_NUMBER: '+15550100', CRM_ENTITY_TYPE: 'CONTACT', CRM_ENTITY_ID: 17 };

describe('createMockTransport: connecting', () => {
  it("answer 'immediate' (the default): connect hands the connection itself over, no promise", () => {
    const transport = createMockTransport();
    const conn = transport.connect({ signal: new AbortController().signal, onError: () => {} });
    expect(conn).not.toBeInstanceOf(Promise);
    expect(conn).toMatchObject({ placement: 'PAGE_BACKGROUND_WORKER', origin: 'https://example.bitrix24.com' });
    expect(transport.connectCalls).toBe(1);
  });

  it('a client is listening and bound when start() returns: emit works with nothing awaited', () => {
    const transport = createMockTransport();
    const onError = collectErrors();
    const client = createCallCardClient({ transport, onError });
    const hangup = vi.fn();
    client.start();
    expect(client.getState().status).toBe('listening');
    expect(transport.binds).toEqual(['BackgroundCallCard::entityChanged']);
    expect(transport.emit(CONTACT)).toBe(1);
    expect(client.getState()).toMatchObject({ status: 'ready', entity: { entityId: 17 } });
    onCallCardEvent(client, 'hangupButtonClick', hangup);
    expect(transport.emit(undefined, 'hangupButtonClick')).toBe(1);
    expect(hangup).toHaveBeenCalledTimes(1);
    expect(onError.errors).toEqual([]);
  });

  it("answer 'manual': a promise settled by answer() (again: harmless), or rejected by fail()", async () => {
    const transport = createMockTransport({ answer: 'manual' });
    const pending = transport.connect({ signal: new AbortController().signal, onError: () => {} });
    expect(pending).toBeInstanceOf(Promise);
    transport.answer();
    transport.answer();
    await expect(pending).resolves.toMatchObject({ placement: 'PAGE_BACKGROUND_WORKER' });
    const failing = createMockTransport({ answer: 'manual' });
    const cause = new Error('gone');
    const rejected = failing.connect({ signal: new AbortController().signal, onError: () => {} });
    failing.fail(cause);
    await expect(rejected).rejects.toBe(cause);
  });

  it("answer 'never': pending until the client aborts it", async () => {
    const transport = createMockTransport({ answer: 'never' });
    const ctrl = new AbortController();
    const pending = transport.connect({ signal: ctrl.signal, onError: () => {} });
    const reason = new Error('destroyed');
    ctrl.abort(reason);
    await expect(pending).rejects.toBe(reason);
  });

  it('failWith: unsupported errors thrown synchronously, others as a rejected promise', async () => {
    const unsupported = new CallCardUnsupportedError('NOT_IN_PORTAL', 'nope');
    const o = { signal: new AbortController().signal, onError: () => {} };
    expect(() => createMockTransport({ failWith: unsupported }).connect(o)).toThrow(unsupported);
    const cause = new Error('socket');
    await expect(createMockTransport({ failWith: cause }).connect(o)).rejects.toBe(cause);
  });

  it('each connect is its own connection: closing one (a destroyed client) leaves the others delivering', () => {
    const transport = createMockTransport();
    const a = createCallCardClient({ transport, onError: collectErrors() });
    const b = createCallCardClient({ transport, onError: collectErrors() });
    a.start();
    b.start();
    expect(transport.emit(CONTACT)).toBe(2);
    a.destroy();
    expect(transport.closed).toBe(false);
    expect(transport.emit(CONTACT)).toBe(1);
    b.destroy();
    expect(transport.closed).toBe(true);
  });
});

describe('createMockTransport: emit refuses what nobody can get', () => {
  it('an event nobody bound: names the event, the placement and the events that are bound', () => {
    const transport = createMockTransport();
    createCallCardClient({ transport, onError: collectErrors() }).start();
    expect(() => transport.emit(undefined, 'hangupButtonClick')).toThrow(
      "transport.emit(payload, 'hangupButtonClick'): nothing is bound to BackgroundCallCard::hangupButtonClick in PAGE_BACKGROUND_WORKER. Bound: BackgroundCallCard::entityChanged. Listen for hangupButtonClick first (onCallCardEvent, a hook).",
    );
    expect(() => transport.emit(undefined, 'BackgroundCallCard::closeButtonClick')).toThrow(
      /nothing is bound to BackgroundCallCard::closeButtonClick in PAGE_BACKGROUND_WORKER\. Bound: BackgroundCallCard::entityChanged\./,
    );
    expect(() => transport.emit(CONTACT, 'CallCard::EntityChanged')).toThrow(
      /nothing is bound to CallCard::EntityChanged/,
    );
  });

  it('before the client connected: says to start it, or to answer a pending connect', () => {
    const transport = createMockTransport();
    createCallCardClient({ transport, onError: collectErrors() });
    expect(() => transport.emit(CONTACT)).toThrow(
      /nothing is bound to BackgroundCallCard::entityChanged in PAGE_BACKGROUND_WORKER\. The client has not connected: start it/,
    );
    const manual = createMockTransport({ answer: 'manual' });
    createCallCardClient({ transport: manual, onError: collectErrors() }).start();
    expect(() => manual.emit(CONTACT)).toThrow(
      /still connecting: call transport\.answer\(\) first \(answer: 'manual'\)/,
    );
    manual.answer();
  });

  it('a connect that failed: says the client never connected', async () => {
    const transport = createMockTransport({ failWith: new Error('socket') });
    const onError = collectErrors();
    createCallCardClient({ transport, onError }).start();
    await Promise.resolve();
    expect(() => transport.emit(CONTACT)).toThrow(/The client never connected \(failWith\)/);
    expect(onError.take()).toEqual([expect.objectContaining({ code: 'TRANSPORT' })]);
  });

  it('an event the placement does not have: says so (the client never binds it)', () => {
    const tab = createMockTransport({ placement: 'CALL_CARD' });
    createCallCardClient({ transport: tab, onError: collectErrors() }).start();
    expect(() => tab.emit(undefined, 'hangupButtonClick')).toThrow(
      "transport.emit(payload, 'hangupButtonClick'): the CALL_CARD placement has no event hangupButtonClick, so nothing can be bound to it",
    );
    const worker = createMockTransport();
    expect(() => worker.emit([], 'beforeClose')).toThrow(
      /the PAGE_BACKGROUND_WORKER placement has no event beforeClose/,
    );
    const other = createMockTransport({ placement: 'DEFAULT' });
    expect(() => other.emit(CONTACT)).toThrow(
      /the DEFAULT placement has no event entityChanged.*no call-card events at all/,
    );
  });

  it('after the client was destroyed: says the connection is closed', () => {
    const transport = createMockTransport();
    const client = createCallCardClient({ transport, onError: collectErrors() });
    client.start();
    client.destroy();
    expect(() => transport.emit(CONTACT)).toThrow(
      "transport.emit(payload, 'entityChanged'): the connection is closed (the client was destroyed), nothing gets BackgroundCallCard::entityChanged",
    );
  });

  it('returns the delivery count otherwise: every bind gets it, the portal has no unbind', () => {
    const transport = createMockTransport();
    const conn = transport.connect({ signal: new AbortController().signal, onError: () => {} }) as TransportConnection;
    const got = vi.fn();
    conn.bind('BackgroundCallCard::dialpadButtonClick', got);
    conn.bind('BackgroundCallCard::dialpadButtonClick', got);
    expect(transport.emit('5', 'dialpadButtonClick')).toBe(2);
    expect(got.mock.calls).toEqual([['5'], ['5']]);
    expect(transport.binds).toEqual([
      'BackgroundCallCard::dialpadButtonClick',
      'BackgroundCallCard::dialpadButtonClick',
    ]);
  });
});

describe('collectErrors', () => {
  it("keeps the client's errors instead of printing them; take() hands them over and empties the list", () => {
    const error = vi.spyOn(console, 'error');
    const transport = createMockTransport();
    const onError = collectErrors();
    const client = createCallCardClient({ transport, onError });
    const handler = vi.fn();
    onCallCardEvent(client, 'dialpadButtonClick', handler);
    transport.emit('x', 'dialpadButtonClick'); // not a dialpad key
    transport.emit('7', 'dialpadButtonClick');
    expect(handler.mock.calls).toEqual([['7']]);
    expect(onError.errors).toEqual([expect.any(CallCardPayloadError)]);
    const taken = onError.take();
    expect(taken).toEqual([expect.objectContaining({ code: 'INVALID_PAYLOAD', raw: 'x' })]);
    expect(onError.errors).toEqual([]);
    onError('more');
    expect(onError.take()).toEqual(['more']);
    expect(error).not.toHaveBeenCalled();
    error.mockRestore();
  });
});

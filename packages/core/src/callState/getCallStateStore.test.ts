import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  CallCardCommandError,
  CallCardListenerError,
  CallCardPayloadError,
  callCardCommand,
  createCallCardClient,
  getCallStateStore,
  type CallState,
} from '@b24-callcard/core';
import { SILENCE, answers, createMockTransport, mockPortalData } from '@b24-callcard/core/testing';
import { CONTACT, INIT } from '../../test/helpers/payloads';

const tick = () => new Promise((r) => setTimeout(r, 0));

/**
 * A call-state store on a listening client, and the mock transport to fire its events. The mock
 * connects at once: the store's events are bound when its first subscribe returns.
 */
function listeningCallState(commandAnswers?: Record<string, unknown>) {
  const transport = createMockTransport({ commandAnswers });
  const onError = vi.fn();
  const client = createCallCardClient({ transport, onError });
  const store = getCallStateStore(client);
  store.subscribe(() => {});
  return { transport, store, client, onError };
}

describe('getCallStateStore', () => {
  it('follows initialized, entityChanged, mute, hold, hang up and close', async () => {
    const transport = createMockTransport();
    const onError = vi.fn();
    const client = createCallCardClient({ transport, onError });
    const store = getCallStateStore(client);
    expect(getCallStateStore(client)).toBe(store);
    const seen = vi.fn();
    store.subscribe(seen);
    transport.emit(true, 'muteButtonClick'); // before initialized: ignored
    expect(store.getState()).toBeNull();
    transport.emit(INIT, 'initialized');
    expect(store.getState()).toMatchObject({
      callId: 'externalCall.abc',
      direction: 'incoming',
      state: 'connected',
      muted: false,
      held: false,
      entityId: 17,
      line: { name: 'Sales' },
    });
    const s1 = store.getState();
    transport.emit(false, 'muteButtonClick'); // no change
    expect(store.getState()).toBe(s1);
    transport.emit(true, 'muteButtonClick');
    transport.emit(true, 'holdButtonClick');
    transport.emit({ PHONE_NUMBER: '+2', CRM_ENTITY_TYPE: 'DEAL', CRM_ENTITY_ID: 7 });
    expect(store.getState()).toMatchObject({
      muted: true,
      held: true,
      entityType: 'DEAL',
      entityId: 7,
      phoneNumber: '+2',
    });
    transport.emit(undefined, 'hangupButtonClick');
    expect(store.getState()?.state).toBe('ended');
    transport.emit(undefined, 'closeButtonClick');
    expect(store.getState()).toBeNull();
    expect(Object.isFrozen(s1)).toBe(true);
    expect(seen).toHaveBeenCalledTimes(6);
    expect(onError).not.toHaveBeenCalled();
  });

  it('gives listeners the new and the previous call state', async () => {
    const { transport, store } = listeningCallState();
    const seen: Array<[CallState | null, CallState | null]> = [];
    store.subscribe((s, prev) => seen.push([s, prev]));
    transport.emit(INIT, 'initialized');
    const started = store.getState();
    transport.emit(true, 'muteButtonClick');
    const muted = store.getState();
    transport.emit(undefined, 'closeButtonClick');
    expect(seen).toEqual([
      [started, null],
      [muted, started],
      [null, muted],
    ]);
    expect(muted).toMatchObject({ muted: true });
  });

  it('starts nothing until its first subscriber, then binds its events once', async () => {
    const transport = createMockTransport();
    const client = createCallCardClient({ transport, onError: vi.fn() });
    const store = getCallStateStore(client);
    await tick();
    expect(transport.connectCalls).toBe(0);
    const off = store.subscribe(() => {});
    expect(transport.connectCalls).toBe(1);
    const binds = [...transport.binds];
    expect(binds).toEqual(
      expect.arrayContaining([
        'BackgroundCallCard::initialized',
        'BackgroundCallCard::entityChanged',
        'BackgroundCallCard::muteButtonClick',
        'BackgroundCallCard::holdButtonClick',
        'BackgroundCallCard::hangupButtonClick',
        'BackgroundCallCard::closeButtonClick',
      ]),
    );
    expect(new Set(binds).size).toBe(binds.length);
    off();
    store.subscribe(() => {});
    getCallStateStore(client).subscribe(() => {});
    expect(transport.binds).toEqual(binds);
  });

  it('keeps following events while nobody subscribes, after the first subscriber', async () => {
    const { transport, store } = listeningCallState();
    transport.emit(INIT, 'initialized');
    expect(store.getState()?.callId).toBe('externalCall.abc');
  });

  it('shows null to server rendering', async () => {
    const { transport, store } = listeningCallState();
    transport.emit(INIT, 'initialized');
    expect(store.getState()).not.toBeNull();
    expect(store.getServerState()).toBeNull();
  });

  it('ignores invalid payloads (they go to onError) and keeps the call', async () => {
    const { transport, store, onError } = listeningCallState();
    transport.emit(INIT, 'initialized');
    const call = store.getState();
    transport.emit('yes', 'muteButtonClick');
    transport.emit({ CALL_ID: 5 }, 'initialized');
    expect(store.getState()).toBe(call);
    expect(onError).toHaveBeenCalledTimes(2);
  });

  it("sends a throwing listener to the client's onError, and the others still run", async () => {
    const transport = createMockTransport();
    const onError = vi.fn();
    const client = createCallCardClient({ transport, onError });
    const store = getCallStateStore(client);
    const good = vi.fn();
    const boom = new Error('boom');
    store.subscribe(() => {
      throw boom;
    });
    store.subscribe(good);
    transport.emit({ CALL_ID: 'c1' }, 'initialized');
    expect(good).toHaveBeenCalledTimes(1);
    expect(onError).toHaveBeenCalledTimes(1);
    const error = onError.mock.calls[0]![0];
    expect(error).toBeInstanceOf(CallCardListenerError);
    expect(error.cause).toBe(boom);
    expect((error.cause as Error).message).toBe('boom');
  });

  it('uses an entityChanged that came before initialized', async () => {
    const { transport, store } = listeningCallState();
    transport.emit(CONTACT);
    transport.emit({ CALL_ID: 'c1', PHONE_NUMBER: '', CRM_ENTITY_TYPE: '', CRM_ENTITY_ID: 0 }, 'initialized');
    expect(store.getState()).toMatchObject({
      callId: 'c1',
      entityType: 'CONTACT',
      entityId: 17,
      phoneNumber: '+15550100',
    });
    transport.emit({ CALL_ID: 'c2', CRM_ENTITY_TYPE: 'LEAD', CRM_ENTITY_ID: 3 }, 'initialized');
    expect(store.getState()).toMatchObject({ callId: 'c2', entityType: 'LEAD', entityId: 3 });
  });

  it('carries nothing from one call to the next', async () => {
    const { transport, store } = listeningCallState();
    transport.emit(
      { CALL_ID: 'c1', PHONE_NUMBER: '+111', CRM_ENTITY_TYPE: 'CONTACT', CRM_ENTITY_ID: 5 },
      'initialized',
    );
    transport.emit({ PHONE_NUMBER: '+111', CRM_ENTITY_TYPE: 'CONTACT', CRM_ENTITY_ID: 5 });
    transport.emit(undefined, 'closeButtonClick');
    expect(store.getState()).toBeNull();
    // An unknown caller: no CRM entity, its own number.
    transport.emit({ CALL_ID: 'c2', PHONE_NUMBER: '+222' }, 'initialized');
    expect(store.getState()).toMatchObject({ callId: 'c2', phoneNumber: '+222', entityType: null, entityId: null });
  });

  it('gives an entity announced after a call ended (card still open) to the next call', async () => {
    const { transport, store } = listeningCallState();
    transport.emit({ CALL_ID: 'c1', PHONE_NUMBER: '+111' }, 'initialized');
    transport.emit(undefined, 'hangupButtonClick');
    transport.emit({ PHONE_NUMBER: '+222', CRM_ENTITY_TYPE: 'LEAD', CRM_ENTITY_ID: 9 });
    expect(store.getState()).toMatchObject({ callId: 'c1', phoneNumber: '+111', state: 'ended', entityType: null });
    transport.emit({ CALL_ID: 'c2' }, 'initialized');
    expect(store.getState()).toMatchObject({ callId: 'c2', phoneNumber: '+222', entityType: 'LEAD', entityId: 9 });
  });

  it('forgets an entity announced before a call that closed without starting', async () => {
    const { transport, store } = listeningCallState();
    transport.emit({ PHONE_NUMBER: '+111', CRM_ENTITY_TYPE: 'CONTACT', CRM_ENTITY_ID: 5 });
    transport.emit(undefined, 'closeButtonClick');
    transport.emit({ CALL_ID: 'c2' }, 'initialized');
    expect(store.getState()).toMatchObject({ callId: 'c2', phoneNumber: null, entityType: null, entityId: null });
  });

  it("keeps the call's own number over an earlier entityChanged", async () => {
    const { transport, store } = listeningCallState();
    transport.emit({ PHONE_NUMBER: '+111', CRM_ENTITY_TYPE: 'LEAD', CRM_ENTITY_ID: 9 });
    transport.emit({ CALL_ID: 'c1', PHONE_NUMBER: '+333' }, 'initialized');
    expect(store.getState()).toMatchObject({ callId: 'c1', phoneNumber: '+333', entityType: 'LEAD', entityId: 9 });
    // Used once: the next call does not get it again.
    transport.emit(undefined, 'closeButtonClick');
    transport.emit({ CALL_ID: 'c2', PHONE_NUMBER: '+444' }, 'initialized');
    expect(store.getState()).toMatchObject({ callId: 'c2', entityType: null, entityId: null });
  });

  it('does not leak the raw payload into the call state', async () => {
    const { transport, store } = listeningCallState();
    transport.emit(INIT, 'initialized');
    expect(store.getState()).not.toHaveProperty('raw');
  });
});

/** The tab's PLACEMENT_OPTIONS as the portal sends them: ids as strings, "false", "undefined". */
const TAB_OPTIONS = {
  CALL_ID: 'x',
  CRM_ENTITY_ID: '17',
  CRM_ENTITY_TYPE: 'CONTACT',
  CALL_LIST_MODE: 'false',
  CRM_ACTIVITY_ID: 'undefined',
  PHONE_NUMBER: '+1',
  CALL_DIRECTION: 'incoming',
  CALL_STATE: 'connecting',
};

/** The same call as `getStatus` answers it (numbers and booleans), now connected and with its line. */
const TAB_STATUS = {
  CALL_ID: 'x',
  PHONE_NUMBER: '+1',
  LINE_NUMBER: 'line-2',
  LINE_NAME: 'Support',
  CRM_ENTITY_TYPE: 'CONTACT',
  CRM_ENTITY_ID: 17,
  CRM_BINDINGS: [{ ENTITY_TYPE: 'CONTACT', ENTITY_ID: 17 }],
  CALL_DIRECTION: 'incoming',
  CALL_STATE: 'connected',
  CALL_LIST_MODE: false,
};

/** A call-state store in the CALL_CARD tab, subscribed, with every state it went through. */
async function tabCallState(
  commandAnswers: Record<string, unknown> = { getStatus: TAB_STATUS },
  options: Record<string, unknown> = TAB_OPTIONS,
) {
  const transport = createMockTransport({
    placement: 'CALL_CARD',
    data: { ...mockPortalData(), PLACEMENT_OPTIONS: options },
    commandAnswers,
  });
  const onError = vi.fn();
  const client = createCallCardClient({ transport, onError });
  const store = getCallStateStore(client);
  const seen: Array<CallState | null> = [];
  store.subscribe((state) => void seen.push(state));
  await tick();
  return { transport, client, store, onError, seen };
}

describe('getCallStateStore in the CALL_CARD tab', () => {
  it('starts from PLACEMENT_OPTIONS, its string ids normalised, and asks the portal for the call', async () => {
    const { store, transport, seen, onError } = await tabCallState({ getStatus: SILENCE });
    expect(store.getState()).toEqual({
      callId: 'x',
      phoneNumber: '+1',
      line: { number: null, name: null },
      entityType: 'CONTACT',
      entityId: 17,
      direction: 'incoming',
      state: 'connecting',
      callListMode: false,
      muted: false,
      held: false,
      uiState: null,
    });
    expect(Object.isFrozen(store.getState())).toBe(true);
    expect(seen).toHaveLength(1);
    expect(transport.commands).toEqual([{ command: 'getStatus', params: {} }]);
    expect(onError).not.toHaveBeenCalled();
  });

  it('reads CALL_LIST_MODE "true" as a call list', async () => {
    const { store } = await tabCallState({ getStatus: SILENCE }, { ...TAB_OPTIONS, CALL_LIST_MODE: 'true' });
    expect(store.getState()?.callListMode).toBe(true);
  });

  it('then the getStatus answer replaces it', async () => {
    const { store, seen } = await tabCallState();
    expect(seen).toHaveLength(2);
    expect(seen[0]).toMatchObject({ callId: 'x', state: 'connecting', line: { number: null, name: null } });
    expect(store.getState()).toEqual({
      callId: 'x',
      phoneNumber: '+1',
      line: { number: 'line-2', name: 'Support' },
      entityType: 'CONTACT',
      entityId: 17,
      direction: 'incoming',
      state: 'connected',
      callListMode: false,
      muted: false,
      held: false,
      uiState: null,
    });
    expect(store.getState()).toBe(seen[1]);
  });

  it('takes the call from getStatus alone when PLACEMENT_OPTIONS has none, a different call included', async () => {
    const empty = await tabCallState(
      { getStatus: { ...TAB_STATUS, CALL_ID: 'y', CRM_ENTITY_ID: 0, CRM_ENTITY_TYPE: '' } },
      {},
    );
    expect(empty.seen).toHaveLength(1);
    expect(empty.store.getState()).toMatchObject({ callId: 'y', entityType: null, entityId: null, state: 'connected' });
    const other = await tabCallState({
      getStatus: { ...TAB_STATUS, CALL_ID: 'y', CRM_ENTITY_TYPE: 'LEAD', CRM_ENTITY_ID: 3 },
    });
    expect(other.store.getState()).toMatchObject({ callId: 'y', entityType: 'LEAD', entityId: 3 });
  });

  it('keeps the PLACEMENT_OPTIONS call when getStatus fails or answers no call; null when it knows none', async () => {
    for (const answer of [[{ result: 'error', errorCode: 'Call card is undefined' }], [], { CALL_ID: '' }]) {
      const { store, seen } = await tabCallState({ getStatus: answer });
      expect(seen).toHaveLength(1);
      expect(store.getState()).toMatchObject({ callId: 'x', state: 'connecting' });
    }
    const none = await tabCallState({ getStatus: SILENCE }, {});
    expect(none.store.getState()).toBeNull();
    expect(none.seen).toEqual([]);
  });

  it('callStateChanged sets the state; an invalid one goes to onError and changes nothing', async () => {
    const { store, transport, onError } = await tabCallState({ getStatus: SILENCE });
    transport.emit('connected', 'callStateChanged');
    expect(store.getState()).toMatchObject({ callId: 'x', state: 'connected', entityId: 17 });
    transport.emit('idle', 'callStateChanged');
    expect(store.getState()?.state).toBe('idle');
    const before = store.getState();
    transport.emit('ended', 'callStateChanged');
    expect(store.getState()).toBe(before);
    expect(onError).toHaveBeenCalledTimes(1);
    expect(onError.mock.calls[0]![0]).toBeInstanceOf(CallCardPayloadError);
    transport.emit('idle', 'callStateChanged'); // no change, no new state
    expect(store.getState()).toBe(before);
  });

  it('entityChanged updates the CRM fields and the number, and keeps the rest', async () => {
    const { store, transport } = await tabCallState();
    transport.emit({ PHONE_NUMBER: '+2', CRM_ENTITY_TYPE: 'DEAL', CRM_ENTITY_ID: '7' }, 'entityChanged');
    expect(store.getState()).toMatchObject({
      callId: 'x',
      phoneNumber: '+2',
      entityType: 'DEAL',
      entityId: 7,
      state: 'connected',
      line: { name: 'Support' },
    });
  });

  it('binds only the tab events: no background-worker event is bound or followed', async () => {
    const { store, transport, onError } = await tabCallState();
    expect([...transport.binds].sort()).toEqual(['CallCard::CallStateChanged', 'CallCard::EntityChanged']);
    expect(onError).not.toHaveBeenCalled(); // nothing was asked for that the tab lacks
    const before = store.getState();
    for (const event of [
      'initialized',
      'muteButtonClick',
      'holdButtonClick',
      'hangupButtonClick',
      'closeButtonClick',
    ] as const) {
      const payload = event === 'initialized' ? INIT : true;
      expect(() => transport.emit(payload, `BackgroundCallCard::${event}`)).toThrow(
        /nothing is bound to BackgroundCallCard::\w+ in CALL_CARD\. Bound: CallCard::EntityChanged, CallCard::CallStateChanged\./,
      );
      expect(() => transport.emit(payload, event)).toThrow(`the CALL_CARD placement has no event ${event}`);
    }
    expect(store.getState()).toBe(before);
  });

  it("the tab's commands are not the worker's: CallCardSetMute is NOT_AVAILABLE, never sent, and changes nothing", async () => {
    const { store, transport, client } = await tabCallState();
    const before = store.getState();
    await expect(callCardCommand(client, 'CallCardSetMute', { muted: true })).rejects.toMatchObject({
      reason: 'NOT_AVAILABLE',
    });
    expect(transport.commands.map((c) => c.command)).toEqual(['getStatus']);
    expect(store.getState()).toBe(before);
  });
});

describe('getCallStateStore follows the app’s own commands', () => {
  it('CallCardSetMute, SetHold and SetUiState update the call; CallCardClose clears it', async () => {
    const { store, client, transport } = listeningCallState();
    transport.emit(INIT, 'initialized');
    const seen: Array<[CallState | null, CallState | null]> = [];
    store.subscribe((s, prev) => seen.push([s, prev]));
    const started = store.getState();
    expect(started).toMatchObject({ muted: false, held: false, uiState: null });

    await expect(callCardCommand(client, 'CallCardSetMute', { muted: true })).resolves.toBeUndefined();
    expect(store.getState()).toMatchObject({ muted: true, held: false, uiState: null });
    await callCardCommand(client, 'CallCardSetHold', { held: true });
    expect(store.getState()).toMatchObject({ muted: true, held: true, uiState: null });
    await callCardCommand(client, 'CallCardSetUiState', { uiState: 'connected', disableAutoStartTimer: true });
    expect(store.getState()).toMatchObject({
      muted: true,
      held: true,
      uiState: 'connected',
      callId: 'externalCall.abc',
    });
    expect(Object.isFrozen(store.getState())).toBe(true);
    await callCardCommand(client, 'CallCardSetMute', { muted: true }); // already muted: no new state
    expect(seen).toHaveLength(3);
    await callCardCommand(client, 'CallCardSetMute', { muted: false });
    expect(store.getState()?.muted).toBe(false);
    await callCardCommand(client, 'CallCardClose');
    expect(store.getState()).toBeNull();
    expect(seen.map(([s]) => s && { muted: s.muted, held: s.held, uiState: s.uiState })).toEqual([
      { muted: true, held: false, uiState: null },
      { muted: true, held: true, uiState: null },
      { muted: true, held: true, uiState: 'connected' },
      { muted: false, held: true, uiState: 'connected' },
      null,
    ]);
    expect(seen[0]![1]).toBe(started);
    expect(transport.commands.map((c) => c.command)).toEqual([
      'getInterface',
      'CallCardSetMute',
      'CallCardSetHold',
      'CallCardSetUiState',
      'CallCardSetMute',
      'CallCardSetMute',
      'CallCardClose',
    ]);
  });

  it('other successful commands leave the call alone', async () => {
    const { store, client, transport } = listeningCallState();
    transport.emit(INIT, 'initialized');
    const before = store.getState();
    await callCardCommand(client, 'CallCardSetCardTitle', { title: 'VIP' });
    await callCardCommand(client, 'CallCardSetStatusText', { statusText: 'on it' });
    await callCardCommand(client, 'CallCardGetListUiStates');
    expect(store.getState()).toBe(before);
  });

  it('a failed command changes nothing: portal errors, both desktop shapes, bad parameters', async () => {
    const { store, client, transport } = listeningCallState({
      CallCardSetMute: [{ result: 'error', errorCode: 'Call card is undefined' }],
      // The desktop app: `missing field held`, then a second `[]` that must not count.
      CallCardSetHold: answers([{ result: 'error', errorCode: 'missing field held' }], []),
      CallCardSetUiState: [{ result: 'error', errorCode: 'Invalid ui state' }],
      CallCardClose: { result: 'error', errorCode: 'Something else' },
    });
    transport.emit(INIT, 'initialized');
    const before = store.getState();
    const seen = vi.fn();
    store.subscribe(seen);
    const failures: Array<[Promise<unknown>, string]> = [
      [callCardCommand(client, 'CallCardSetMute', { muted: true }), 'NO_CARD'],
      [callCardCommand(client, 'CallCardSetHold', { held: true }), 'MISSING_FIELD'],
      [callCardCommand(client, 'CallCardSetUiState', { uiState: 'connected' }), 'INVALID_UI_STATE'],
      [callCardCommand(client, 'CallCardClose'), 'PORTAL'],
      // Checked before sending:
      [callCardCommand(client, 'CallCardSetUiState', { uiState: 'bogus' as never }), 'INVALID_UI_STATE'],
      [callCardCommand(client, 'CallCardSetMute', { muted: 'yes' as never }), 'MISSING_FIELD'],
    ];
    for (const [p, reason] of failures) {
      const error = await p.then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(CallCardCommandError);
      expect(error).toMatchObject({ reason });
    }
    await tick(); // the desktop's second answer has come by now
    expect(store.getState()).toBe(before);
    expect(seen).not.toHaveBeenCalled();
    expect(transport.commands.filter((c) => c.command !== 'getInterface')).toHaveLength(4);
  });

  describe('with fake timers', () => {
    afterEach(() => {
      vi.useRealTimers();
    });
    it('a command with no answer (NO_ANSWER) changes nothing', async () => {
      vi.useFakeTimers();
      const transport = createMockTransport({ commandAnswers: { CallCardSetHold: SILENCE } });
      const client = createCallCardClient({ transport, onError: () => {} });
      const store = getCallStateStore(client);
      store.subscribe(() => {});
      transport.emit(INIT, 'initialized');
      const before = store.getState();
      const p = callCardCommand(client, 'CallCardSetHold', { held: true }, { timeoutMs: 100 });
      const failed = expect(p).rejects.toMatchObject({ reason: 'NO_ANSWER' });
      await vi.advanceTimersByTimeAsync(100);
      await failed;
      expect(store.getState()).toBe(before);
    });
  });

  it('a command before any call leaves the state null, and the call that starts later is not muted', async () => {
    const { store, client, transport } = listeningCallState();
    await callCardCommand(client, 'CallCardSetMute', { muted: true });
    await callCardCommand(client, 'CallCardSetUiState', { uiState: 'incoming' });
    expect(store.getState()).toBeNull();
    transport.emit(INIT, 'initialized');
    expect(store.getState()).toMatchObject({ muted: false, held: false, uiState: null });
  });

  it('CallCardClose forgets an entity kept for the next call, as closeButtonClick does', async () => {
    const { store, client, transport } = listeningCallState();
    transport.emit({ CALL_ID: 'c1', PHONE_NUMBER: '+111' }, 'initialized');
    transport.emit(undefined, 'hangupButtonClick');
    transport.emit({ PHONE_NUMBER: '+222', CRM_ENTITY_TYPE: 'LEAD', CRM_ENTITY_ID: 9 }); // kept for the next call
    await callCardCommand(client, 'CallCardClose');
    expect(store.getState()).toBeNull();
    transport.emit({ CALL_ID: 'c2' }, 'initialized');
    expect(store.getState()).toMatchObject({ callId: 'c2', phoneNumber: null, entityType: null, entityId: null });
  });
});

describe('getCallStateStore across two calls', () => {
  it('nothing carries over: muted, held and uiState reset on the next initialized, with or without a close between', async () => {
    const { store, client, transport } = listeningCallState();
    const setAll = async () => {
      await callCardCommand(client, 'CallCardSetMute', { muted: true });
      await callCardCommand(client, 'CallCardSetHold', { held: true });
      await callCardCommand(client, 'CallCardSetUiState', { uiState: 'connected' });
      expect(store.getState()).toMatchObject({ muted: true, held: true, uiState: 'connected' });
    };
    transport.emit({ ...INIT, CALL_ID: 'c1' }, 'initialized');
    await setAll();
    // The next call starts while the card still shows the first one.
    transport.emit({ ...INIT, CALL_ID: 'c2' }, 'initialized');
    expect(store.getState()).toMatchObject({ callId: 'c2', muted: false, held: false, uiState: null });
    await setAll();
    transport.emit(undefined, 'closeButtonClick');
    expect(store.getState()).toBeNull();
    transport.emit({ ...INIT, CALL_ID: 'c3' }, 'initialized');
    expect(store.getState()).toMatchObject({ callId: 'c3', muted: false, held: false, uiState: null });
    // The portal's own buttons, too.
    transport.emit(true, 'muteButtonClick');
    transport.emit(true, 'holdButtonClick');
    await callCardCommand(client, 'CallCardClose');
    transport.emit({ ...INIT, CALL_ID: 'c4' }, 'initialized');
    expect(store.getState()).toMatchObject({
      callId: 'c4',
      muted: false,
      held: false,
      uiState: null,
      state: 'connected',
    });
  });
});

describe('getCallStateStore: connections that come late or answer at once', () => {
  afterEach(() => vi.useRealTimers());

  it('listens once a portal answers after the init timeout (late connect)', async () => {
    vi.useFakeTimers();
    const transport = createMockTransport({ answer: 'manual' });
    const client = createCallCardClient({ transport, initTimeoutMs: 10, onError: vi.fn() });
    const store = getCallStateStore(client);
    store.subscribe(() => {});
    await vi.advanceTimersByTimeAsync(10);
    expect(client.getState().error).toMatchObject({ reason: 'TIMEOUT' });
    transport.answer();
    await vi.advanceTimersByTimeAsync(0);
    expect(transport.binds).toContain('BackgroundCallCard::initialized');
    transport.emit(INIT, 'initialized');
    expect(store.getState()).toMatchObject({ callId: INIT.CALL_ID });
  });

  it('takes a getStatus answer given synchronously, inside send itself', async () => {
    const transport = createMockTransport({ placement: 'CALL_CARD' });
    const wrapped = {
      name: 'sync-getStatus',
      connect: async (o: Parameters<typeof transport.connect>[0]) => {
        const c = await transport.connect(o);
        return {
          ...c,
          placement: c.placement,
          bind: c.bind,
          close: c.close,
          send: (command: string, params: unknown, onAnswer: (a: unknown) => void) => {
            if (command !== 'getStatus') return c.send!(command, params, onAnswer);
            onAnswer({ ...INIT, CALL_ID: 'sync-call' });
            return () => {};
          },
        };
      },
    };
    const onError = vi.fn();
    const client = createCallCardClient({ transport: wrapped, onError });
    const store = getCallStateStore(client);
    store.subscribe(() => {});
    await tick();
    expect(store.getState()).toMatchObject({ callId: 'sync-call' });
    expect(onError).not.toHaveBeenCalled();
  });
});

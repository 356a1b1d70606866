import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  callStatus,
  createCallCardModel,
  entityPayload,
  tabPlacementOptions,
  type CallCardEvent,
  type SimCall,
} from '../src/card/callCardModel';
import {
  BACKGROUND_WORKER_COMMANDS,
  CALL_CARD_TAB_COMMANDS,
  CALL_CARD_UI_STATES,
  UI_STATE_BUTTONS,
  type CallCardUiState,
} from '../src/protocol';

const W = 'PAGE_BACKGROUND_WORKER';
const T = 'CALL_CARD';
const NO_CARD = [[{ result: 'error', errorCode: 'Call card is undefined' }]];

const CALL: SimCall = {
  CALL_ID: 'externalCall.abc.1',
  USER_ID: 1,
  PHONE_NUMBER: '+15550100',
  LINE_NUMBER: 'sim-line-1',
  LINE_NAME: 'Simulator line',
  TYPE: 2,
  CALL_DIRECTION: 'incoming',
  CRM_ENTITY_TYPE: 'CONTACT',
  CRM_ENTITY_ID: 17,
  CALL_LIST_MODE: false,
};

function setup(call: SimCall | null = CALL) {
  const card = createCallCardModel();
  const events: CallCardEvent[] = [];
  card.onEvent((e) => events.push(e));
  if (call) card.open(call);
  events.length = 0;
  const worker = (name: string, params: unknown = {}, mode: 'browser' | 'desktop' = 'browser') =>
    card.command(name, params, mode, W);
  const tab = (name: string) => card.command(name, {}, 'browser', T);
  return { card, events, worker, tab };
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(1_000_000);
});
afterEach(() => {
  vi.useRealTimers();
});

describe('opening and the call lifecycle', () => {
  it('starts with no card: not open, not closed, no call', () => {
    const card = createCallCardModel();
    expect(card.getState()).toMatchObject({ open: false, closed: false, call: null, callState: 'idle' });
    expect(card.status()).toBeNull();
    expect(card.buttons()).toEqual([]);
  });

  it.each([
    ['incoming', 'incoming'],
    ['outgoing', 'outgoing'],
    ['callback', 'outgoing'],
  ] as const)('opens a %s call in UI state %s, connecting', (direction, uiState) => {
    const card = createCallCardModel();
    card.open({ ...CALL, CALL_DIRECTION: direction });
    expect(card.getState()).toMatchObject({
      open: true,
      closed: false,
      uiState,
      callState: 'connecting',
      muted: false,
      held: false,
      title: '',
      statusText: '',
      timer: { running: false, startedAt: null },
    });
  });

  it('emits opened and callStateChanged(connecting) on open', () => {
    const card = createCallCardModel();
    const events: CallCardEvent[] = [];
    card.onEvent((e) => events.push(e));
    card.open(CALL);
    expect(events).toEqual([
      { type: 'callStateChanged', state: 'connecting' },
      { type: 'opened', call: CALL },
    ]);
  });

  it('replaces the state object on each change (frozen) and notifies subscribers', () => {
    const { card, worker } = setup();
    const seen: unknown[] = [];
    const off = card.subscribe((s) => seen.push(s));
    const before = card.getState();
    worker('CallCardSetMute', { muted: true });
    expect(card.getState()).not.toBe(before);
    expect(Object.isFrozen(card.getState())).toBe(true);
    expect(seen).toEqual([card.getState()]);
    off();
    worker('CallCardSetMute', { muted: false });
    expect(seen).toHaveLength(1);
  });

  it('connect(): connected, the timer starts; end(): idle, the timer stops, the UI state stays', () => {
    const { card, events } = setup();
    vi.advanceTimersByTime(1000);
    card.connect();
    expect(card.getState()).toMatchObject({
      callState: 'connected',
      uiState: 'connected',
      timer: { running: true, startedAt: 1_001_000, stoppedAt: null },
    });
    vi.advanceTimersByTime(5000);
    card.end('486');
    expect(card.getState()).toMatchObject({
      callState: 'idle',
      uiState: 'connected',
      open: true,
      timer: { running: false, startedAt: 1_001_000, stoppedAt: 1_006_000 },
    });
    expect(events).toEqual([
      { type: 'callStateChanged', state: 'connected' },
      { type: 'callStateChanged', state: 'idle', failedCode: '486' },
    ]);
  });

  it('connect() leaves the timer alone when a worker already set connected with disableAutoStartTimer', () => {
    const { card, worker } = setup();
    expect(worker('CallCardSetUiState', { uiState: 'connected', disableAutoStartTimer: true })).toEqual([[]]);
    card.connect();
    expect(card.getState()).toMatchObject({ callState: 'connected', uiState: 'connected', timer: { running: false } });
  });

  it('re-opening the same call while open only updates its data', () => {
    const { card, worker, events } = setup();
    worker('CallCardSetCardTitle', { title: 'Kept' });
    card.open({ ...CALL, CRM_ENTITY_ID: 18 });
    expect(card.getState()).toMatchObject({ title: 'Kept', call: { CRM_ENTITY_ID: 18 } });
    expect(events).toEqual([]);
  });

  it('another call replaces the card: the old one closes first', () => {
    const { card, worker, events } = setup();
    worker('CallCardSetCardTitle', { title: 'Old' });
    card.open({ ...CALL, CALL_ID: 'externalCall.other' });
    expect(events.map((e) => e.type)).toEqual(['beforeClose', 'closed', 'callStateChanged', 'opened']);
    expect(events[1]).toEqual({ type: 'closed', reason: 'replaced' });
    expect(card.getState()).toMatchObject({
      open: true,
      closed: false,
      title: '',
      call: { CALL_ID: 'externalCall.other' },
    });
  });

  it('setEntity changes the client shown', () => {
    const { card } = setup();
    card.setEntity({ CRM_ENTITY_TYPE: 'LEAD', CRM_ENTITY_ID: 31, PHONE_NUMBER: 'unknown', CRM_ACTIVITY_ID: 5 });
    expect(card.getState().call).toMatchObject({
      CRM_ENTITY_TYPE: 'LEAD',
      CRM_ENTITY_ID: 31,
      PHONE_NUMBER: 'unknown',
      CRM_ACTIVITY_ID: 5,
    });
    card.setEntity({ CRM_ENTITY_TYPE: '', CRM_ENTITY_ID: 0 });
    expect(card.getState().call).toMatchObject({ PHONE_NUMBER: 'unknown', CRM_ENTITY_TYPE: '', CRM_ENTITY_ID: 0 });
  });

  it('a throwing listener does not stop the others or the card', () => {
    const errors: unknown[] = [];
    const card = createCallCardModel({ onListenerError: (e) => errors.push(e) });
    const seen: string[] = [];
    card.onEvent(() => {
      throw new Error('boom');
    });
    card.onEvent((e) => seen.push(e.type));
    card.open(CALL);
    expect(seen).toEqual(['callStateChanged', 'opened']);
    expect(card.getState().open).toBe(true);
    expect(errors).toHaveLength(2);
  });
});

describe('background-worker commands (browser)', () => {
  it('answer "Call card is undefined" before any card, except CallCardGetListUiStates', () => {
    const { worker } = setup(null);
    for (const name of BACKGROUND_WORKER_COMMANDS) {
      if (name === 'CallCardGetListUiStates') expect(worker(name)).toEqual([[...CALL_CARD_UI_STATES]]);
      else
        expect(worker(name, { muted: true, held: true, uiState: 'connected', title: 'x', statusText: 'y' })).toEqual(
          NO_CARD,
        );
    }
  });

  it('CallCardGetListUiStates lists the 12 states in the portal order', () => {
    const { worker } = setup();
    const [list] = worker('CallCardGetListUiStates')!;
    expect(list).toEqual([
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
    ]);
  });

  it('CallCardSetMute / SetHold answer [] and set the state; the same value again is [] too', () => {
    const { card, worker } = setup();
    expect(worker('CallCardSetMute', { muted: true })).toEqual([[]]);
    expect(worker('CallCardSetMute', { muted: true })).toEqual([[]]);
    expect(worker('CallCardSetHold', { held: true })).toEqual([[]]);
    expect(card.getState()).toMatchObject({ muted: true, held: true });
    expect(worker('CallCardSetMute', { muted: false })).toEqual([[]]);
    expect(worker('CallCardSetHold', { held: false })).toEqual([[]]);
    expect(card.getState()).toMatchObject({ muted: false, held: false });
  });

  it('fires no button event for a command (no model event at all)', () => {
    const { worker, events } = setup();
    worker('CallCardSetMute', { muted: true });
    worker('CallCardSetHold', { held: true });
    worker('CallCardSetCardTitle', { title: 't' });
    expect(events).toEqual([]);
  });

  it('browser: a missing field reads as undefined (mute/hold false, title/status text empty), answered []', () => {
    const { card, worker } = setup();
    worker('CallCardSetMute', { muted: true });
    expect(worker('CallCardSetMute', {})).toEqual([[]]);
    expect(worker('CallCardSetHold', '')).toEqual([[]]);
    worker('CallCardSetCardTitle', { title: 'T' });
    expect(worker('CallCardSetCardTitle', {})).toEqual([[]]);
    expect(worker('CallCardSetStatusText', null)).toEqual([[]]);
    expect(card.getState()).toMatchObject({ muted: false, held: false, title: '', statusText: '' });
  });

  it('CallCardSetUiState: each of the 12 states answers []; anything else "Invalid ui state"', () => {
    const { card, worker } = setup();
    for (const s of CALL_CARD_UI_STATES) {
      expect(worker('CallCardSetUiState', { uiState: s })).toEqual([[]]);
      expect(card.getState().uiState).toBe(s);
    }
    for (const bad of [{ uiState: 'idle' }, { uiState: 'Connected' }, { uiState: 6 }, {}, '', null]) {
      expect(worker('CallCardSetUiState', bad)).toEqual([[{ result: 'error', errorCode: 'Invalid ui state' }]]);
    }
    expect(card.getState().uiState).toBe('redial');
  });

  it('entering connected starts the timer unless disableAutoStartTimer; leaving it for any state stops it', () => {
    const { card, worker } = setup();
    worker('CallCardSetUiState', { uiState: 'connected' });
    expect(card.getState().timer).toMatchObject({ running: true, startedAt: 1_000_000 });
    vi.advanceTimersByTime(3000);
    // The facts file: "leaving it for another state stops the timer" (transfer states too).
    worker('CallCardSetUiState', { uiState: 'transferring' });
    expect(card.getState().timer).toEqual({ running: false, startedAt: 1_000_000, stoppedAt: 1_003_000 });
    worker('CallCardSetUiState', { uiState: 'connected', disableAutoStartTimer: true });
    expect(card.getState().timer.running).toBe(false);
    // The flag only matters with connected.
    worker('CallCardSetUiState', { uiState: 'connected' });
    expect(card.getState().timer).toMatchObject({ running: true, startedAt: 1_003_000 });
    worker('CallCardSetUiState', { uiState: 'redial' });
    expect(card.getState().timer.running).toBe(false);
  });

  it('CallCardSetCardTitle / SetStatusText answer [] and set the text', () => {
    const { card, worker } = setup();
    expect(worker('CallCardSetCardTitle', { title: 'ACME, Ltd.' })).toEqual([[]]);
    expect(worker('CallCardSetStatusText', { statusText: 'VIP client' })).toEqual([[]]);
    expect(card.getState()).toMatchObject({ title: 'ACME, Ltd.', statusText: 'VIP client' });
  });

  it('StartTimer / StopTimer are never answered in the browser, but the timer runs and stops', () => {
    const { card, worker } = setup();
    expect(worker('CallCardStartTimer')).toBeNull();
    expect(card.getState().timer).toMatchObject({ running: true, startedAt: 1_000_000 });
    vi.advanceTimersByTime(2000);
    expect(worker('CallCardStartTimer')).toBeNull(); // a running timer is left alone
    expect(card.getState().timer.startedAt).toBe(1_000_000);
    expect(worker('CallCardStopTimer')).toBeNull();
    expect(card.getState().timer).toEqual({ running: false, startedAt: 1_000_000, stoppedAt: 1_002_000 });
  });

  it('CallCardClose answers [] and then every command answers "Call card is undefined"', () => {
    const { card, worker, events } = setup();
    expect(worker('CallCardClose')).toEqual([[]]);
    expect(card.getState()).toMatchObject({ open: false, closed: true });
    expect(events).toEqual([
      { type: 'beforeClose', final: true },
      { type: 'closed', reason: 'command' },
    ]);
    for (const name of BACKGROUND_WORKER_COMMANDS) {
      if (name !== 'CallCardGetListUiStates') expect(worker(name, { muted: true })).toEqual(NO_CARD);
    }
    expect(worker('CallCardGetListUiStates')).toEqual([[...CALL_CARD_UI_STATES]]);
    // A new call opens a fresh card.
    card.open({ ...CALL, CALL_ID: 'externalCall.next' });
    expect(worker('CallCardSetMute', { muted: true })).toEqual([[]]);
  });

  it('the same call opened again after its card closed gets a fresh card', () => {
    const { card, worker } = setup();
    worker('CallCardSetCardTitle', { title: 'Old' });
    worker('CallCardClose');
    card.open(CALL);
    expect(card.getState()).toMatchObject({ open: true, closed: false, title: '' });
  });

  it('returns fresh answer objects (a caller mutating one does not change the next)', () => {
    const { worker } = setup(null);
    const a = worker('CallCardSetMute', { muted: true }) as Array<Array<{ errorCode: string }>>;
    a[0]![0]!.errorCode = 'changed';
    expect(worker('CallCardSetMute', { muted: true })).toEqual(NO_CARD);
    const l = worker('CallCardGetListUiStates') as string[][];
    l[0]!.length = 0;
    expect(worker('CallCardGetListUiStates')).toEqual([[...CALL_CARD_UI_STATES]]);
  });
});

describe('background-worker commands (desktop app)', () => {
  const desktop = (w: ReturnType<typeof setup>['worker'], name: string, params: unknown = {}) =>
    w(name, params, 'desktop');

  it('timers answer []', () => {
    const { card, worker } = setup();
    expect(desktop(worker, 'CallCardStartTimer')).toEqual([[]]);
    expect(card.getState().timer.running).toBe(true);
    expect(desktop(worker, 'CallCardStopTimer')).toEqual([[]]);
    expect(card.getState().timer.running).toBe(false);
  });

  it('timers with no card answer "Call card is undefined" in both modes', () => {
    const { worker } = setup(null);
    expect(desktop(worker, 'CallCardStartTimer')).toEqual(NO_CARD);
    expect(worker('CallCardStopTimer')).toEqual(NO_CARD);
  });

  it('missing field muted arrives as a BARE object', () => {
    const { worker } = setup();
    expect(desktop(worker, 'CallCardSetMute', {})).toEqual([{ result: 'error', errorCode: 'missing field muted' }]);
  });

  it('missing field held: the error in an array, then a second []; the card is taken off hold', () => {
    const { card, worker } = setup();
    desktop(worker, 'CallCardSetHold', { held: true });
    expect(card.getState().held).toBe(true);
    expect(desktop(worker, 'CallCardSetHold', {})).toEqual([
      [{ result: 'error', errorCode: 'missing field held' }],
      [],
    ]);
    expect(card.getState().held).toBe(false);
  });

  it('missing title / statusText in the array form, the state unchanged', () => {
    const { card, worker } = setup();
    desktop(worker, 'CallCardSetCardTitle', { title: 'T' });
    expect(desktop(worker, 'CallCardSetCardTitle', {})).toEqual([
      [{ result: 'error', errorCode: 'missing field title' }],
    ]);
    expect(desktop(worker, 'CallCardSetStatusText', '')).toEqual([
      [{ result: 'error', errorCode: 'missing field statusText' }],
    ]);
    expect(card.getState()).toMatchObject({ title: 'T', statusText: '' });
  });

  it('a present field with a falsy value is no missing field', () => {
    const { worker } = setup();
    expect(desktop(worker, 'CallCardSetMute', { muted: false })).toEqual([[]]);
    expect(desktop(worker, 'CallCardSetHold', { held: false })).toEqual([[]]);
    expect(desktop(worker, 'CallCardSetCardTitle', { title: '' })).toEqual([[]]);
  });

  it('Invalid ui state and the other answers as in the browser', () => {
    const { worker } = setup();
    expect(desktop(worker, 'CallCardSetUiState', {})).toEqual([[{ result: 'error', errorCode: 'Invalid ui state' }]]);
    expect(desktop(worker, 'CallCardSetUiState', { uiState: 'connected' })).toEqual([[]]);
    expect(desktop(worker, 'CallCardGetListUiStates')).toEqual([[...CALL_CARD_UI_STATES]]);
    expect(desktop(worker, 'CallCardClose')).toEqual([[]]);
    expect(desktop(worker, 'CallCardSetMute', { muted: true })).toEqual(NO_CARD);
  });
});

describe('commands of another placement, unknown commands', () => {
  it('are never answered (null)', () => {
    const { card } = setup();
    for (const name of CALL_CARD_TAB_COMMANDS) expect(card.command(name, {}, 'browser', W)).toBeNull();
    for (const name of BACKGROUND_WORKER_COMMANDS) expect(card.command(name, {}, 'browser', T)).toBeNull();
    for (const p of ['DEFAULT', 'CRM_DEAL_DETAIL_TAB', '']) {
      expect(card.command('CallCardSetMute', { muted: true }, 'desktop', p)).toBeNull();
      expect(card.command('getStatus', {}, 'browser', p)).toBeNull();
    }
    expect(card.command('CallCardSetVolume', {}, 'browser', W)).toBeNull();
    expect(card.command('getstatus', {}, 'browser', T)).toBeNull();
    expect(card.getState().muted).toBe(false);
  });

  it('never answered even with no card', () => {
    const { card } = setup(null);
    expect(card.command('getStatus', {}, 'browser', W)).toBeNull();
    expect(card.command('CallCardClose', {}, 'browser', T)).toBeNull();
  });
});

describe('CALL_CARD tab commands', () => {
  it('getStatus answers the call: numbers and a boolean, no PHONE_NUMBER when unknown, no activity or bindings when none', () => {
    const { card, tab } = setup({ ...CALL, PHONE_NUMBER: 'unknown', CALL_LIST_MODE: true });
    card.connect();
    expect(tab('getStatus')).toEqual([
      {
        CALL_ID: 'externalCall.abc.1',
        LINE_NUMBER: 'sim-line-1',
        LINE_NAME: 'Simulator line',
        CRM_ENTITY_TYPE: 'CONTACT',
        CRM_ENTITY_ID: 17,
        CALL_DIRECTION: 'incoming',
        CALL_STATE: 'connected',
        CALL_LIST_MODE: true,
      },
    ]);
  });

  it('getStatus: hidden number, activity and bindings', () => {
    const { tab } = setup({
      ...CALL,
      PHONE_NUMBER: '',
      CRM_ACTIVITY_ID: 99,
      CRM_BINDINGS: [{ ENTITY_TYPE: 'CONTACT', ENTITY_ID: 17 }],
    });
    expect(tab('getStatus')).toEqual([
      expect.objectContaining({
        PHONE_NUMBER: 'hidden',
        CRM_ACTIVITY_ID: 99,
        CRM_BINDINGS: [{ ENTITY_TYPE: 'CONTACT', ENTITY_ID: 17 }],
        CALL_STATE: 'connecting',
      }),
    ]);
  });

  it('answer "Call card is undefined" with no card and after it closed', () => {
    const { card, tab } = setup(null);
    for (const c of CALL_CARD_TAB_COMMANDS) expect(tab(c)).toEqual(NO_CARD);
    card.open(CALL);
    card.close();
    for (const c of CALL_CARD_TAB_COMMANDS) expect(tab(c)).toEqual(NO_CARD);
  });

  it('a close with auto-close allowed: BeforeClose once, closed at once', () => {
    const { card, events } = setup();
    card.finish();
    expect(card.getState()).toMatchObject({ open: false, closed: true, callState: 'idle' });
    expect(events).toEqual([
      { type: 'callStateChanged', state: 'idle' },
      { type: 'beforeClose', final: true },
      { type: 'closed', reason: 'autoClose' },
    ]);
  });

  it('disableAutoClose: [] and the automatic close waits 65 s, BeforeClose fired twice', () => {
    const { card, tab, events } = setup();
    expect(tab('disableAutoClose')).toEqual([[]]);
    expect(card.getState()).toMatchObject({ autoCloseDisabled: true, autoCloseHoldUntil: null });
    card.finish();
    expect(card.getState()).toMatchObject({ open: true, autoCloseHoldUntil: 1_065_000 });
    expect(events.filter((e) => e.type === 'beforeClose')).toEqual([{ type: 'beforeClose', final: false }]);
    // Commands still work while held.
    expect(tab('getStatus')).toEqual([expect.objectContaining({ CALL_STATE: 'idle' })]);
    vi.advanceTimersByTime(64_999);
    expect(card.getState().open).toBe(true);
    vi.advanceTimersByTime(1);
    expect(card.getState()).toMatchObject({ open: false, closed: true, autoCloseHoldUntil: null });
    expect(events.filter((e) => e.type !== 'callStateChanged')).toEqual([
      { type: 'beforeClose', final: false },
      { type: 'beforeClose', final: true },
      { type: 'closed', reason: 'holdExpired' },
    ]);
  });

  it('each disableAutoClose restarts the countdown', () => {
    const { card, tab } = setup();
    tab('disableAutoClose');
    card.autoClose();
    vi.advanceTimersByTime(60_000);
    expect(tab('disableAutoClose')).toEqual([[]]);
    expect(card.getState().autoCloseHoldUntil).toBe(1_060_000 + 65_000);
    vi.advanceTimersByTime(64_000);
    expect(card.getState().open).toBe(true);
    vi.advanceTimersByTime(1_000);
    expect(card.getState().open).toBe(false);
  });

  it('enableAutoClose: [] and a waiting close happens now (second BeforeClose)', () => {
    const { card, tab, events } = setup();
    tab('disableAutoClose');
    card.finish();
    vi.advanceTimersByTime(10_000);
    expect(tab('enableAutoClose')).toEqual([[]]);
    expect(card.getState()).toMatchObject({ open: false, closed: true });
    expect(events.filter((e) => e.type !== 'callStateChanged')).toEqual([
      { type: 'beforeClose', final: false },
      { type: 'beforeClose', final: true },
      { type: 'closed', reason: 'enableAutoClose' },
    ]);
    // The dropped hold timer does nothing later.
    vi.advanceTimersByTime(100_000);
    expect(events.filter((e) => e.type === 'closed')).toHaveLength(1);
  });

  it('enableAutoClose before the call ended only allows the automatic close again', () => {
    const { card, tab } = setup();
    tab('disableAutoClose');
    expect(tab('enableAutoClose')).toEqual([[]]);
    expect(card.getState()).toMatchObject({ open: true, autoCloseDisabled: false });
    card.finish();
    expect(card.getState().open).toBe(false);
  });

  it('an explicit close is not held (CallCardClose while a tab disabled auto-close)', () => {
    const { card, tab, worker, events } = setup();
    tab('disableAutoClose');
    expect(worker('CallCardClose')).toEqual([[]]);
    expect(card.getState().open).toBe(false);
    expect(events.filter((e) => e.type === 'beforeClose')).toHaveLength(1);
  });

  it('an explicit close during a hold closes now and cancels the hold timer', () => {
    const { card, tab, events } = setup();
    tab('disableAutoClose');
    card.autoClose();
    card.close();
    expect(card.getState()).toMatchObject({ open: false, autoCloseHoldUntil: null });
    vi.advanceTimersByTime(70_000);
    expect(events.filter((e) => e.type === 'closed')).toHaveLength(1);
  });

  it('autoClose while a close already waits does nothing more', () => {
    const { card, tab, events } = setup();
    tab('disableAutoClose');
    card.autoClose();
    card.autoClose();
    expect(events.filter((e) => e.type === 'beforeClose')).toHaveLength(1);
  });

  it('dispose() cancels a pending hold', () => {
    const { card, tab } = setup();
    tab('disableAutoClose');
    card.autoClose();
    card.dispose();
    vi.advanceTimersByTime(70_000);
    expect(card.getState().open).toBe(true);
  });
});

describe('buttons per UI state', () => {
  it.each(CALL_CARD_UI_STATES.map((s) => [s] as [CallCardUiState]))('%s: the facts table, then addComment', (s) => {
    const { card, worker } = setup();
    worker('CallCardSetUiState', { uiState: s });
    expect(card.buttons()).toEqual([...UI_STATE_BUTTONS[s], 'addCommentButtonClick']);
  });

  it('the facts table itself', () => {
    expect(UI_STATE_BUTTONS).toEqual({
      incoming: ['answerButtonClick', 'skipButtonClick'],
      transferIncoming: ['answerButtonClick', 'skipButtonClick'],
      outgoing: ['makeCallButtonClick'],
      connectingIncoming: ['hangupButtonClick'],
      connectingOutgoing: ['hangupButtonClick'],
      connected: [
        'hangupButtonClick',
        'holdButtonClick',
        'muteButtonClick',
        'transferButtonClick',
        'dialpadButtonClick',
        'qualityMeterClick',
      ],
      transferring: ['completeTransferButtonClick', 'cancelTransferButtonClick'],
      transferFailed: ['cancelTransferButtonClick'],
      transferConnected: ['hangupButtonClick'],
      error: ['closeButtonClick'],
      moneyError: ['notifyAdminButtonClick', 'closeButtonClick'],
      redial: ['makeCallButtonClick'],
    });
  });

  it('call-list mode: next on outgoing, redial/next/close on error, no transfer when connected', () => {
    const { card, worker } = setup({ ...CALL, CALL_DIRECTION: 'outgoing', CALL_LIST_MODE: true });
    expect(card.buttons()).toEqual(['makeCallButtonClick', 'nextButtonClick', 'addCommentButtonClick']);
    worker('CallCardSetUiState', { uiState: 'error' });
    expect(card.buttons()).toEqual([
      'makeCallButtonClick',
      'nextButtonClick',
      'closeButtonClick',
      'addCommentButtonClick',
    ]);
    worker('CallCardSetUiState', { uiState: 'connected' });
    expect(card.buttons()).not.toContain('transferButtonClick');
    expect(card.buttons()).toContain('holdButtonClick');
  });

  it('no buttons once the card closed', () => {
    const { card } = setup();
    card.close();
    expect(card.buttons()).toEqual([]);
  });
});

describe('press()', () => {
  it('only a shown button fires', () => {
    const { card } = setup(); // incoming
    expect(card.press('hangupButtonClick')).toBeNull();
    expect(card.press('answerButtonClick')).toEqual({ event: 'answerButtonClick', payload: undefined });
  });

  it('mute and hold toggle the state and fire the new value', () => {
    const { card } = setup();
    card.connect();
    expect(card.press('muteButtonClick')).toEqual({ event: 'muteButtonClick', payload: true });
    expect(card.press('muteButtonClick')).toEqual({ event: 'muteButtonClick', payload: false });
    expect(card.press('holdButtonClick')).toEqual({ event: 'holdButtonClick', payload: true });
    expect(card.getState()).toMatchObject({ muted: false, held: true });
  });

  it('payload defaults and given payloads', () => {
    const { card } = setup();
    card.connect();
    expect(card.press('dialpadButtonClick')).toEqual({ event: 'dialpadButtonClick', payload: '1' });
    expect(card.press('dialpadButtonClick', '#')).toEqual({ event: 'dialpadButtonClick', payload: '#' });
    expect(card.press('qualityMeterClick')).toEqual({ event: 'qualityMeterClick', payload: '5' });
    expect(card.press('addCommentButtonClick', 'note')).toEqual({ event: 'addCommentButtonClick', payload: 'note' });
    expect(card.press('transferButtonClick')).toEqual({
      event: 'transferButtonClick',
      payload: { phoneNumber: '+15550100', target: '1' },
    });
  });

  it('the close button closes the card', () => {
    const { card, worker, events } = setup();
    worker('CallCardSetUiState', { uiState: 'error' });
    expect(card.press('closeButtonClick')).toEqual({ event: 'closeButtonClick', payload: undefined });
    expect(card.getState()).toMatchObject({ open: false, closed: true });
    expect(events.at(-1)).toEqual({ type: 'closed', reason: 'closeButton' });
  });
});

describe('payload shapes', () => {
  it('callStatus keeps the portal key order', () => {
    expect(
      Object.keys(
        callStatus({ ...CALL, CRM_ACTIVITY_ID: 1, CRM_BINDINGS: [{ ENTITY_TYPE: 'CONTACT', ENTITY_ID: 17 }] }, 'idle'),
      ),
    ).toEqual([
      'CALL_ID',
      'PHONE_NUMBER',
      'LINE_NUMBER',
      'LINE_NAME',
      'CRM_ENTITY_TYPE',
      'CRM_ENTITY_ID',
      'CRM_ACTIVITY_ID',
      'CRM_BINDINGS',
      'CALL_DIRECTION',
      'CALL_STATE',
      'CALL_LIST_MODE',
    ]);
  });

  it('tabPlacementOptions: the string form (ids as strings, "undefined" activity, "false")', () => {
    expect(tabPlacementOptions(CALL, 'connecting')).toEqual({
      CALL_ID: 'externalCall.abc.1',
      PHONE_NUMBER: '+15550100',
      LINE_NUMBER: 'sim-line-1',
      LINE_NAME: 'Simulator line',
      CRM_ENTITY_TYPE: 'CONTACT',
      CRM_ENTITY_ID: '17',
      CRM_ACTIVITY_ID: 'undefined',
      CALL_DIRECTION: 'incoming',
      CALL_STATE: 'connecting',
      CALL_LIST_MODE: 'false',
    });
    expect(
      tabPlacementOptions(
        { ...CALL, CRM_ACTIVITY_ID: 7, CALL_LIST_MODE: true, CRM_BINDINGS: [{ ENTITY_TYPE: 'DEAL', ENTITY_ID: 3 }] },
        'idle',
      ),
    ).toMatchObject({
      CRM_ACTIVITY_ID: '7',
      CALL_LIST_MODE: 'true',
      CRM_BINDINGS: [{ ENTITY_TYPE: 'DEAL', ENTITY_ID: '3' }],
    });
    expect(tabPlacementOptions({ ...CALL, PHONE_NUMBER: 'unknown' }, 'idle')).not.toHaveProperty('PHONE_NUMBER');
  });

  it('entityPayload: hidden when the number is missing, unknown kept', () => {
    expect(entityPayload({ ...CALL, PHONE_NUMBER: '' })).toEqual({
      CRM_ENTITY_TYPE: 'CONTACT',
      CRM_ENTITY_ID: 17,
      PHONE_NUMBER: 'hidden',
    });
    expect(entityPayload({ ...CALL, PHONE_NUMBER: 'unknown' }).PHONE_NUMBER).toBe('unknown');
  });

  it('the model status() is callStatus of the open call', () => {
    const { card } = setup();
    expect(card.status()).toEqual(callStatus(CALL, 'connecting'));
  });
});

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BACKGROUND_EVENT_NAMES } from '../src/protocol';
import { SCENARIOS } from '../src/page/scenarios';
import { pageHarness } from './pageHarness';

const NO_CARD = [{ result: 'error', errorCode: 'Call card is undefined' }];
const WORKER_EVENTS = BACKGROUND_EVENT_NAMES.map((n) => `BackgroundCallCard::${n}`);

/** The events (short names) and payloads app `id` received, from its posts. */
const received = (posts: string[]) =>
  posts
    .filter((p) => p.startsWith('cb-'))
    .map((p) => {
      const at = p.indexOf(':');
      const name = p.slice(0, at).replace(/^cb-(BackgroundCallCard|CallCard)__/, '');
      const json = p.slice(at + 1);
      return [name, json === '' ? undefined : JSON.parse(json)] as const;
    });

describe('the wire records', () => {
  it('keep each bind with its callback id, only the binds the engine took', () => {
    const h = pageHarness();
    h.addApp(0);
    h.bind(0, 'BackgroundCallCard::entityChanged', 'first');
    h.bind(0, 'BackgroundCallCard::entityChanged', 'second');
    h.records.receive(0, 'placementBindEvent:{}:nameless:sid0'); // no event name: the engine ignores it
    h.records.receive(0, 'placementBindEvent:{"event":"x"}:forged:sid9'); // another frame's sid
    expect(h.api.bindsOf(0)).toEqual([
      { event: 'BackgroundCallCard::entityChanged', callback: 'first', at: expect.any(Number) },
      { event: 'BackgroundCallCard::entityChanged', callback: 'second', at: expect.any(Number) },
    ]);
    expect(h.api.bindsOf(5)).toEqual([]);
    h.records.removeApp(0);
    expect(h.api.bindsOf(0)).toEqual([]);
    expect(h.engine.bindCount('entityChanged')).toBe(0);
  });

  it('keep every card command with its answers, or "never answered"', () => {
    const h = pageHarness();
    h.addApp(0, 'worker');
    h.cmd(0, 'CallCardSetMute', { muted: true }, 'a');
    h.cmd(0, 'CallCardGetListUiStates', {}, 'b');
    h.register();
    h.cmd(0, 'CallCardSetMute', { muted: true }, 'c');
    h.cmd(0, 'CallCardStartTimer', {}, 'd');
    h.cmd(0, 'getStatus', {}, 'e'); // a CALL_CARD command in the worker
    h.cmd(0, 'CallCardDance', {}, 'f'); // unknown
    h.records.receive(0, 'CallCardSetMute:{"muted":false}:g:sid1'); // a foreign sid: dropped, not a command of this app
    h.cmd(0, 'getInitData', {}, 'h'); // not a card command
    const list = h.api.commands();
    expect(list.map((c) => [c.command, c.answers])).toEqual([
      ['CallCardSetMute', [NO_CARD]],
      ['CallCardGetListUiStates', [expect.arrayContaining(['incoming', 'redial'])]],
      ['CallCardSetMute', [[]]],
      ['CallCardStartTimer', 'never answered'],
      ['getStatus', 'never answered'],
      ['CallCardDance', 'never answered'],
    ]);
    expect(list[0]).toEqual({
      at: 0,
      app: 0,
      label: 'worker',
      placement: 'PAGE_BACKGROUND_WORKER',
      mode: 'browser',
      command: 'CallCardSetMute',
      params: { muted: true },
      answers: [NO_CARD],
    });
    // A copy: the caller cannot change the records.
    (list[0]!.answers as unknown[]).length = 0;
    expect(h.api.commands()[0]!.answers).toEqual([NO_CARD]);
  });

  it('keep both answers of the desktop app after "missing field held", and the desktop timers', () => {
    const h = pageHarness({ mode: 'desktop' });
    h.addApp(0);
    h.register();
    h.cmd(0, 'CallCardSetHold', {});
    h.cmd(0, 'CallCardSetMute', {});
    h.cmd(0, 'CallCardStartTimer', {});
    expect(h.api.commands().map((c) => [c.command, c.mode, c.answers])).toEqual([
      ['CallCardSetHold', 'desktop', [[{ result: 'error', errorCode: 'missing field held' }], []]],
      ['CallCardSetMute', 'desktop', [{ result: 'error', errorCode: 'missing field muted' }]],
      ['CallCardStartTimer', 'desktop', [[]]],
    ]);
  });

  it('keep the last 1000 commands', () => {
    const h = pageHarness();
    h.addApp(0);
    for (let i = 0; i < 1010; i++) h.cmd(0, 'CallCardGetListUiStates', {}, `c${i}`);
    const list = h.api.commands();
    expect(list).toHaveLength(1000);
  });
});

describe('the server events on the page', () => {
  it('a call shown to the page user opens the card: initialized, then entityChanged', () => {
    const h = pageHarness();
    h.addApp(0);
    for (const e of WORKER_EVENTS) h.bind(0, e);
    const { CALL_ID } = h.register();
    const got = received(h.take(0));
    expect(got.map(([n]) => n)).toEqual(['initialized', 'entityChanged']);
    expect(got[0]![1]).toMatchObject({
      CALL_ID,
      PHONE_NUMBER: '+15550100',
      CALL_DIRECTION: 'incoming',
      CALL_STATE: 'connecting',
    });
    expect(got[1]![1]).toEqual({ CRM_ENTITY_TYPE: 'CONTACT', CRM_ENTITY_ID: 17, PHONE_NUMBER: '+15550100' });
    expect(h.api.card()).toMatchObject({
      open: true,
      uiState: 'incoming',
      buttons: ['answerButtonClick', 'skipButtonClick', 'addCommentButtonClick'],
    });
    expect(h.api.calls()).toEqual([{ call: expect.objectContaining({ CALL_ID }), shown: true }]);
    // Shown again (.show, or register within 30 min): the card is open already, nothing fires again.
    h.call('telephony.externalCall.show', { CALL_ID });
    expect(h.take(0)).toEqual([]);
    expect(h.log.entries.some((e) => /shown again: the card is open already/.test(e.text))).toBe(true);
  });

  it('a call of another user is listed, not opened; .hide and .finish close the card', () => {
    const h = pageHarness();
    const other = h.register({ USER_ID: 2, PHONE_NUMBER: '+15550201' });
    expect(h.api.card().open).toBe(false);
    expect(h.api.calls()).toEqual([
      { call: expect.objectContaining({ CALL_ID: other.CALL_ID, USER_ID: 2 }), shown: true },
    ]);
    const mine = h.register();
    expect(h.api.card().call?.CALL_ID).toBe(mine.CALL_ID);
    h.call('telephony.externalCall.hide', { CALL_ID: mine.CALL_ID });
    expect(h.api.card()).toMatchObject({ open: false, closed: true });
    expect(h.api.calls().find((c) => c.call.CALL_ID === mine.CALL_ID)?.shown).toBe(false);
    h.call('telephony.externalCall.show', { CALL_ID: mine.CALL_ID });
    expect(h.api.card().open).toBe(true);
    h.card.connect();
    h.call('telephony.externalCall.finish', { CALL_ID: mine.CALL_ID, USER_ID: 1, DURATION: 10 });
    expect(h.api.card()).toMatchObject({ open: false, closed: true, callState: 'idle', timer: { running: false } });
    expect(h.api.calls().map((c) => c.call.CALL_ID)).toEqual([other.CALL_ID]);
    // Finishing another user's call leaves the page's card alone.
    h.register({ PHONE_NUMBER: '+15550300' });
    h.call('telephony.externalCall.finish', { CALL_ID: other.CALL_ID, USER_ID: 2 });
    expect(h.api.card().open).toBe(true);
  });

  it('keeps the REST log, tokens masked, and logs each entry', () => {
    const h = pageHarness();
    h.call('crm.contact.get', { id: 17 });
    h.call('crm.nothing', {});
    expect(h.api.restLog()).toEqual([
      {
        at: 0,
        method: 'crm.contact.get',
        params: { auth: expect.stringMatching(/^.{4}…$/), id: 17 },
        status: 200,
        error: null,
      },
      { at: 0, method: 'crm.nothing', params: expect.any(Object), status: 404, error: 'ERROR_METHOD_NOT_FOUND' },
    ]);
    expect(h.log.entries.filter((e) => e.dir === 'rest').map((e) => e.text)).toEqual([
      expect.stringMatching(/^crm\.contact\.get \{"auth":".{4}…","id":17\} → 200$/),
      'crm.nothing {"auth":"' + h.api.restLog()[1]!.params.auth + '"} → 404 ERROR_METHOD_NOT_FOUND',
    ]);
  });

  it('catches up with GET /sim/calls: opens the last call shown to the page user once every app listens, only lists the others', async () => {
    const h = pageHarness();
    h.addApp(0);
    h.bind(0, 'BackgroundCallCard::initialized');
    const call = (id: string, USER_ID: number) => ({
      CALL_ID: id,
      USER_ID,
      PHONE_NUMBER: '+15550100',
      LINE_NUMBER: '',
      LINE_NAME: '',
      TYPE: 2,
      CALL_DIRECTION: 'incoming',
      CRM_ENTITY_TYPE: '',
      CRM_ENTITY_ID: 0,
      CALL_LIST_MODE: false,
    });
    h.serverEvents.catchUp({
      calls: [call('a', 1), call('b', 1), call('c', 2), call('d', 1)],
      shownTo: { a: [1], b: [1], c: [2], d: [] }, // d: registered with SHOW=0
    });
    // The card waits until an app listens for the client (the apps load with the page).
    await Promise.resolve();
    expect(h.api.card().open).toBe(false);
    h.bind(0, 'BackgroundCallCard::entityChanged');
    await vi.waitFor(() => expect(h.api.card().call?.CALL_ID).toBe('b'));
    expect(received(h.take(0)).map(([n]) => n)).toEqual(['initialized', 'entityChanged']);
    expect(h.api.calls().map((c) => [c.call.CALL_ID, c.shown])).toEqual([
      ['a', true],
      ['b', true],
      ['c', true],
      ['d', false],
    ]);
    // Caught up again (a reconnect): the card is open, nothing fires again.
    h.serverEvents.catchUp({ calls: [call('b', 1)], shownTo: { b: [1] } });
    expect(h.take(0)).toEqual([]);
  });

  it('lists the calls of GET /sim/calls (a SHOW=0 call sends no event) without opening any', () => {
    const h = pageHarness();
    const { CALL_ID } = h.register({ SHOW: 0 });
    expect(h.api.calls()).toEqual([]);
    h.serverEvents.list({ calls: h.rest.calls(), shownTo: { [CALL_ID]: h.rest.shownTo(CALL_ID) } });
    expect(h.api.calls()).toEqual([{ call: expect.objectContaining({ CALL_ID }), shown: false }]);
    // Shown to the page's user, but only listed: list() never opens the card.
    h.serverEvents.list({ calls: h.rest.calls(), shownTo: { [CALL_ID]: [1] } });
    expect(h.api.card().open).toBe(false);
    // The list is replaced: a call gone from the server drops out.
    h.serverEvents.list({ calls: [] });
    expect(h.api.calls()).toEqual([]);
  });

  it('flags events of an unknown shape', () => {
    const h = pageHarness();
    h.serverEvents.handle(null);
    h.serverEvents.handle({ type: 'weird' });
    h.serverEvents.handle({ type: 'call', action: 'explode', call: { CALL_ID: 'x', USER_ID: 1 } });
    expect(h.log.entries.filter((e) => e.flagged)).toHaveLength(3);
    expect(h.api.card().open).toBe(false);
  });
});

describe('the call-scenario player', () => {
  it.each(SCENARIOS.map((s) => s.id))(
    '%s: plays to the end over REST and the card, each step in the log',
    async (id) => {
      const h = pageHarness();
      h.addApp(0);
      for (const e of WORKER_EVENTS) h.bind(0, e);
      await h.api.playScenario(id, { stepMs: 0 });
      const events = received(h.take(0)).map(([n]) => n);
      expect(events.slice(0, 2)).toEqual(['initialized', 'entityChanged']);
      expect(events.at(-1)).toBe('hangupButtonClick');
      const steps = h.log.entries.filter((e) => /^scenario ".*" \d+\/\d+: /.test(e.text));
      expect(steps.length).toBeGreaterThan(4);
      expect(h.log.entries.filter((e) => e.flagged)).toEqual([]); // every button was on the card when pressed
      expect(h.log.entries.at(-1)!.text).toMatch(/: done$/);
      // The backend's part went over REST: registered, finished, an activity in the CRM.
      expect(h.api.restLog().map((r) => r.method)).toEqual([
        'telephony.externalCall.register',
        'telephony.externalCall.finish',
      ]);
      expect(h.rest.activities).toHaveLength(1);
      expect(h.api.card()).toMatchObject({ open: false, closed: true });
    },
  );

  it('plays the exact events of each scenario', async () => {
    const expected: Record<string, string[]> = {
      incoming: ['answerButtonClick', 'holdButtonClick', 'holdButtonClick', 'hangupButtonClick'],
      outgoing: ['makeCallButtonClick', 'muteButtonClick', 'hangupButtonClick'],
      'busy-redial': ['makeCallButtonClick', 'makeCallButtonClick', 'hangupButtonClick'],
      transfer: ['answerButtonClick', 'transferButtonClick', 'completeTransferButtonClick', 'hangupButtonClick'],
      'call-list': ['nextButtonClick', 'entityChanged', 'makeCallButtonClick', 'hangupButtonClick'],
    };
    for (const [id, events] of Object.entries(expected)) {
      const h = pageHarness();
      h.addApp(0);
      for (const e of WORKER_EVENTS) h.bind(0, e);
      await h.api.playScenario(id as never, { stepMs: 0 });
      expect(
        received(h.take(0))
          .slice(2)
          .map(([n]) => n),
        id,
      ).toEqual(events);
    }
  });

  it('busy → redial: the call fails with 486 and the card offers the redial', async () => {
    const h = pageHarness({ placement: 'CALL_CARD' });
    h.addApp(0);
    h.bind(0, 'CallCard::CallStateChanged');
    await h.api.playScenario('busy-redial', { stepMs: 0 });
    // connecting (open), idle (busy), connected (redial answered), idle (finish)
    expect(received(h.take(0)).map(([, p]) => p)).toEqual(['connecting', 'idle', 'connected', 'idle']);
  });

  it('call list: the card is in call-list mode, next moves to the next client', async () => {
    const h = pageHarness();
    h.addApp(0);
    h.bind(0, 'BackgroundCallCard::entityChanged');
    const states: string[] = [];
    h.card.subscribe((s) => states.push(`${s.uiState}:${s.call?.CALL_LIST_MODE}`));
    await h.api.playScenario('call-list', { stepMs: 0 });
    expect(received(h.take(0)).map(([, p]) => (p as { CRM_ENTITY_ID: number }).CRM_ENTITY_ID)).toEqual([17, 18]);
    expect(states).toContain('outgoing:true');
  });

  it('a step that fails stops the scenario, flagged; an unknown scenario throws; stop() stops', async () => {
    const h = pageHarness();
    h.rest.expireAll();
    await h.api.playScenario('incoming', { stepMs: 0 }).catch(() => {});
    expect(h.log.entries.some((e) => e.flagged && /1\/\d+ failed: expired_token/.test(e.text))).toBe(true);
    await expect(h.api.playScenario('nope' as never)).rejects.toThrow(
      /Unknown scenario "nope": use incoming, outgoing/,
    );

    const g = pageHarness();
    const playing = g.player.play('outgoing', { stepMs: 0 });
    expect(g.player.playing).toBe('outgoing');
    g.player.stop();
    await expect(playing).rejects.toThrow(/stopped/);
    expect(g.player.playing).toBeNull();
  });
});

describe('window.simulator', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('fire: throws for an unknown name with the valid ones, says why nothing was delivered', () => {
    const h = pageHarness();
    h.addApp(0);
    expect(() => h.api.fire('entityChange')).toThrow(/Unknown call-card event "entityChange".*entityChanged/);
    expect(h.api.fire('entityChanged', {})).toEqual({
      event: 'BackgroundCallCard::entityChanged',
      delivered: 0,
      reason: 'not-bound',
    });
    h.bind(0, 'BackgroundCallCard::entityChanged');
    expect(h.api.fire('entityChanged', {})).toEqual({ event: 'BackgroundCallCard::entityChanged', delivered: 1 });
    expect(h.log.entries.at(-1)!.text).toMatch(/delivered to 1 bind\(s\)/);
    expect(h.api.fire('beforeClose')).toEqual({
      event: 'CallCard::BeforeClose',
      delivered: 0,
      reason: 'not-in-placement',
    });
    expect(h.api.fireExact('BackgroundCallCard::entityChanged', {}).delivered).toBe(1);
    expect(() => h.api.fireExact('entityChanged', {})).toThrow(/full event name/);
  });

  it('waitForBind resolves on the bind, rejects on timeout', async () => {
    const h = pageHarness();
    h.addApp(0);
    const waiting = h.api.waitForBind('entityChanged', 1000);
    h.bind(0, 'BackgroundCallCard::entityChanged');
    await expect(waiting).resolves.toBeUndefined();
    const late = h.api.waitForBind('hangupButtonClick', 1000);
    vi.advanceTimersByTime(1000);
    await expect(late).rejects.toThrow(/no app bound BackgroundCallCard::hangupButtonClick within 1000 ms/);
  });

  it('press: only the buttons the card shows; throws for a name that is no button', () => {
    const h = pageHarness();
    h.addApp(0);
    h.bind(0, 'BackgroundCallCard::answerButtonClick');
    expect(h.api.press('answerButtonClick')).toBeNull(); // no card
    h.register();
    expect(h.api.press('hangupButtonClick')).toBeNull(); // not in UI state incoming
    expect(h.api.press('answerButtonClick')).toEqual({ event: 'BackgroundCallCard::answerButtonClick', delivered: 1 });
    expect(() => h.api.press('initialized' as never)).toThrow(
      /Unknown card button "initialized": use one of addCommentButtonClick/,
    );
  });

  it('waitForCard: open for a call, or closed; times out with the state', async () => {
    const h = pageHarness();
    const opening = h.api.waitForCard({ timeoutMs: 1000 });
    const { CALL_ID } = h.register();
    await expect(opening).resolves.toMatchObject({ open: true, call: { CALL_ID } });
    await expect(h.api.waitForCard({ callId: CALL_ID })).resolves.toMatchObject({ open: true });
    const closing = h.api.waitForCard({ open: false });
    h.call('telephony.externalCall.hide', { CALL_ID });
    await expect(closing).resolves.toMatchObject({ open: false, closed: true, buttons: [] });
    const never = h.api.waitForCard({ callId: 'other', timeoutMs: 500 });
    vi.advanceTimersByTime(500);
    await expect(never).rejects.toThrow(/not open for call other within 500 ms \(now: not open, call externalCall/);
  });

  it('setClientMode takes browser or desktop only; the mode answers the next commands', () => {
    const h = pageHarness();
    h.addApp(0);
    h.register();
    expect(() => h.api.setClientMode('mobile' as never)).toThrow(/'browser' or 'desktop'/);
    h.api.setClientMode('desktop');
    expect(h.api.clientMode).toBe('desktop');
    h.cmd(0, 'CallCardStopTimer');
    expect(h.api.commands().at(-1)!.answers).toEqual([[]]);
  });
});

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createCallCardModel, type SimCall } from '../src/card/callCardModel';
import { createPortalEngine, type EngineLogEntry, type PortalEngineOptions } from '../src/portal/portalEngine';
import { ALL_EVENT_NAMES, BACKGROUND_EVENT_NAMES, type InitData } from '../src/protocol';

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

const initDataOf = (appId: number): InitData => ({
  DOMAIN: 'localhost:5273',
  PROTOCOL: 0,
  PATH: '/rest',
  LANG: 'en',
  AUTH_ID: `access-token-of-app-${appId}-0123456789`,
  REFRESH_ID: `refresh-token-of-app-${appId}-0123456789`,
  AUTH_EXPIRES: '3600',
  MEMBER_ID: 'sim0001',
  IS_ADMIN: true,
  APP_OPTIONS: {},
  USER_OPTIONS: {},
  PLACEMENT: 'PAGE_BACKGROUND_WORKER',
  PLACEMENT_OPTIONS: {},
  INSTALL: false,
  FIRST_RUN: false,
});

function setup(overrides: Partial<PortalEngineOptions> = {}) {
  const env = {
    placement: 'PAGE_BACKGROUND_WORKER',
    mode: 'browser' as 'browser' | 'desktop',
    posts: [] as Array<{ app: number; text: string }>,
    logs: [] as EngineLogEntry[],
  };
  const card = createCallCardModel();
  const engine = createPortalEngine({
    placement: () => env.placement,
    mode: () => env.mode,
    card,
    post: (app, text) => env.posts.push({ app, text }),
    initData: initDataOf,
    refresh: () => Promise.resolve({ AUTH_ID: 'new-access-token-xyz', REFRESH_ID: 'new-refresh-token-xyz' }),
    log: (e) => env.logs.push(e),
    ...overrides,
  });
  engine.addApp(0, { sid: 'sid0' });
  engine.addApp(1, { sid: 'sid1' });
  /** The answers posted to `app` since the last call. */
  const take = (app?: number) => {
    const out = env.posts.filter((p) => app === undefined || p.app === app).map((p) => p.text);
    env.posts.length = 0;
    return out;
  };
  const bind = (app: number, event: string, cb = `cb-${app}-${event.replace(/:/g, '_')}`) =>
    engine.receive(app, `placementBindEvent:${JSON.stringify({ event })}:${cb}:sid${app}`);
  const cmd = (app: number, name: string, params: unknown = {}, cb = 'c1') =>
    engine.receive(app, `${name}:${params === '' ? '' : JSON.stringify(params)}:${cb}:sid${app}`);
  return { env, card, engine, take, bind, cmd };
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(1_000_000);
});
afterEach(() => {
  vi.useRealTimers();
});

describe('the frame protocol', () => {
  it("answers getInitData in both libraries' forms, and records the marks", () => {
    const { engine, take } = setup();
    engine.receive(0, 'getInitData::0123456789abcdef0123456789abcdef:sid0');
    engine.receive(1, 'getInitData:6f1c0a4e-1111-4222-8333-944455556666:sid1');
    const [a, b] = take();
    expect(a!.startsWith('0123456789abcdef0123456789abcdef:{"DOMAIN":"localhost:5273"')).toBe(true);
    expect(JSON.parse(b!.slice(b!.indexOf(':') + 1))).toEqual(initDataOf(1));
    // A UUID callback contains no colon: the answer is `<uuid>:<json>`.
    expect(b!.startsWith('6f1c0a4e-1111-4222-8333-944455556666:{')).toBe(true);
    expect(engine.marks(0)).toMatchObject({ added: 1_000_000, initReceived: 1_000_000, initAnswered: 1_000_000 });
    expect(engine.marks(9)).toBeNull();
  });

  it('masks the tokens of the getInitData answer in the log, not on the wire', () => {
    const { env, engine, take } = setup();
    engine.receive(0, 'getInitData::cb:sid0');
    expect(take()[0]).toContain('"AUTH_ID":"access-token-of-app-0-0123456789"');
    const out = env.logs.find((l) => l.dir === 'portal→app')!;
    expect(out.text).toContain('"AUTH_ID":"acce…"');
    expect(out.text).toContain('"REFRESH_ID":"refr…"');
    expect(out.text).not.toContain('0123456789');
  });

  it('flags malformed messages, foreign appSids and unknown apps, and answers none of them', () => {
    const { env, engine, take } = setup();
    engine.receive(0, 42);
    engine.receive(0, 'nocolons');
    engine.receive(0, { params: {} });
    engine.receive(0, 'getInitData::cb:sid1');
    engine.receive(7, 'getInitData::cb:sid7');
    expect(take()).toEqual([]);
    const flagged = env.logs.filter((l) => l.flagged).map((l) => l.text);
    expect(flagged).toEqual([
      expect.stringMatching(/^42 {2}— malformed: a command must be a string or an object, got number/),
      expect.stringMatching(/nocolons.*malformed/),
      expect.stringMatching(/object command without a method/),
      expect.stringMatching(/appSid is not this frame's/),
      expect.stringMatching(/from an app the portal does not know/),
    ]);
  });

  it('logs a message that cannot be stringified without throwing', () => {
    const { env, engine } = setup();
    const cyclic: Record<string, unknown> = { method: 'x' };
    cyclic.self = cyclic;
    expect(() => engine.receive(0, cyclic)).not.toThrow();
    expect(() => engine.receive(0, { method: 'getInitData', params: 1n, callback: 'c', appSid: 'sid0' })).not.toThrow();
    expect(env.logs.length).toBeGreaterThan(0);
  });

  it('caps each logged line', () => {
    const { env, engine } = setup({ maxLogLine: 100 });
    engine.receive(0, `setTitle:${JSON.stringify({ t: 'x'.repeat(1_000_000) })}:cb:sid0`);
    for (const l of env.logs) expect(l.text.length).toBeLessThan(140);
    expect(env.logs[0]!.text).toMatch(/… \(\+\d+ chars\)$/);
  });

  it('never acknowledges a bind, and records it per app', () => {
    const { engine, take, bind } = setup();
    bind(0, 'BackgroundCallCard::entityChanged');
    bind(0, 'BackgroundCallCard::entityChanged', 'second');
    bind(1, 'BackgroundCallCard::initialized');
    expect(take()).toEqual([]);
    expect(engine.binds(0)).toEqual(['BackgroundCallCard::entityChanged', 'BackgroundCallCard::entityChanged']);
    expect(engine.binds(1)).toEqual(['BackgroundCallCard::initialized']);
    expect(engine.bindCount('entityChanged')).toBe(2);
    expect(engine.bindCount('BackgroundCallCard::initialized')).toBe(1);
    expect(engine.marks(0)!.binds).toHaveLength(2);
  });

  it('flags a bind without an event name; notes a bind the placement does not have', () => {
    const { env, engine, bind } = setup();
    engine.receive(0, 'placementBindEvent:{}:cb:sid0');
    bind(0, 'CallCard::EntityChanged');
    expect(env.logs.filter((l) => l.flagged).map((l) => l.text)).toEqual([
      'placementBindEvent without an event name: ignored',
    ]);
    expect(
      env.logs.some((l) =>
        /CallCard::EntityChanged, which placement PAGE_BACKGROUND_WORKER does not have/.test(l.text),
      ),
    ).toBe(true);
    expect(engine.binds(0)).toEqual(['CallCard::EntityChanged']);
  });

  it('keeps at most maxBindsPerApp binds per frame and says so once', () => {
    const { env, engine, bind } = setup({ maxBindsPerApp: 3 });
    for (let i = 0; i < 10; i++) bind(0, 'BackgroundCallCard::entityChanged', `cb${i}`);
    expect(engine.binds(0)).toHaveLength(3);
    expect(env.logs.filter((l) => /more than 3 binds/.test(l.text))).toHaveLength(1);
  });

  it('answers refreshAuth with what refresh() gives, masked in the log', async () => {
    const { env, engine, take } = setup();
    engine.receive(0, 'refreshAuth:{}:r1:sid0');
    await vi.waitFor(() => expect(env.posts).toHaveLength(1));
    expect(take()).toEqual(['r1:{"AUTH_ID":"new-access-token-xyz","REFRESH_ID":"new-refresh-token-xyz"}']);
    expect(env.logs.at(-1)!.text).toBe('r1:{"AUTH_ID":"new-…","REFRESH_ID":"new-…"}');
  });

  it('refreshAuth: null means no answer; a failure is flagged; a removed app gets nothing', async () => {
    const fail = setup({ refresh: () => Promise.reject(new Error('down')) });
    fail.engine.receive(0, 'refreshAuth:{}:r1:sid0');
    await vi.waitFor(() =>
      expect(fail.env.logs.some((l) => l.flagged && /refreshAuth failed: Error: down/.test(l.text))).toBe(true),
    );
    const none = setup({ refresh: () => Promise.resolve(null) });
    none.engine.receive(0, 'refreshAuth:{}:r1:sid0');
    await vi.waitFor(() => expect(none.env.logs.some((l) => /refreshAuth: no answer/.test(l.text))).toBe(true));
    expect(none.take()).toEqual([]);
    const gone = setup();
    gone.engine.receive(0, 'refreshAuth:{}:r1:sid0');
    gone.engine.removeApp(0);
    await Promise.resolve();
    await Promise.resolve();
    expect(gone.take()).toEqual([]);
  });

  it('answers setInstall / setInstallFinish with no data', () => {
    const { take, cmd } = setup();
    cmd(0, 'setInstallFinish', '', 'i1');
    expect(take()).toEqual(['i1:']);
  });

  it('does not answer commands it does not simulate; says which are denied outside DEFAULT', () => {
    const { env, take, cmd } = setup();
    cmd(0, 'resizeWindow', { width: 10, height: 10 });
    cmd(0, 'setTitle', { title: 'x' });
    env.placement = 'DEFAULT';
    cmd(0, 'setTitle', { title: 'x' });
    expect(take()).toEqual([]);
    const texts = env.logs.filter((l) => l.dir === 'sim').map((l) => l.text);
    expect(texts).toEqual([
      'resizeWindow: not simulated, no answer',
      'setTitle is denied outside the DEFAULT placement (as on a real portal)',
      'setTitle: not simulated, no answer',
    ]);
  });
});

describe('getInterface per placement', () => {
  it('PAGE_BACKGROUND_WORKER: the 9 commands and the 17 events', () => {
    const { take, cmd } = setup();
    cmd(0, 'getInterface', '', 'g');
    const answer = JSON.parse(take()[0]!.slice(2));
    expect(answer).toEqual({
      command: [
        'CallCardSetMute',
        'CallCardSetHold',
        'CallCardSetUiState',
        'CallCardGetListUiStates',
        'CallCardSetCardTitle',
        'CallCardSetStatusText',
        'CallCardClose',
        'CallCardStartTimer',
        'CallCardStopTimer',
      ],
      event: BACKGROUND_EVENT_NAMES.map((n) => `BackgroundCallCard::${n}`),
    });
    expect(answer.event).toHaveLength(17);
  });

  it('CALL_CARD: the 3 commands and the 3 events', () => {
    const { env, take, cmd } = setup();
    env.placement = 'CALL_CARD';
    cmd(0, 'getInterface', '', 'g');
    expect(JSON.parse(take()[0]!.slice(2))).toEqual({
      command: ['getStatus', 'disableAutoClose', 'enableAutoClose'],
      event: ['CallCard::EntityChanged', 'CallCard::BeforeClose', 'CallCard::CallStateChanged'],
    });
  });

  it('DEFAULT: empty lists', () => {
    const { env, take, cmd } = setup();
    env.placement = 'DEFAULT';
    cmd(0, 'getInterface', '', 'g');
    expect(take()).toEqual(['g:{"command":[],"event":[]}']);
  });
});

describe('card commands through the engine', () => {
  it('answer "Call card is undefined" before the card opens and after it closes', () => {
    const { engine, take, cmd } = setup();
    cmd(0, 'CallCardSetMute', { muted: true }, 'm1');
    expect(take()).toEqual(['m1:[{"result":"error","errorCode":"Call card is undefined"}]']);
    engine.openCall(CALL);
    take();
    cmd(0, 'CallCardSetMute', { muted: true }, 'm2');
    cmd(0, 'CallCardClose', '', 'x');
    cmd(0, 'CallCardSetHold', { held: true }, 'h');
    expect(take()).toEqual(['m2:[]', 'x:[]', 'h:[{"result":"error","errorCode":"Call card is undefined"}]']);
  });

  it('the classic form with an empty params slot and the object form are answered alike', () => {
    const { engine, take } = setup();
    engine.receive(0, 'CallCardGetListUiStates::cb1:sid0');
    engine.receive(0, { method: 'CallCardGetListUiStates', params: {}, callback: 'cb2', appSid: 'sid0' });
    const [a, b] = take();
    expect(a!.slice(4)).toBe(b!.slice(4));
    expect(JSON.parse(a!.slice(4))).toHaveLength(12);
  });

  it('browser timers: never answered, logged as such; the timer runs', () => {
    const { env, engine, card, take, cmd } = setup();
    engine.openCall(CALL);
    take();
    cmd(0, 'CallCardStartTimer', '', 't');
    expect(take()).toEqual([]);
    expect(card.getState().timer.running).toBe(true);
    expect(env.logs.at(-1)!.text).toBe(
      'CallCardStartTimer: never answered, as on the portal (the browser client never answers it on success)',
    );
  });

  it('desktop mode: timers [], missing field muted bare, missing field held answered twice', () => {
    const { env, engine, take, cmd } = setup();
    env.mode = 'desktop';
    engine.openCall(CALL);
    take();
    cmd(0, 'CallCardStartTimer', '', 't');
    cmd(0, 'CallCardSetMute', {}, 'm');
    cmd(0, 'CallCardSetHold', {}, 'h');
    expect(take()).toEqual([
      't:[]',
      'm:{"result":"error","errorCode":"missing field muted"}',
      'h:[{"result":"error","errorCode":"missing field held"}]',
      'h:[]',
    ]);
  });

  it('Invalid ui state', () => {
    const { engine, take, cmd } = setup();
    engine.openCall(CALL);
    take();
    cmd(0, 'CallCardSetUiState', { uiState: 'nope' }, 'u');
    expect(take()).toEqual(['u:[{"result":"error","errorCode":"Invalid ui state"}]']);
  });

  it("another placement's commands and unknown commands are never answered", () => {
    const { env, engine, take, cmd } = setup();
    engine.openCall(CALL);
    take();
    cmd(0, 'getStatus', '', 's');
    cmd(0, 'CallCardSetVolume', { v: 1 }, 'v');
    env.placement = 'CALL_CARD';
    cmd(0, 'CallCardSetMute', { muted: true }, 'm');
    env.placement = 'DEFAULT';
    cmd(0, 'CallCardSetMute', { muted: true }, 'm');
    expect(take()).toEqual([]);
    const sim = env.logs
      .filter((l) => l.dir === 'sim' && /never answered|not simulated/.test(l.text))
      .map((l) => l.text);
    expect(sim).toEqual([
      'getStatus: never answered, as on the portal (placement PAGE_BACKGROUND_WORKER does not have it)',
      'CallCardSetVolume: not simulated, no answer',
      'CallCardSetMute: never answered, as on the portal (placement CALL_CARD does not have it)',
      'CallCardSetMute: never answered, as on the portal (placement DEFAULT does not have it)',
    ]);
  });

  it('CALL_CARD: getStatus, disableAutoClose holds the card 65 s and BeforeClose reaches the tab twice', () => {
    const { env, engine, card, take, bind, cmd } = setup();
    env.placement = 'CALL_CARD';
    engine.openCall(CALL);
    bind(0, 'CallCard::BeforeClose', 'bc');
    bind(0, 'CallCard::CallStateChanged', 'cs');
    take();
    cmd(0, 'getStatus', '', 's');
    expect(JSON.parse(take()[0]!.slice(2))).toMatchObject({
      CALL_ID: CALL.CALL_ID,
      CRM_ENTITY_ID: 17,
      CALL_LIST_MODE: false,
    });
    cmd(0, 'disableAutoClose', '', 'd');
    expect(take()).toEqual(['d:[]']);
    card.finish();
    expect(take()).toEqual(['cs:"idle"', 'bc:']);
    expect(card.getState().open).toBe(true);
    vi.advanceTimersByTime(65_000);
    expect(take()).toEqual(['bc:']);
    expect(card.getState().open).toBe(false);
    cmd(0, 'getStatus', '', 's2');
    expect(take()).toEqual(['s2:[{"result":"error","errorCode":"Call card is undefined"}]']);
  });

  it('CALL_CARD: enableAutoClose closes a held card now', () => {
    const { env, engine, card, take, bind, cmd } = setup();
    env.placement = 'CALL_CARD';
    engine.openCall(CALL);
    bind(1, 'CallCard::BeforeClose', 'bc');
    cmd(1, 'disableAutoClose', '', 'd');
    card.finish();
    take();
    cmd(1, 'enableAutoClose', '', 'e');
    expect(take()).toEqual(['bc:', 'e:[]']);
    expect(card.getState().closed).toBe(true);
  });

  it('card events do not reach apps in PAGE_BACKGROUND_WORKER (no CallCard::* there)', () => {
    const { engine, card, take, bind } = setup();
    bind(0, 'CallCard::BeforeClose', 'bc');
    engine.openCall(CALL);
    take();
    card.close();
    expect(take()).toEqual([]);
  });
});

describe('fire()', () => {
  it('resolves short names per placement and delivers `cb:JSON` to each bind, in one pass', () => {
    const { env, engine, take, bind } = setup();
    bind(0, 'BackgroundCallCard::entityChanged', 'a');
    bind(0, 'BackgroundCallCard::entityChanged', 'b');
    bind(1, 'BackgroundCallCard::entityChanged', 'c');
    bind(1, 'BackgroundCallCard::hangupButtonClick', 'h');
    const payload = { PHONE_NUMBER: '+1', CRM_ENTITY_TYPE: 'LEAD', CRM_ENTITY_ID: 3 };
    expect(engine.fire('entityChanged', payload)).toEqual({ event: 'BackgroundCallCard::entityChanged', delivered: 3 });
    const json = JSON.stringify(payload);
    expect(env.posts).toEqual([
      { app: 0, text: `a:${json}` },
      { app: 0, text: `b:${json}` },
      { app: 1, text: `c:${json}` },
    ]);
    take();
    expect(engine.fire('BackgroundCallCard::hangupButtonClick')).toEqual({
      event: 'BackgroundCallCard::hangupButtonClick',
      delivered: 1,
    });
    expect(take()).toEqual(['h:']);
    expect(env.logs.at(-1)!.text).toBe(
      'fire BackgroundCallCard::hangupButtonClick (no data) → BackgroundCallCard::hangupButtonClick: delivered to 1 bind(s) (app 1)',
    );
  });

  it('in CALL_CARD: entityChanged, EntityChanged, beforeClose and the full names', () => {
    const { env, engine, take, bind } = setup();
    env.placement = 'CALL_CARD';
    bind(0, 'CallCard::EntityChanged', 'e');
    bind(0, 'CallCard::BeforeClose', 'b');
    bind(0, 'CallCard::CallStateChanged', 's');
    expect(engine.fire('entityChanged', { x: 1 }).delivered).toBe(1);
    expect(engine.fire('EntityChanged', { x: 2 }).delivered).toBe(1);
    expect(engine.fire('beforeClose').event).toBe('CallCard::BeforeClose');
    expect(engine.fire('CallCard::CallStateChanged', 'connected').delivered).toBe(1);
    expect(take()).toEqual(['e:{"x":1}', 'e:{"x":2}', 'b:', 's:"connected"']);
  });

  it('an unknown name throws, listing the valid names', () => {
    const { engine } = setup();
    expect(() => engine.fire('entityChange')).toThrow(
      /Unknown call-card event "entityChange".*initialized.*notifyAdminButtonClick.*BeforeClose/,
    );
    expect(() => engine.fire('BackgroundCallCard::EntityChanged')).toThrow(/Unknown call-card event/);
    expect(() => engine.fire('CallCard::hangupButtonClick')).toThrow(/Unknown call-card event/);
    expect(() => engine.fire('')).toThrow(/Unknown call-card event/);
    expect(() => engine.fire(42 as unknown as string)).toThrow(TypeError);
  });

  it("another placement's event: nothing delivered, reason not-in-placement, flagged", () => {
    const { env, engine, take, bind } = setup();
    bind(0, 'CallCard::BeforeClose', 'b');
    expect(engine.fire('beforeClose')).toEqual({
      event: 'CallCard::BeforeClose',
      delivered: 0,
      reason: 'not-in-placement',
    });
    expect(engine.fire('CallCard::BeforeClose')).toMatchObject({ delivered: 0, reason: 'not-in-placement' });
    env.placement = 'CALL_CARD';
    expect(engine.fire('hangupButtonClick')).toEqual({
      event: 'BackgroundCallCard::hangupButtonClick',
      delivered: 0,
      reason: 'not-in-placement',
    });
    env.placement = 'DEFAULT';
    bind(1, 'BackgroundCallCard::entityChanged');
    expect(engine.fire('entityChanged', {})).toMatchObject({ delivered: 0, reason: 'not-in-placement' });
    expect(take()).toEqual([]);
    expect(env.logs.filter((l) => l.flagged && /not an event of placement/.test(l.text))).toHaveLength(4);
  });

  it('nothing bound: delivered 0, reason not-bound, flagged in the log', () => {
    const { env, engine } = setup();
    expect(engine.fire('muteButtonClick', true)).toEqual({
      event: 'BackgroundCallCard::muteButtonClick',
      delivered: 0,
      reason: 'not-bound',
    });
    expect(env.logs.at(-1)).toEqual({
      dir: 'sim',
      app: null,
      text: 'fire muteButtonClick true → BackgroundCallCard::muteButtonClick: no app has bound it: nothing delivered',
      flagged: true,
    });
  });

  it('every one of the 20 full names is accepted', () => {
    const { engine } = setup();
    for (const name of ALL_EVENT_NAMES) expect(() => engine.fire(name)).not.toThrow();
  });

  it('a removed app gets nothing; re-adding an id starts with no binds', () => {
    const { engine, take, bind } = setup();
    bind(0, 'BackgroundCallCard::entityChanged', 'a');
    bind(1, 'BackgroundCallCard::entityChanged', 'b');
    engine.removeApp(0);
    expect(engine.fire('entityChanged', {}).delivered).toBe(1);
    expect(take()).toEqual(['b:{}']);
    engine.addApp(1, { sid: 'sid1' });
    expect(engine.binds(1)).toEqual([]);
    expect(engine.fire('entityChanged', {}).delivered).toBe(0);
    expect(engine.appIds()).toEqual([1]);
  });

  it('a bind made while delivering (a synchronous post) waits for the next fire', () => {
    let engineRef: ReturnType<typeof setup>['engine'] | null = null;
    const { engine, bind } = setup({
      post: (app, text) => {
        if (text.startsWith('a:'))
          engineRef!.receive(app, 'placementBindEvent:{"event":"BackgroundCallCard::entityChanged"}:late:sid0');
      },
    });
    engineRef = engine;
    bind(0, 'BackgroundCallCard::entityChanged', 'a');
    expect(engine.fire('entityChanged', {}).delivered).toBe(1);
    expect(engine.bindCount('entityChanged')).toBe(2);
    expect(engine.fire('entityChanged', {}).delivered).toBe(2);
    expect(engine.bindCount('entityChanged')).toBe(3);
  });

  it("costs one pass over the event's own binds: 20 frames × many other binds do not slow a fire", () => {
    const posts: number[] = [];
    const { engine } = setup({ post: (app) => void posts.push(app) });
    for (let app = 0; app < 20; app++) {
      engine.addApp(app, { sid: `sid${app}` });
      for (let i = 0; i < 50; i++) {
        engine.receive(app, `placementBindEvent:{"event":"BackgroundCallCard::muteButtonClick"}:m${i}:sid${app}`);
      }
      engine.receive(app, `placementBindEvent:{"event":"BackgroundCallCard::entityChanged"}:e:sid${app}`);
    }
    let stringify = 0;
    const payload = {
      toJSON() {
        stringify++;
        return { CRM_ENTITY_ID: 1 };
      },
    };
    const start = performance.now();
    for (let i = 0; i < 1000; i++) engine.fire('entityChanged', payload);
    const ms = performance.now() - start;
    expect(posts).toHaveLength(20_000);
    expect(stringify).toBe(1000); // the payload is serialised once per fire, not once per bind
    expect(ms).toBeLessThan(1000);
  });
});

describe('waitForBind / bindCount', () => {
  it('resolves at once when already bound, else on the bind', async () => {
    const { engine, bind } = setup();
    bind(0, 'BackgroundCallCard::initialized');
    await expect(engine.waitForBind('initialized')).resolves.toBeUndefined();
    let done = false;
    const p = engine.waitForBind('BackgroundCallCard::entityChanged', 5000).then(() => (done = true));
    await Promise.resolve();
    expect(done).toBe(false);
    bind(1, 'BackgroundCallCard::entityChanged');
    await p;
    expect(done).toBe(true);
  });

  it('rejects after the timeout, and at once for an unknown name', async () => {
    const { engine } = setup();
    const p = engine.waitForBind('hangupButtonClick', 1000);
    vi.advanceTimersByTime(1000);
    await expect(p).rejects.toThrow('no app bound BackgroundCallCard::hangupButtonClick within 1000 ms');
    await expect(engine.waitForBind('hangup')).rejects.toThrow(/Unknown call-card event "hangup"/);
    expect(() => engine.bindCount('hangup')).toThrow(/Unknown call-card event/);
  });

  it("a short name waits for the current placement's event", async () => {
    const { env, engine, bind } = setup();
    env.placement = 'CALL_CARD';
    const p = engine.waitForBind('entityChanged', 1000);
    bind(0, 'BackgroundCallCard::entityChanged');
    bind(0, 'CallCard::EntityChanged');
    await expect(p).resolves.toBeUndefined();
    expect(engine.bindCount('entityChanged')).toBe(1);
  });

  it('dispose() rejects pending waits and stops forwarding card events', async () => {
    const { env, engine, card, take, bind } = setup();
    env.placement = 'CALL_CARD';
    const p = engine.waitForBind('beforeClose');
    engine.dispose();
    await expect(p).rejects.toThrow(/disposed/);
    bind(0, 'CallCard::BeforeClose', 'b');
    card.open(CALL);
    card.close();
    expect(take()).toEqual([]);
  });
});

describe('openCall / changeEntity / press', () => {
  it('PAGE_BACKGROUND_WORKER: initialized (the getStatus shape) then entityChanged', () => {
    const { engine, take, bind } = setup();
    bind(0, 'BackgroundCallCard::initialized', 'i');
    bind(0, 'BackgroundCallCard::entityChanged', 'e');
    const r = engine.openCall({ ...CALL, PHONE_NUMBER: '' });
    expect(r).toEqual({
      initialized: { event: 'BackgroundCallCard::initialized', delivered: 1 },
      entityChanged: { event: 'BackgroundCallCard::entityChanged', delivered: 1 },
    });
    const [init, entity] = take();
    expect(JSON.parse(init!.slice(2))).toEqual({
      CALL_ID: CALL.CALL_ID,
      PHONE_NUMBER: 'hidden',
      LINE_NUMBER: 'sim-line-1',
      LINE_NAME: 'Simulator line',
      CRM_ENTITY_TYPE: 'CONTACT',
      CRM_ENTITY_ID: 17,
      CALL_DIRECTION: 'incoming',
      CALL_STATE: 'connecting',
      CALL_LIST_MODE: false,
    });
    expect(JSON.parse(entity!.slice(2))).toEqual({
      CRM_ENTITY_TYPE: 'CONTACT',
      CRM_ENTITY_ID: 17,
      PHONE_NUMBER: 'hidden',
    });
  });

  it('entityFirst fires entityChanged before initialized, as the portal may', () => {
    const { engine, take, bind } = setup();
    bind(0, 'BackgroundCallCard::initialized', 'i');
    bind(0, 'BackgroundCallCard::entityChanged', 'e');
    engine.openCall(CALL, { entityFirst: true });
    expect(take().map((t) => t.split(':')[0])).toEqual(['e', 'i']);
  });

  it('CALL_CARD: CallCard::EntityChanged (and the call state) to the tabs; tabPlacementOptions in string form', () => {
    const { env, engine, take, bind } = setup();
    env.placement = 'CALL_CARD';
    bind(0, 'CallCard::EntityChanged', 'e');
    bind(0, 'CallCard::CallStateChanged', 's');
    const r = engine.openCall(CALL);
    expect(r.initialized).toBeNull();
    expect(r.entityChanged).toEqual({ event: 'CallCard::EntityChanged', delivered: 1 });
    expect(take()).toEqual([
      's:"connecting"',
      'e:{"CRM_ENTITY_TYPE":"CONTACT","CRM_ENTITY_ID":17,"PHONE_NUMBER":"+15550100"}',
    ]);
    expect(engine.tabPlacementOptions()).toMatchObject({
      CRM_ENTITY_ID: '17',
      CALL_LIST_MODE: 'false',
      CALL_STATE: 'connecting',
    });
    expect(engine.tabPlacementOptions({ ...CALL, CALL_ID: 'other', CRM_ENTITY_ID: 5 })).toMatchObject({
      CALL_ID: 'other',
      CRM_ENTITY_ID: '5',
    });
  });

  it('DEFAULT: the card opens, nothing fires', () => {
    const { env, engine, card, take } = setup();
    env.placement = 'DEFAULT';
    expect(engine.openCall(CALL)).toEqual({ initialized: null, entityChanged: null });
    expect(card.getState().open).toBe(true);
    expect(take()).toEqual([]);
    expect(engine.tabPlacementOptions()).toMatchObject({ CALL_ID: CALL.CALL_ID });
  });

  it('tabPlacementOptions with no call is {}', () => {
    const { engine } = setup();
    expect(engine.tabPlacementOptions()).toEqual({});
  });

  it('changeEntity updates the card and fires entityChanged in the placement', () => {
    const { engine, card, take, bind } = setup();
    expect(engine.changeEntity({ CRM_ENTITY_TYPE: 'LEAD', CRM_ENTITY_ID: 1 })).toBeNull(); // no call yet
    engine.openCall(CALL);
    bind(0, 'BackgroundCallCard::entityChanged', 'e');
    take();
    expect(engine.changeEntity({ PHONE_NUMBER: 'unknown', CRM_ENTITY_TYPE: 'CONTACT', CRM_ENTITY_ID: 19 })).toEqual({
      event: 'BackgroundCallCard::entityChanged',
      delivered: 1,
    });
    expect(take()).toEqual(['e:{"CRM_ENTITY_TYPE":"CONTACT","CRM_ENTITY_ID":19,"PHONE_NUMBER":"unknown"}']);
    expect(card.getState().call).toMatchObject({ CRM_ENTITY_ID: 19 });
  });

  it("press fires only the buttons the UI state shows, with the model's payload", () => {
    const { env, engine, card, take, bind } = setup();
    bind(0, 'BackgroundCallCard::muteButtonClick', 'm');
    bind(0, 'BackgroundCallCard::answerButtonClick', 'a');
    expect(engine.press('answerButtonClick')).toBeNull(); // no card
    engine.openCall(CALL);
    take();
    expect(engine.press('muteButtonClick')).toBeNull(); // incoming: answer, skip
    expect(env.logs.at(-1)).toMatchObject({
      flagged: true,
      text: 'button muteButtonClick is not shown in UI state incoming: nothing fired',
    });
    expect(engine.press('answerButtonClick')).toEqual({ event: 'BackgroundCallCard::answerButtonClick', delivered: 1 });
    card.connect();
    expect(engine.press('muteButtonClick')).toEqual({ event: 'BackgroundCallCard::muteButtonClick', delivered: 1 });
    expect(engine.press('skipButtonClick')).toBeNull();
    expect(take()).toEqual(['a:', 'm:true']);
    env.placement = 'CALL_CARD';
    expect(engine.press('muteButtonClick')).toMatchObject({ delivered: 0, reason: 'not-in-placement' });
    expect(card.getState().muted).toBe(false); // the button still works on the card
  });
});

import type { Browser, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulatorPage, startSimulator, type Simulator } from '../packages/simulator/dist/index.js';
import { APPS, expectText, launch, simulate, until } from './browser';

let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

/** REST as an app's backend calls it: JSON body, the app's token. */
const restOf = (sim: Simulator) => {
  let auth: string | null = null;
  return async (method: string, params: Record<string, unknown> = {}) => {
    auth ??= ((await (await fetch(`${sim.url}sim/token`, { method: 'POST' })).json()) as { AUTH_ID: string }).AUTH_ID;
    const res = await fetch(`${sim.url}rest/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...params, auth }),
    });
    return (await res.json()) as { result?: any; error?: string };
  };
};

/** The inbound webhook, as a backend without OAuth calls it. */
const webhook = (sim: Simulator) => async (method: string, params: Record<string, unknown>) =>
  (await (
    await fetch(`${sim.webhookUrl}${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(params),
    })
  ).json()) as { result?: any; error?: string };

// Written as a user of the simulator writes an end-to-end test of their worker (here the React
// example): start the simulator from Node, open it, wait for the worker's bind, raise the call from
// "the backend", and check the card the worker drives.
describe('a worker tested as a user would, with simulatorPage()', () => {
  let sim: Simulator;
  let page: Page;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0, serve: [{ dir: APPS.react, label: 'React worker' }] });
  });
  afterAll(async () => {
    await page?.close();
    await sim?.close();
  });

  it('a call raised over REST reaches the worker (initialized, entityChanged) and the worker drives the card', async () => {
    page = await browser.newPage();
    await page.goto(sim.url);
    const portal = simulatorPage(page);
    await portal.waitForBind('initialized');
    await portal.waitForBind('entityChanged');

    // The backend registers an incoming call for user 1 (the page's user): the card opens.
    const rest = restOf(sim);
    const registered = await rest('telephony.externalCall.register', {
      USER_ID: 1,
      PHONE_NUMBER: '+15550100',
      TYPE: 2,
    });
    const CALL_ID: string = registered.result.CALL_ID;
    const opened = await portal.waitForCard({ callId: CALL_ID });
    expect(opened).toMatchObject({
      open: true,
      uiState: 'incoming',
      call: { CRM_ENTITY_TYPE: 'CONTACT', CRM_ENTITY_ID: 17 },
    });
    expect(opened.buttons).toEqual(['answerButtonClick', 'skipButtonClick', 'addCommentButtonClick']);
    const log = await portal.log();
    const fired = log.filter((e) => /^fire (initialized|entityChanged) /.test(e.text)).map((e) => e.text);
    expect(fired).toEqual([
      expect.stringMatching(/^fire initialized \{"CALL_ID":"externalCall\..*delivered to 1 bind\(s\)/),
      expect.stringMatching(/^fire entityChanged \{.*"CRM_ENTITY_ID":17.*delivered to 1 bind\(s\)/),
    ]);

    // The worker titles the card with the CRM name it looked up.
    const frame = page.frameLocator('iframe[data-app="0"]');
    await expectText(frame, 'name', 'Anna Schmidt');
    await until(
      () => portal.card(),
      (c) => c.title === 'Anna Schmidt' && c.statusText === 'Call from Anna Schmidt',
      'title',
    );
    await expectText(page, 'card-title', 'Anna Schmidt');
    await expectText(page, 'card-status', 'Call from Anna Schmidt');

    // Answer from the test, hang up from the card on the page: the worker answers both.
    expect(await portal.press('answerButtonClick')).toEqual({
      event: 'BackgroundCallCard::answerButtonClick',
      delivered: 1,
    });
    const connected = await until(
      () => portal.card(),
      (c) => c.uiState === 'connected',
      'connected',
    );
    expect(connected.timer.running).toBe(true);
    expect(await portal.press('answerButtonClick')).toBeNull(); // not on the card any more
    await page.click('[data-testid="card-hangupButtonClick"]');
    await until(
      () => portal.card(),
      (c) => c.statusText === 'Call ended',
      'status text',
    );

    // Every command the worker sent, and what the portal answered.
    const commands = await portal.commands();
    expect(commands.map((c) => c.command)).toEqual(
      expect.arrayContaining(['CallCardSetCardTitle', 'CallCardSetStatusText', 'CallCardSetUiState']),
    );
    for (const c of commands) expect(c.answers, c.command).toEqual([[]]);

    // The backend finishes the call: the card closes, a call activity is in the CRM.
    expect((await rest('telephony.externalCall.finish', { CALL_ID, USER_ID: 1, DURATION: 42 })).result).toMatchObject({
      CALL_ID,
      CALL_DURATION: 42,
    });
    expect(await portal.waitForCard({ open: false })).toMatchObject({ closed: true, callState: 'idle', buttons: [] });
    const activities = await rest('crm.activity.list', { filter: { OWNER_TYPE_ID: 3, OWNER_ID: 17 } });
    expect(activities.result).toEqual([expect.objectContaining({ ORIGIN_ID: `VI_${CALL_ID}`, DIRECTION: '1' })]);
    expect((await portal.restLog()).map((r) => r.method)).toEqual(
      expect.arrayContaining(['telephony.externalCall.register', 'telephony.externalCall.finish', 'crm.activity.list']),
    );
  });

  it('the webhook shows and hides a call; another user’s call is listed, not opened', async () => {
    const portal = simulatorPage(page);
    const rest = restOf(sim);
    const hook = webhook(sim);
    const other = await rest('telephony.externalCall.register', { USER_ID: 2, PHONE_NUMBER: '+15550201', TYPE: 2 });
    await until(
      () => portal.calls(),
      (c) => c.length === 1,
      'listed',
    );
    expect((await portal.card()).open).toBe(false);
    const mine = await rest('telephony.externalCall.register', {
      USER_ID: 1,
      PHONE_NUMBER: '+15550201',
      TYPE: 1,
      SHOW: 0,
    });
    await until(
      () => portal.calls(),
      (c) => c.length === 2,
      'listed',
    );
    expect((await portal.card()).open).toBe(false); // SHOW=0
    expect((await hook('telephony.externalCall.show', { CALL_ID: mine.result.CALL_ID })).result).toBe(true);
    expect(await portal.waitForCard({ callId: mine.result.CALL_ID })).toMatchObject({ uiState: 'outgoing' });
    expect((await hook('telephony.externalCall.hide', { CALL_ID: mine.result.CALL_ID })).result).toBe(true);
    await portal.waitForCard({ open: false });
    // A page opened now catches up: the hidden call stays closed, the list is there.
    const again = await browser.newPage();
    await again.goto(sim.url);
    const later = simulatorPage(again);
    await until(
      () => later.calls(),
      (c) => c.length === 2,
      'caught up',
    );
    expect((await later.card()).open).toBe(false);
    await hook('telephony.externalCall.show', { CALL_ID: mine.result.CALL_ID });
    await later.waitForCard({ callId: mine.result.CALL_ID });
    await again.close();
    // ... and one opened while the call is shown opens the card at once.
    const third = await browser.newPage();
    await third.goto(sim.url);
    await simulatorPage(third).waitForCard({ callId: mine.result.CALL_ID });
    await third.close();
    await rest('telephony.externalCall.finish', { CALL_ID: other.result.CALL_ID, USER_ID: 2 });
    await rest('telephony.externalCall.finish', { CALL_ID: mine.result.CALL_ID, USER_ID: 1 });
  });

  it('plays a call scenario, each step in the log', async () => {
    const portal = simulatorPage(page);
    await portal.playScenario('incoming', { stepMs: 50 });
    const steps = (await portal.log()).filter((e) => e.text.startsWith('scenario "Incoming call, answered"'));
    expect(steps.map((e) => e.text)).toEqual([
      expect.stringMatching(/: 7 steps$/),
      expect.stringMatching(/1\/7: incoming: your backend registers an incoming call/),
      expect.stringMatching(/2\/7: press answerButtonClick$/),
      expect.stringMatching(/3\/7: the call connects/),
      expect.stringMatching(/4\/7: press holdButtonClick$/),
      expect.stringMatching(/5\/7: press holdButtonClick$/),
      expect.stringMatching(/6\/7: press hangupButtonClick$/),
      expect.stringMatching(/7\/7: your backend finishes the call/),
      expect.stringMatching(/: done$/),
    ]);
    expect((await portal.card()).open).toBe(false);
    // From the panel too.
    await page.click('[data-testid="scenario-outgoing"]');
    await expectText(page, 'card-title', /./);
    await until(
      () => portal.log(),
      (l) => l.some((e) => e.text === 'scenario "Outgoing call": done'),
      'the panel scenario',
      15_000,
    );
  });
});

/** A page with the probe app in `mode` (see e2e/fixtures/probe-app/src/main.js). */
async function probe(
  sim: Simulator,
  mode: string,
  placement?: string,
): Promise<{ page: Page; frame: () => Promise<Frame> }> {
  const page = await browser.newPage();
  await page.goto(sim.url);
  await page.evaluate(
    async ({ m, p }) => {
      const cfg = (window as any).__SIMULATOR_CONFIG__;
      cfg.apps[0].url = cfg.apps[0].url.replace(/#.*$/, '') + '#' + m;
      if (p) await (window as any).simulator.setPlacement(p);
      else await (window as any).simulator.reload();
    },
    { m: mode, p: placement },
  );
  const frame = async () => (await (await page.waitForSelector('iframe[data-app="0"]')).contentFrame())!;
  await expectText(page.frameLocator('iframe[data-app="0"]'), 'bound', 'yes', 8000);
  return { page, frame };
}

type RunResult = { ok: boolean; value?: unknown; reason?: string | null; errorCode?: string | null };
const runIn = (frame: Frame, command: string, params: unknown = {}): Promise<RunResult> =>
  frame.evaluate(([c, p]) => (window as any).run(c, p), [command, params] as const);

describe('the card answers commands as the portal does', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await simulate([{ dir: APPS.probe, label: 'probe' }]);
  });
  afterAll(async () => {
    await sim?.close();
  });

  it('our client drives the card with every command; "Call card is undefined" before and after the call', async () => {
    const { page, frame } = await probe(sim, 'commands');
    const portal = simulatorPage(page);
    const f = await frame();
    expect(await runIn(f, 'CallCardSetMute', { muted: true })).toMatchObject({
      ok: false,
      reason: 'NO_CARD',
      errorCode: 'Call card is undefined',
    });
    expect((await runIn(f, 'CallCardGetListUiStates')).value).toHaveLength(12);

    const { result } = await restOf(sim)('telephony.externalCall.register', {
      USER_ID: 1,
      PHONE_NUMBER: '+15550300',
      TYPE: 2,
    });
    await portal.waitForCard({ callId: result.CALL_ID });
    expect(await runIn(f, 'CallCardSetMute', { muted: true })).toEqual({ ok: true, value: null });
    expect(await runIn(f, 'CallCardSetHold', { held: true })).toEqual({ ok: true, value: null });
    expect(await runIn(f, 'CallCardSetCardTitle', { title: 'Dmitri (lead)' })).toEqual({ ok: true, value: null });
    expect(await runIn(f, 'CallCardSetStatusText', { statusText: 'Asks for a quote' })).toEqual({
      ok: true,
      value: null,
    });
    expect(await runIn(f, 'CallCardSetUiState', { uiState: 'connected', disableAutoStartTimer: true })).toEqual({
      ok: true,
      value: null,
    });
    let card = await portal.card();
    expect(card).toMatchObject({
      muted: true,
      held: true,
      title: 'Dmitri (lead)',
      statusText: 'Asks for a quote',
      uiState: 'connected',
    });
    expect(card.timer.running).toBe(false); // disableAutoStartTimer
    await expectText(page, 'card-title', 'Dmitri (lead)');
    await expectText(page, 'card-status', 'Asks for a quote');
    await expectText(page, 'card-badges', /muted\s+on hold/);
    // The browser never answers the timers: silence is success.
    expect(await runIn(f, 'CallCardStartTimer')).toEqual({ ok: true, value: null });
    expect((await portal.card()).timer.running).toBe(true);
    expect(await runIn(f, 'CallCardStopTimer')).toEqual({ ok: true, value: null });
    expect((await portal.card()).timer.running).toBe(false);
    // Only the buttons of the UI state are on the card.
    const shown = await page.$$eval('[data-testid="card-buttons"] button', (b) =>
      b.map((x) => x.getAttribute('data-testid')),
    );
    expect(shown).toEqual((await portal.card()).buttons.map((b) => `card-${b}`));
    expect(shown).toContain('card-hangupButtonClick');
    expect(await runIn(f, 'CallCardClose')).toEqual({ ok: true, value: null });
    card = await portal.card();
    expect(card).toMatchObject({ open: false, closed: true });
    expect(await runIn(f, 'CallCardSetStatusText', { statusText: 'x' })).toMatchObject({
      ok: false,
      reason: 'NO_CARD',
    });

    const commands = await portal.commands();
    const answers = Object.fromEntries(commands.map((c) => [c.command, c.answers]));
    expect(answers).toMatchObject({
      CallCardStartTimer: 'never answered',
      CallCardStopTimer: 'never answered',
      CallCardClose: [[]],
      CallCardSetStatusText: [[{ result: 'error', errorCode: 'Call card is undefined' }]],
    });
    await restOf(sim)('telephony.externalCall.finish', { CALL_ID: result.CALL_ID, USER_ID: 1 });
    await page.close();
  });

  it('the desktop client answers the timers and reports missing fields (panel toggle)', async () => {
    const { page, frame } = await probe(sim, 'commands');
    const portal = simulatorPage(page);
    await page.selectOption('#client-mode', 'desktop');
    expect(await page.evaluate(() => (window as any).simulator.clientMode)).toBe('desktop');
    const { result } = await restOf(sim)('telephony.externalCall.register', {
      USER_ID: 1,
      PHONE_NUMBER: '+15550300',
      TYPE: 2,
    });
    await portal.waitForCard({ callId: result.CALL_ID });
    const f = await frame();
    expect(await runIn(f, 'CallCardStopTimer', {})).toEqual({ ok: true, value: null });
    // A command sent raw (our client checks params first): the desktop app answers twice.
    await f.evaluate(() => {
      const [domain, , sid] = window.name.split('|');
      parent.postMessage(`CallCardSetHold:{}:rawcb:${sid}`, `http://${domain}`);
    });
    await until(
      () => portal.commands(),
      (c) => c.some((x) => x.command === 'CallCardSetHold'),
      'raw command',
    );
    const last = (await portal.commands()).filter((c) => ['CallCardStopTimer', 'CallCardSetHold'].includes(c.command));
    expect(last.map((c) => [c.command, c.mode, c.answers])).toEqual([
      ['CallCardStopTimer', 'desktop', [[]]],
      ['CallCardSetHold', 'desktop', [[{ result: 'error', errorCode: 'missing field held' }], []]],
    ]);
    await restOf(sim)('telephony.externalCall.finish', { CALL_ID: result.CALL_ID, USER_ID: 1 });
    await page.close();
  });

  it('plain @bitrix24/b24jssdk (no code of ours) drives the card through placement.call', async () => {
    const { page, frame } = await probe(sim, 'plain-commands');
    const portal = simulatorPage(page);
    const { result } = await restOf(sim)('telephony.externalCall.register', {
      USER_ID: 1,
      PHONE_NUMBER: '+15550300',
      TYPE: 2,
    });
    await portal.waitForCard({ callId: result.CALL_ID });
    const f = await frame();
    expect((await runIn(f, 'CallCardSetCardTitle', { title: 'Set by b24jssdk' })).ok).toBe(true);
    expect((await runIn(f, 'CallCardSetUiState', { uiState: 'connected' })).ok).toBe(true);
    expect(await portal.card()).toMatchObject({ title: 'Set by b24jssdk', uiState: 'connected' });
    const sent = (await portal.commands()).find((c) => c.command === 'CallCardSetCardTitle')!;
    expect(sent.params).toMatchObject({ title: 'Set by b24jssdk' });
    expect(sent.answers).toEqual([[]]);
    await restOf(sim)('telephony.externalCall.finish', { CALL_ID: result.CALL_ID, USER_ID: 1 });
    await page.close();
  });

  it('a CALL_CARD tab: getStatus, PLACEMENT_OPTIONS as strings, BeforeClose twice while it kept the card open', async () => {
    const { page, frame } = await probe(sim, 'commands', 'CALL_CARD');
    const portal = simulatorPage(page);
    // The tab apps are framed inside the card.
    expect(await page.$('#card-tabs iframe[data-app="0"]')).not.toBeNull();
    let f = await frame();
    expect(await runIn(f, 'getStatus')).toMatchObject({ ok: false, reason: 'NO_CARD' });
    const { result } = await restOf(sim)('telephony.externalCall.register', {
      USER_ID: 1,
      PHONE_NUMBER: '+15550100',
      TYPE: 2,
    });
    await portal.waitForCard({ callId: result.CALL_ID });
    // The tab loaded with the card gets the call in PLACEMENT_OPTIONS, in the portal's string form.
    await portal.reload();
    await expectText(page.frameLocator('iframe[data-app="0"]'), 'bound', 'yes', 8000);
    const init = (await portal.log())
      .filter((e) => e.dir === 'portal→app' && e.text.includes('"PLACEMENT":"CALL_CARD"'))
      .at(-1)!;
    expect(init.text).toContain(`"PLACEMENT_OPTIONS":{"CALL_ID":"${result.CALL_ID}"`);
    expect(init.text).toContain('"CRM_ENTITY_ID":"17","CRM_ACTIVITY_ID":"undefined"');
    expect(init.text).toContain('"CALL_LIST_MODE":"false"');
    f = await frame();
    await f.evaluate(() => (window as any).on('beforeClose'));
    await portal.waitForBind('BeforeClose');
    expect(await runIn(f, 'getStatus')).toMatchObject({ ok: true });
    expect(await runIn(f, 'disableAutoClose')).toEqual({ ok: true, value: null });
    // The call ends: the card tries to close (BeforeClose) and stays, as the tab asked.
    await restOf(sim)('telephony.externalCall.finish', { CALL_ID: result.CALL_ID, USER_ID: 1, DURATION: 5 });
    const held = await until(
      () => portal.card(),
      (c) => c.autoCloseHoldUntil !== null,
      'the hold',
    );
    expect(held).toMatchObject({ open: true, callState: 'idle' });
    await expectText(page, 'card-badges', /closing in \d+ s/);
    await until(
      () => f.evaluate(() => (window as any).events.length),
      (n) => n === 1,
      'first BeforeClose',
    );
    expect(await runIn(f, 'getStatus')).toMatchObject({ ok: true });
    // Released: the card closes now, BeforeClose a second time.
    expect(await runIn(f, 'enableAutoClose')).toEqual({ ok: true, value: null });
    await portal.waitForCard({ open: false });
    await until(
      () => f.evaluate(() => (window as any).events.map((e: any) => e.event)),
      (e) => e.length === 2,
      'second BeforeClose',
    );
    expect(await runIn(f, 'getStatus')).toMatchObject({ ok: false, reason: 'NO_CARD' });
    // The worker's events are not CALL_CARD's: a press delivers nothing, and says why.
    expect(await portal.fire('hangupButtonClick')).toEqual({
      event: 'BackgroundCallCard::hangupButtonClick',
      delivered: 0,
      reason: 'not-in-placement',
    });
    await page.close();
  });
});

describe('the page itself', () => {
  it('warns when a frame never asks for getInitData; caps the log on screen; the placement select fits', async () => {
    const sim = await simulate([{ dir: APPS.evil, label: 'not a Bitrix24 app' }]);
    const page = await browser.newPage();
    const warnings: string[] = [];
    page.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
    try {
      await page.goto(sim.url);
      const portal = simulatorPage(page);
      await until(
        () => portal.log(),
        (l) => l.some((e) => e.flagged && /has not sent getInitData/.test(e.text)),
        'the getInitData warning',
      );
      expect(warnings.some((w) => /has not sent getInitData/.test(w))).toBe(true);
      await page.evaluate(() => {
        for (let i = 0; i < 700; i++) (window as any).simulator.fire('entityChanged', { i });
      });
      await until(
        () => page.$$eval('#log > div', (d) => d.length),
        (n) => n === 500,
        'lines on screen',
      );
      expect((await portal.log()).length).toBeGreaterThan(700);
      const fits = await page.$eval('#placement', (s) => {
        const probe = document.createElement('span');
        probe.style.font = getComputedStyle(s).font;
        probe.style.position = 'absolute'; // not a grid item of the page
        probe.textContent = 'PAGE_BACKGROUND_WORKER';
        document.body.appendChild(probe);
        const need = probe.getBoundingClientRect().width;
        probe.remove();
        return s.getBoundingClientRect().width - need;
      });
      expect(fits).toBeGreaterThan(20); // room for the arrow too
    } finally {
      await page.close();
      await sim.close();
    }
  });
});

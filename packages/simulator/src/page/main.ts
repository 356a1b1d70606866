/**
 * The simulator's portal page (runs in the browser): wires the portal engine (the frame protocol
 * and the card commands), the call card of the page's user (user 1), the app frames, the panel,
 * the log, the server's events and `window.simulator`.
 */
import { createCallCardModel, type ClientMode } from '../card/callCardModel';
import { createCrmSample } from '../crmSample';
import { createPortalEngine } from '../portal/portalEngine';
import { LOG_LINE_MAX, type InitData } from '../protocol';
import type { PortalPageConfig } from '../portalPage';
import { createPageApi, type SimulatorPageApi } from './api';
import { createCardView, type CardSimAction } from './cardView';
import { createFrames, type FrameAuth } from './frames';
import { createBackendRest, post } from './http';
import { createLog, type LogEntry } from './log';
import { createLogView } from './logView';
import { createPanel } from './panel';
import { createWireRecords } from './records';
import { createScenarioPlayer, SCENARIOS, type ScenarioId } from './scenarios';
import { createServerEvents } from './serverEvents';

/** The page's user: `profile` answers 1, and only this user's calls open the card here. */
const USER_ID = 1;

const page = window as unknown as { __SIMULATOR_CONFIG__: PortalPageConfig; simulator: SimulatorPageApi };
const config = page.__SIMULATOR_CONFIG__;
const crm = config.crm ?? createCrmSample();
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const portalHost = location.host;
let placement = config.placement;
let mode: ClientMode = config.clientMode === 'desktop' ? 'desktop' : 'browser';

// The log: capped by total size (each line masked and cut), the last lines on screen.
const log = createLog();
const logView = createLogView($('log'));
const addLog = (dir: LogEntry['dir'], app: string, text: string, flagged = false): void =>
  logView.add(log.add(dir, app, text, flagged));
const simLog = (text: string, flagged = false) => addLog('sim', '', text, flagged);

const backendRest = createBackendRest();

const card = createCallCardModel();

const engine = createPortalEngine({
  placement: () => placement,
  mode: () => mode,
  card,
  post: (id, text) => {
    records.posted(id, text);
    frames.post(id, text);
  },
  initData,
  refresh,
  // Room for the page log's own "… (+N chars)" note.
  maxLogLine: LOG_LINE_MAX - 40,
  log: (e) => addLog(e.dir, e.app === null ? '' : (frames.get(e.app)?.label ?? `app #${e.app}`), e.text, e.flagged),
  now: () => performance.now(),
  onBindsChanged: (id) => frames.showBinds(id, engine.binds(id).length),
});

const records = createWireRecords({
  engine,
  placement: () => placement,
  mode: () => mode,
  appInfo: (id) => {
    const f = frames.get(id);
    return { index: f?.index ?? -1, label: f?.label ?? `app #${id}` };
  },
});

const frames = createFrames({
  apps: () => config.apps,
  addApp: (id, sid) => records.addApp(id, sid),
  removeApp: (id) => records.removeApp(id),
  receive: (id, data) => records.receive(id, data),
  initReceived: (id) => engine.marks(id)?.initReceived != null,
  token: () => post('/sim/token') as Promise<unknown> as Promise<FrameAuth>,
  log: addLog,
});

function initData(id: number): InitData {
  const app = frames.get(id)!;
  return {
    DOMAIN: portalHost,
    PROTOCOL: location.protocol === 'https:' ? 1 : 0,
    PATH: '/rest',
    LANG: 'en',
    AUTH_ID: app.auth.AUTH_ID,
    REFRESH_ID: app.auth.REFRESH_ID,
    AUTH_EXPIRES: app.auth.AUTH_EXPIRES,
    MEMBER_ID: 'sim0000000000000000000000000001',
    IS_ADMIN: panel.isAdmin(),
    APP_OPTIONS: {},
    USER_OPTIONS: {},
    PLACEMENT: placement,
    // A CALL_CARD tab gets the card's call, in the portal's string form ({} with no call).
    PLACEMENT_OPTIONS:
      placement === 'PAGE_BACKGROUND_WORKER'
        ? { ID: 'PAGE_BACKGROUND_WORKER', URI: '/crm/deal/' }
        : placement === 'CALL_CARD'
          ? engine.tabPlacementOptions()
          : {},
    INSTALL: false,
    // A background worker only runs once the app is installed, so this is never its first run.
    FIRST_RUN: false,
  };
}

async function refresh(id: number): Promise<Record<string, unknown> | null> {
  const app = frames.get(id);
  if (!app) return null;
  const next = await post('/sim/refresh', { refresh: app.auth.REFRESH_ID });
  if (typeof next.AUTH_ID === 'string') {
    app.auth = next as unknown as FrameAuth;
    const { DOMAIN, PROTOCOL, MEMBER_ID } = initData(id);
    return { ...next, DOMAIN, PROTOCOL, MEMBER_ID };
  }
  addLog('sim', app.label, `refreshAuth refused: ${JSON.stringify(next)}`, true);
  return next; // no AUTH_ID: the app learns at once that it got no token
}

/** Runs a panel or card action; what it throws goes to the log instead of the console only. */
const safely = (what: string, fn: () => unknown): void => {
  try {
    const r = fn();
    if (r instanceof Promise) r.catch((e: unknown) => simLog(`${what}: ${String((e as Error)?.message ?? e)}`, true));
  } catch (e) {
    simLog(`${what}: ${String((e as Error)?.message ?? e)}`, true);
  }
};

function onSim(action: CardSimAction): void {
  const call = card.getState().call;
  if (!call) return simLog(`${action}: no call`, true);
  const { CALL_ID } = call;
  switch (action) {
    case 'connect':
      simLog(`simulator: the call ${CALL_ID} connects`);
      return card.connect();
    case 'end':
      simLog(`simulator: the call ${CALL_ID} ends`);
      return card.end();
    case 'busy':
      simLog(`simulator: the call ${CALL_ID} fails: busy (486)`);
      return card.end('486');
    case 'hide':
      return safely('.hide', () => backendRest('telephony.externalCall.hide', { CALL_ID, USER_ID }));
    case 'finish': {
      const t = card.getState().timer;
      const duration =
        t.startedAt === null
          ? 0
          : Math.round(((t.running ? Date.now() : (t.stoppedAt ?? t.startedAt)) - t.startedAt) / 1000);
      return safely('.finish', () =>
        backendRest('telephony.externalCall.finish', {
          CALL_ID,
          USER_ID,
          DURATION: duration,
          STATUS_CODE: duration ? '200' : '304',
        }),
      );
    }
  }
}

const cardView = createCardView($('card'), {
  card,
  crm,
  onPress: (button) => safely(button, () => engine.press(button)),
  onSim,
});

const showMeta = () => {
  $('meta').textContent =
    `portal ${portalHost} · placement ${placement} · ${mode} client · ${frames.list().length} app(s) · user ${USER_ID}`;
};

async function loadApps(): Promise<void> {
  const inTab = placement === 'CALL_CARD';
  const list = $('frames');
  await frames.reload(inTab ? cardView.tabs : list, 'No app loaded. Start with: npx @b24-callcard/simulator <app-url>');
  // In CALL_CARD the apps are the card's tabs: the list beside the card is not needed.
  list.hidden = inTab;
  showMeta();
}

const player = createScenarioPlayer({
  engine,
  card,
  crm,
  rest: backendRest,
  waitForCard: (callId, timeoutMs) => api.waitForCard({ callId, timeoutMs }),
  log: (text, flagged) => simLog(text, flagged),
  userId: USER_ID,
});

function play(id: ScenarioId, options?: { stepMs?: number }): Promise<void> {
  const title = SCENARIOS.find((s) => s.id === id)?.title ?? id;
  panel.showScenario(`playing "${title}"…`);
  const done = player.play(id, options);
  done.then(
    () => panel.showScenario(`"${title}" done`),
    (e: unknown) => panel.showScenario(`"${title}": ${String((e as Error)?.message ?? e)}`),
  );
  return done;
}

function setPlacement(p: string): Promise<void> {
  placement = p;
  panel.showPlacement(p);
  cardView.setPlacement(p);
  return loadApps();
}

function setMode(m: ClientMode): void {
  mode = m;
  panel.showMode(m);
  showMeta();
  simLog(
    `client mode: ${m} — card commands are answered as the ${m === 'desktop' ? 'Bitrix24 desktop app' : 'browser'} does`,
  );
}

/** A client picked in the panel: shown in the open card (when the payload is well formed), and announced. */
function entity(payload: Record<string, unknown>): void {
  const id = payload.CRM_ENTITY_ID;
  if (
    card.getState().open &&
    typeof id === 'number' &&
    Number.isInteger(id) &&
    id >= 0 &&
    typeof payload.CRM_ENTITY_TYPE === 'string'
  ) {
    card.setEntity({
      PHONE_NUMBER: String(payload.PHONE_NUMBER ?? ''),
      CRM_ENTITY_TYPE: payload.CRM_ENTITY_TYPE,
      CRM_ENTITY_ID: id,
    });
  }
  safely('entityChanged', () => engine.fire('entityChanged', payload));
}

const panel = createPanel({
  config,
  crm,
  setPlacement: (p) => void setPlacement(p),
  setMode,
  fire: (name, payload) => safely(name, () => engine.fire(name, payload)),
  entity,
  setHidden: (h) => document.body.classList.toggle('hidden-frames', h),
  setAdmin: (value) => void post('/sim/admin', { value }),
  reload: () => void loadApps(),
  expire: () => void post('/sim/expire').then(() => simLog('every REST token is now expired')),
  play: (id) => void play(id).catch(() => {}),
  stop: () => player.stop(),
});

const serverEvents = createServerEvents({
  engine,
  card,
  userId: USER_ID,
  log: (dir, text, flagged) => addLog(dir, '', text, flagged),
  onCardOpened: () => {
    // On the portal a tab is created with its card, the call in PLACEMENT_OPTIONS. Here the tab
    // apps stay loaded (they get CallCard::EntityChanged now, and getStatus works); a reload
    // loads them as the portal would, with this call in PLACEMENT_OPTIONS.
    if (placement === 'CALL_CARD') {
      simLog(
        'CALL_CARD: the tab apps stay loaded; "Reload apps" loads them as with a new card, the call in PLACEMENT_OPTIONS',
      );
    }
  },
  // A call registered with SHOW=0 sends no call event: the list is read again after telephony calls.
  onRest: (item) => {
    if (/^telephony\.externalcall\./i.test(item.method))
      void fetchCalls().then((body) => body && serverEvents.list(body));
  },
  onCallsChanged: () => panel.showCalls(serverEvents.calls()),
});

function fetchCalls(): Promise<unknown> {
  return fetch('/sim/calls')
    .then((r) => r.json() as Promise<unknown>)
    .catch((e: unknown) => simLog(`GET /sim/calls failed: ${String(e)}`, true));
}

const api = createPageApi({
  engine,
  card,
  log: log.entries,
  apps: () =>
    frames.list().map((f) => {
      const m = engine.marks(f.id);
      return {
        index: f.index,
        label: f.label,
        url: f.url,
        origin: f.origin,
        binds: engine.binds(f.id),
        marks: {
          inserted: f.inserted,
          initReceived: m?.initReceived ?? null,
          initAnswered: m?.initAnswered ?? null,
          binds: m?.binds ?? [],
        },
      };
    }),
  bindsOf: (index) => {
    const f = frames.list()[index];
    return f ? records.bindsOf(f.id) : [];
  },
  commands: () => records.commands(),
  restLog: () => serverEvents.restLog(),
  calls: () => serverEvents.calls(),
  placement: () => placement,
  setPlacement,
  clientMode: () => mode,
  setClientMode: setMode,
  reload: loadApps,
  playScenario: play,
});
page.simulator = api;

// The server's events: REST calls, and the calls shown, hidden and finished.
const events = new EventSource('/sim/events');
events.onmessage = (m: MessageEvent) => {
  let data: unknown;
  try {
    data = JSON.parse(m.data as string);
  } catch {
    return simLog(`server event that is no JSON: ${String(m.data).slice(0, 200)}`, true);
  }
  serverEvents.handle(data);
};
// Once connected (and after a reconnect), catch up with the calls shown meanwhile.
events.onopen = () => void fetchCalls().then((body) => body && serverEvents.catchUp(body));

panel.showPlacement(placement);
panel.showMode(mode);
cardView.setPlacement(placement);
panel.showCalls([]);
showMeta();
if (mode === 'desktop') simLog('client mode: desktop — card commands are answered as the Bitrix24 desktop app does');
void loadApps();

/**
 * The simulator's portal page (runs in the browser). It plays the portal's side of the frame
 * protocol for each app frame: answers getInitData, records placementBindEvent, fires events to
 * the binds that asked for them, and logs every message both ways.
 */
import { createCrmSample, recordLabel, recordPhone, type CrmSample } from '../crmSample';
import { BACKGROUND_EVENTS, formatAnswer, parseCommand, PLACEMENTS, type InitData } from '../protocol';
import type { PortalPageConfig } from '../portalPage';

interface Bind {
  event: string;
  callback: string;
  at: number;
}

interface AppFrame {
  index: number;
  label: string;
  url: string;
  origin: string;
  sid: string;
  iframe: HTMLIFrameElement;
  binds: Bind[];
  auth: { AUTH_ID: string; REFRESH_ID: string; AUTH_EXPIRES: string };
  /** performance.now() marks: frame inserted, getInitData received, answered, binds received. */
  marks: { inserted: number; initReceived: number | null; initAnswered: number | null; binds: number[] };
  bindCountEl: HTMLElement;
}

/** One line of the message log. */
export interface LogEntry {
  at: number;
  dir: 'app→portal' | 'portal→app' | 'rest' | 'sim';
  app: string;
  text: string;
  flagged: boolean;
}

const config = (window as unknown as { __SIMULATOR_CONFIG__: PortalPageConfig }).__SIMULATOR_CONFIG__;
const crm: CrmSample = config.crm ?? createCrmSample();
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const portalHost = location.host;
let placement = config.placement;
let apps: AppFrame[] = [];
const log: LogEntry[] = [];
const logEl = $('log');
let scrollPending = false;

function addLog(dir: LogEntry['dir'], app: string, text: string, flagged = false): void {
  const entry = { at: Math.round(performance.now()), dir, app, text, flagged };
  log.push(entry);
  if (log.length > 5000) log.splice(0, log.length - 5000); // a simulator left open for days stays small
  const line = document.createElement('div');
  line.className = flagged ? 'bad' : dir === 'app→portal' ? 'in' : dir === 'portal→app' ? 'out' : 'rest';
  line.textContent = `${String(entry.at).padStart(7)} ms  ${dir.padEnd(10)} ${app.padEnd(14)} ${flagged ? '⚠ ' : ''}${text}`;
  logEl.appendChild(line);
  while (logEl.childElementCount > 500) logEl.firstElementChild?.remove();
  // Scroll once per frame: reading scrollHeight per line would force a layout on every message.
  if (!scrollPending) {
    scrollPending = true;
    requestAnimationFrame(() => {
      scrollPending = false;
      logEl.scrollTop = logEl.scrollHeight;
    });
  }
}

const newSid = () =>
  Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');

async function post(path: string, body: unknown = {}): Promise<Record<string, unknown>> {
  const res = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return (await res.json()) as Record<string, unknown>;
}

function initData(app: AppFrame): InitData {
  return {
    DOMAIN: portalHost,
    PROTOCOL: location.protocol === 'https:' ? 1 : 0,
    PATH: '/rest',
    LANG: 'en',
    AUTH_ID: app.auth.AUTH_ID,
    REFRESH_ID: app.auth.REFRESH_ID,
    AUTH_EXPIRES: app.auth.AUTH_EXPIRES,
    MEMBER_ID: 'sim0000000000000000000000000001',
    IS_ADMIN: ($('admin') as HTMLInputElement).checked,
    APP_OPTIONS: {},
    USER_OPTIONS: {},
    PLACEMENT: placement,
    PLACEMENT_OPTIONS:
      placement === 'PAGE_BACKGROUND_WORKER' ? { ID: 'PAGE_BACKGROUND_WORKER', URI: '/crm/deal/' } : {},
    INSTALL: false,
    // A background worker only runs once the app is installed, so this is never its first run.
    FIRST_RUN: false,
  };
}

function answer(app: AppFrame, callback: string, result?: unknown): void {
  const text = formatAnswer(callback, result);
  app.iframe.contentWindow?.postMessage(text, app.origin);
  addLog('portal→app', app.label, text.length > 300 ? text.slice(0, 300) + '…' : text);
}

const DENIED_OUTSIDE_DEFAULT = new Set(['setTitle', 'setScroll', 'reloadWindow']);

function onCommand(app: AppFrame, data: unknown): void {
  const raw = typeof data === 'string' ? data : JSON.stringify(data);
  const parsed = parseCommand(data);
  if (!parsed.ok) {
    addLog('app→portal', app.label, `${raw}  — malformed: ${parsed.reason}`, true);
    return;
  }
  const cmd = parsed.command;
  if (cmd.appSid !== app.sid) {
    addLog('app→portal', app.label, `${raw}  — dropped: appSid is not this frame's`, true);
    return;
  }
  addLog('app→portal', app.label, raw);
  switch (cmd.method) {
    case 'getInitData':
      app.marks.initReceived ??= performance.now();
      answer(app, cmd.callback, initData(app));
      app.marks.initAnswered ??= performance.now();
      return;
    case 'placementBindEvent': {
      const event = (cmd.params as { event?: unknown } | null)?.event;
      if (typeof event !== 'string' || !event) {
        addLog('sim', app.label, 'placementBindEvent without an event name: ignored', true);
        return;
      }
      // The portal never acknowledges a bind and keeps the callback forever.
      app.binds.push({ event, callback: cmd.callback, at: performance.now() });
      app.marks.binds.push(performance.now());
      app.bindCountEl.textContent = `${app.binds.length} bind(s)`;
      return;
    }
    case 'refreshAuth':
      void post('/sim/refresh', { refresh: app.auth.REFRESH_ID }).then(
        (next) => {
          if (typeof next.AUTH_ID === 'string') {
            app.auth = next as AppFrame['auth'];
            const { DOMAIN, PROTOCOL, MEMBER_ID } = initData(app);
            answer(app, cmd.callback, { ...next, DOMAIN, PROTOCOL, MEMBER_ID });
          } else {
            addLog('sim', app.label, `refreshAuth refused: ${JSON.stringify(next)}`, true);
            answer(app, cmd.callback, next); // no AUTH_ID: the app learns at once that it got no token
          }
        },
        (e: unknown) => addLog('sim', app.label, `refreshAuth failed: ${String(e)}`, true),
      );
      return;
    case 'setInstall':
    case 'setInstallFinish':
      answer(app, cmd.callback);
      return;
    case 'getInterface':
      answer(app, cmd.callback, {
        command: ['CallCardSetUiState'],
        event: BACKGROUND_EVENTS.map(([name]) => `BackgroundCallCard::${name}`),
      });
      return;
    default:
      if (DENIED_OUTSIDE_DEFAULT.has(cmd.method) && placement !== 'DEFAULT') {
        addLog('sim', app.label, `${cmd.method} is denied outside the DEFAULT placement (as on a real portal)`);
      } else {
        addLog('sim', app.label, `${cmd.method}: not simulated, no answer`);
      }
  }
}

window.addEventListener('message', (e: MessageEvent) => {
  const app = apps.find((a) => a.iframe.contentWindow === e.source);
  if (!app) {
    addLog('app→portal', '?', `message from a window that is no app frame (origin ${e.origin}): ignored`, true);
    return;
  }
  if (e.origin !== app.origin) {
    addLog('app→portal', app.label, `message from origin ${e.origin}, expected ${app.origin}: ignored`, true);
    return;
  }
  try {
    onCommand(app, e.data);
  } catch (err) {
    addLog('sim', app.label, `failed to handle a message: ${String(err)}`, true);
  }
});

/** Fires `event` with `payload` to every bind that asked for it. Returns the number of deliveries. */
function fireExact(event: string, payload?: unknown): number {
  let n = 0;
  for (const app of apps) {
    for (const bind of app.binds) {
      if (bind.event !== event) continue;
      answer(app, bind.callback, payload);
      n++;
    }
  }
  return n;
}

/** The CallCard placement's twin of a BackgroundCallCard event (`entityChanged` → `EntityChanged`). */
const twin = (name: string) => `CallCard::${name[0]!.toUpperCase()}${name.slice(1)}`;

/**
 * Fires a call-card event as the portal does: `BackgroundCallCard::<name>` reaches the apps only
 * in the PAGE_BACKGROUND_WORKER placement and its `CallCard::` twin only in CALL_CARD; in any
 * other placement a bind silently never fires.
 */
function fire(name: string, payload?: unknown): number {
  addLog('sim', '', `fire ${name} ${payload === undefined ? '(no data)' : JSON.stringify(payload)}`);
  if (placement === 'PAGE_BACKGROUND_WORKER') return fireExact(`BackgroundCallCard::${name}`, payload);
  if (placement === 'CALL_CARD') return fireExact(twin(name), payload);
  addLog('sim', '', `placement ${placement} has no call-card events: nothing delivered`);
  return 0;
}

let generation = 0;

async function loadApps(): Promise<void> {
  const current = ++generation;
  const host = $('frames');
  // Tokens first, so getInitData can be answered synchronously when the frame asks.
  const tokens = await Promise.all(config.apps.map(() => post('/sim/token')));
  if (current !== generation) return; // a newer reload took over
  host.textContent = '';
  apps = [];
  for (const [index, { url, label }] of config.apps.entries()) {
    const auth = tokens[index] as AppFrame['auth'];
    const box = document.createElement('div');
    box.className = 'app';
    const title = document.createElement('div');
    title.className = 'title';
    const name = document.createElement('span');
    name.textContent = label;
    const binds = document.createElement('span');
    binds.className = 'binds';
    binds.textContent = '0 bind(s)';
    title.append(name, binds);
    const iframe = document.createElement('iframe');
    const sid = newSid();
    // DOMAIN|PROTOCOL|APP_SID, exactly what the portal gives its frames.
    iframe.name = `${portalHost}|${location.protocol === 'https:' ? 1 : 0}|${sid}`;
    iframe.title = label;
    iframe.dataset.app = String(index);
    const app: AppFrame = {
      index,
      label,
      url,
      origin: new URL(url, location.href).origin,
      sid,
      iframe,
      binds: [],
      auth,
      marks: { inserted: 0, initReceived: null, initAnswered: null, binds: [] },
      bindCountEl: binds,
    };
    apps.push(app);
    box.append(title, iframe);
    host.appendChild(box);
    app.marks.inserted = performance.now();
    iframe.src = url;
  }
  $('meta').textContent = `portal ${portalHost} · placement ${placement} · ${apps.length} app(s)`;
  if (apps.length === 0) {
    host.textContent = 'No app loaded. Start with: b24-callcard-simulator <app-url>';
  }
}

/** A panel button: a title and a grey detail, both set as text (CRM data never becomes HTML). */
function button(parent: HTMLElement, title: string, detail: string, onClick: () => void, testId?: string): void {
  const b = document.createElement('button');
  const small = document.createElement('small');
  small.textContent = detail;
  b.append(title, detail ? ' ' : '', small);
  if (testId) b.dataset.testid = testId;
  b.addEventListener('click', onClick);
  parent.appendChild(b);
}

function buildPanel(): void {
  const sel = $('placement') as HTMLSelectElement;
  for (const p of PLACEMENTS) sel.add(new Option(p, p, p === placement, p === placement));
  if (!PLACEMENTS.includes(placement as (typeof PLACEMENTS)[number]))
    sel.add(new Option(placement, placement, true, true));
  sel.addEventListener('change', () => {
    placement = sel.value;
    void loadApps();
  });
  const hidden = $('hidden') as HTMLInputElement;
  hidden.checked = config.hidden;
  hidden.addEventListener('change', () => document.body.classList.toggle('hidden-frames', hidden.checked));
  const admin = $('admin') as HTMLInputElement;
  admin.checked = config.isAdmin;
  admin.addEventListener('change', () => void post('/sim/admin', { value: admin.checked }));
  $('reload').addEventListener('click', () => void loadApps());
  $('expire').addEventListener(
    'click',
    () => void post('/sim/expire').then(() => addLog('sim', '', 'every REST token is now expired')),
  );

  const crmEl = $('crm');
  for (const type of ['CONTACT', 'COMPANY', 'LEAD', 'DEAL'] as const) {
    for (const r of crm[type]) {
      const phone = recordPhone(crm, type, r);
      button(
        crmEl,
        recordLabel(type, r),
        `${type} #${r.ID} · ${phone || 'no phone'}`,
        () =>
          fire('entityChanged', {
            PHONE_NUMBER: phone || 'hidden',
            CRM_ENTITY_TYPE: type,
            CRM_ENTITY_ID: Number(r.ID),
          }),
        `client-${type}-${r.ID}`,
      );
    }
  }
  const edge = $('edge');
  const edges: Array<[string, string, unknown]> = [
    [
      'hidden-number',
      'Hidden number (CONTACT #17)',
      { PHONE_NUMBER: 'hidden', CRM_ENTITY_TYPE: 'CONTACT', CRM_ENTITY_ID: 17 },
    ],
    [
      'unknown',
      'Call list client without phones ("unknown")',
      { PHONE_NUMBER: 'unknown', CRM_ENTITY_TYPE: 'CONTACT', CRM_ENTITY_ID: 19 },
    ],
    [
      'nothing-bound',
      'Nothing bound (new number)',
      { PHONE_NUMBER: '+15550777', CRM_ENTITY_TYPE: '', CRM_ENTITY_ID: 0 },
    ],
    [
      'string-id',
      'Id as a string ("31", LEAD)',
      { PHONE_NUMBER: '+15550300', CRM_ENTITY_TYPE: 'LEAD', CRM_ENTITY_ID: '31' },
    ],
    [
      'missing-record',
      'CRM record that does not exist (DEAL #999)',
      { PHONE_NUMBER: '+15550888', CRM_ENTITY_TYPE: 'DEAL', CRM_ENTITY_ID: 999 },
    ],
    [
      'malformed',
      'Malformed payload (negative id)',
      { PHONE_NUMBER: '+1', CRM_ENTITY_TYPE: 'CONTACT', CRM_ENTITY_ID: -5 },
    ],
  ];
  for (const [id, text, payload] of edges) button(edge, text, '', () => fire('entityChanged', payload), `edge-${id}`);

  $('c-fire').addEventListener('click', () => {
    const idText = ($('c-id') as HTMLInputElement).value.trim();
    const asString = ($('c-id-string') as HTMLInputElement).checked;
    fire('entityChanged', {
      PHONE_NUMBER: ($('c-phone') as HTMLInputElement).value,
      CRM_ENTITY_TYPE: ($('c-type') as HTMLSelectElement).value,
      CRM_ENTITY_ID: asString ? idText : Number(idText) || 0,
    });
  });

  const events = $('events');
  for (const [name, sample] of BACKGROUND_EVENTS) {
    if (name === 'entityChanged') continue;
    button(
      events,
      name,
      sample === undefined ? 'no data' : JSON.stringify(sample).slice(0, 40),
      () => fire(name, sample),
      `event-${name}`,
    );
  }
}

const sse = new EventSource('/sim/rest-log');
sse.onmessage = (m) => {
  const e = JSON.parse(m.data as string) as { method: string; params: unknown; status: number; error: string | null };
  addLog(
    'rest',
    '',
    `${e.method} ${JSON.stringify(e.params)} → ${e.status}${e.error ? ' ' + e.error : ''}`,
    e.status >= 500,
  );
};

/** The page's API, for tests, benchmarks and the browser console. */
const api = {
  get apps() {
    return apps.map((a) => ({
      label: a.label,
      url: a.url,
      origin: a.origin,
      binds: a.binds.map((b) => b.event),
      marks: a.marks,
    }));
  },
  log,
  fire,
  fireExact,
  setPlacement(p: string) {
    placement = p;
    ($('placement') as HTMLSelectElement).value = p;
    return loadApps();
  },
  reload: loadApps,
  /** The raw bind records (callback ids included): what a forged-message test needs to know. */
  bindsOf: (index: number) => apps[index]?.binds.map((b) => ({ ...b })) ?? [],
};
(window as unknown as { simulator: typeof api }).simulator = api;

buildPanel();
void loadApps();

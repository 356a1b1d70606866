/**
 * The simulator page without its DOM: the REST portal, the card, the engine, the wire records,
 * the server events, the scenario player and `window.simulator`, wired as `page/main.ts` wires
 * them, with fake app frames that record what the portal posts to them.
 */
import { createCallCardModel, type ClientMode } from '../src/card/callCardModel';
import { createPortalEngine } from '../src/portal/portalEngine';
import type { InitData } from '../src/protocol';
import { createRestPortal } from '../src/rest';
import { createPageApi } from '../src/page/api';
import { createLog, type LogEntry } from '../src/page/log';
import { createWireRecords } from '../src/page/records';
import { createScenarioPlayer } from '../src/page/scenarios';
import { createServerEvents } from '../src/page/serverEvents';

const initData = (placement: string): InitData => ({
  DOMAIN: 'localhost:4000',
  PROTOCOL: 0,
  PATH: '/rest',
  LANG: 'en',
  AUTH_ID: 'a',
  REFRESH_ID: 'r',
  AUTH_EXPIRES: '3600',
  MEMBER_ID: 'm',
  IS_ADMIN: true,
  APP_OPTIONS: {},
  USER_OPTIONS: {},
  PLACEMENT: placement,
  PLACEMENT_OPTIONS: {},
  INSTALL: false,
  FIRST_RUN: false,
});

export function pageHarness(options: { placement?: string; mode?: ClientMode } = {}) {
  const env = {
    placement: options.placement ?? 'PAGE_BACKGROUND_WORKER',
    mode: (options.mode ?? 'browser') as ClientMode,
    /** What the portal posted, per app id. */
    posts: new Map<number, string[]>(),
  };
  const rest = createRestPortal({ webhookCode: 'code' });
  const log = createLog(() => 0);
  const addLog = (dir: LogEntry['dir'], app: string, text: string, flagged = false) => log.add(dir, app, text, flagged);
  const labels = new Map<number, string>();
  const card = createCallCardModel();
  const engine = createPortalEngine({
    placement: () => env.placement,
    mode: () => env.mode,
    card,
    post: (id, text) => {
      records.posted(id, text);
      env.posts.get(id)?.push(text);
    },
    initData: () => initData(env.placement),
    refresh: () => Promise.resolve(null),
    log: (e) => addLog(e.dir, e.app === null ? '' : (labels.get(e.app) ?? ''), e.text, e.flagged),
  });
  const records = createWireRecords({
    engine,
    placement: () => env.placement,
    mode: () => env.mode,
    appInfo: (id) => ({ index: id, label: labels.get(id) ?? '' }),
    now: () => 0,
  });
  const serverEvents = createServerEvents({
    engine,
    card,
    log: (dir, text, flagged) => addLog(dir, '', text, flagged),
    now: () => 0,
  });
  // The server's events reach the page at once (the SSE stream, without the network).
  rest.onEvent((e) => serverEvents.handle(JSON.parse(JSON.stringify(e))));
  const { AUTH_ID } = rest.issueToken();
  const backend = (method: string, params: Record<string, unknown>): Promise<unknown> => {
    const a = rest.call(method, { ...params, auth: AUTH_ID });
    return a.body.error ? Promise.reject(new Error(String(a.body.error))) : Promise.resolve(a.body.result);
  };
  const player = createScenarioPlayer({
    engine,
    card,
    crm: rest.crm,
    rest: backend,
    waitForCard: (callId, timeoutMs) => api.waitForCard({ callId, timeoutMs }),
    log: (text, flagged) => addLog('sim', '', text, flagged),
    sleep: () => Promise.resolve(),
  });
  const api = createPageApi({
    engine,
    card,
    log: log.entries,
    apps: () => [],
    bindsOf: (index) => records.bindsOf(index),
    commands: () => records.commands(),
    restLog: () => serverEvents.restLog(),
    calls: () => serverEvents.calls(),
    placement: () => env.placement,
    setPlacement: (p) => {
      env.placement = p;
      return Promise.resolve();
    },
    clientMode: () => env.mode,
    setClientMode: (m) => {
      env.mode = m;
    },
    reload: () => Promise.resolve(),
    playScenario: (id, o) => player.play(id, o),
  });

  /** Adds a fake app frame with id `id` and sid `sid<id>`. */
  const addApp = (id: number, label = `app ${id}`) => {
    labels.set(id, label);
    env.posts.set(id, []);
    records.addApp(id, `sid${id}`);
  };
  const bind = (id: number, event: string, cb = `cb-${event.replace(/:/g, '_')}`) =>
    records.receive(id, `placementBindEvent:${JSON.stringify({ event })}:${cb}:sid${id}`);
  const cmd = (id: number, name: string, params: unknown = {}, cb = 'c1') =>
    records.receive(id, `${name}:${JSON.stringify(params)}:${cb}:sid${id}`);
  /** The posts to app `id` since the last call. */
  const take = (id: number) => env.posts.get(id)!.splice(0);
  const register = (params: Record<string, unknown> = {}) =>
    rest.call('telephony.externalCall.register', {
      auth: AUTH_ID,
      USER_ID: 1,
      PHONE_NUMBER: '+15550100',
      TYPE: 2,
      ...params,
    }).body.result as { CALL_ID: string };
  const call = (method: string, params: Record<string, unknown>) => rest.call(method, { auth: AUTH_ID, ...params });
  return { env, rest, log, card, engine, records, serverEvents, player, api, addApp, bind, cmd, take, register, call };
}

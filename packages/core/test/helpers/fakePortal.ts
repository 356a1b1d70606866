/**
 * A fake portal page for transport tests: the parent window of an app frame. It parses commands
 * the way the portal does (method = first field, appSid = last, callback = second to last,
 * params = the rest joined by ':'), answers getInitData, records binds, fires events.
 */
export interface FakeFrame {
  /** The app frame's window, as a transport sees it. */
  win: Window;
  /** The portal's window (the frame's parent). */
  parent: Window & { sent: Array<{ message: unknown; targetOrigin: string }> };
  /** Every command the app sent, parsed. */
  commands: Array<{ method: string; params: string; callback: string; appSid: string }>;
  /** Binds made, by event name → callback ids. */
  binds: Map<string, string[]>;
  /** Deliver a raw message to the app window. */
  post(data: unknown, origin?: string, source?: unknown): void;
  /** Fire a placement event to every bind for it. Returns how many binds got it. */
  fire(event: string, payload?: unknown): number;
  /** Answer pending getInitData commands (auto unless `manual`). */
  answerInit(): void;
  /**
   * Answers a command as the portal does: posts `"<callback>:" + JSON.stringify(answer)` (just
   * `"<callback>:"` for `undefined`) from the portal's origin.
   */
  reply(command: { callback: string }, answer?: unknown): void;
}

/** An answer that never comes (the portal is silent), for `answers` of {@link createFakeFrame}. */
export const NO_ANSWER: unique symbol = Symbol('no answer');

/** What the fake portal answers to `refreshAuth` by default: the portal's own shape (`AUTH_EXPIRES` in seconds). */
export const REFRESH_DATA = { AUTH_ID: 'token-2', REFRESH_ID: 'refresh-2', AUTH_EXPIRES: '3600' };

export const INIT_DATA = {
  DOMAIN: 'example.bitrix24.com',
  PROTOCOL: 1,
  PATH: '/rest',
  LANG: 'en',
  AUTH_ID: 'token-1',
  REFRESH_ID: 'refresh-1',
  AUTH_EXPIRES: '3600',
  MEMBER_ID: 'member-1',
  IS_ADMIN: true,
  APP_OPTIONS: {},
  USER_OPTIONS: {},
  PLACEMENT: 'PAGE_BACKGROUND_WORKER',
  PLACEMENT_OPTIONS: { ID: 'PAGE_BACKGROUND_WORKER', URI: '/crm/' },
  INSTALL: false,
  FIRST_RUN: false,
};

export function createFakeFrame(
  opts: {
    name?: string;
    origin?: string;
    manual?: boolean;
    init?: Record<string, unknown>;
    answerTwice?: boolean;
    /** The answer to `refreshAuth` (default {@link REFRESH_DATA}); `null`: never answer. */
    refresh?: unknown;
    /**
     * Answers to other commands, by method (e.g. `CallCardSetMute: []`), sent a microtask later
     * as `"<callback>:<JSON>"`; a function gets the parsed params (`undefined` for an empty
     * params field). A method not listed here, or {@link NO_ANSWER} (also from a function), is
     * never answered.
     */
    answers?: Readonly<Record<string, unknown>>;
  } = {},
): FakeFrame {
  const origin = opts.origin ?? 'https://example.bitrix24.com';
  const appSid = 'sid123';
  const commands: FakeFrame['commands'] = [];
  const binds = new Map<string, string[]>();
  const pendingInit: string[] = [];
  const target = new EventTarget();
  const sent: Array<{ message: unknown; targetOrigin: string }> = [];
  const parent = {
    sent,
    postMessage(message: unknown, targetOrigin: string) {
      sent.push({ message, targetOrigin });
      if (typeof message !== 'string') return;
      const parts = message.split(':');
      const cmd = {
        method: parts[0]!,
        appSid: parts[parts.length - 1]!,
        callback: parts[parts.length - 2]!,
        params: parts.slice(1, -2).join(':'),
      };
      commands.push(cmd);
      if (cmd.appSid !== appSid) return;
      if (cmd.method === 'getInitData') {
        pendingInit.push(cmd.callback);
        if (!opts.manual) queueMicrotask(() => frame.answerInit());
      }
      if (cmd.method === 'refreshAuth' && opts.refresh !== null) {
        const answer = opts.refresh === undefined ? REFRESH_DATA : opts.refresh;
        queueMicrotask(() => frame.post(`${cmd.callback}:${JSON.stringify(answer)}`));
      }
      const scripted = opts.answers;
      if (scripted && Object.prototype.hasOwnProperty.call(scripted, cmd.method)) {
        let answer = scripted[cmd.method];
        if (typeof answer === 'function') {
          answer = (answer as (params: unknown) => unknown)(cmd.params === '' ? undefined : JSON.parse(cmd.params));
        }
        if (answer !== NO_ANSWER) queueMicrotask(() => frame.reply(cmd, answer));
      }
      if (cmd.method === 'placementBindEvent') {
        const { event } = JSON.parse(cmd.params) as { event: string };
        binds.set(event, [...(binds.get(event) ?? []), cmd.callback]);
      }
    },
  } as unknown as FakeFrame['parent'];
  const win = Object.assign(target, {
    name: opts.name ?? `example.bitrix24.com|1|${appSid}`,
    parent,
  }) as unknown as Window;
  const frame: FakeFrame = {
    win,
    parent,
    commands,
    binds,
    post(data, from = origin, source = parent) {
      const e = new Event('message');
      Object.assign(e, { data, origin: from, source });
      target.dispatchEvent(e);
    },
    fire(event, payload) {
      const ids = binds.get(event) ?? [];
      for (const id of ids) frame.post(`${id}:${payload === undefined ? '' : JSON.stringify(payload)}`);
      return ids.length;
    },
    reply(command, answer) {
      frame.post(`${command.callback}:${answer === undefined ? '' : JSON.stringify(answer)}`);
    },
    answerInit() {
      for (const cb of pendingInit.splice(0)) {
        frame.post(`${cb}:${JSON.stringify({ ...INIT_DATA, ...opts.init })}`);
        if (opts.answerTwice)
          frame.post(`${cb}:${JSON.stringify({ ...INIT_DATA, ...opts.init, PLACEMENT: 'DEFAULT' })}`);
      }
    },
  };
  return frame;
}

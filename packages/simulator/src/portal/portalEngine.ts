/**
 * The portal's side of the frame protocol for many app frames, DOM-free: it parses what the
 * frames post, answers `getInitData`, `refreshAuth`, `getInterface` and the card commands (through
 * the call-card model), keeps the binds, and fires events to them. The page supplies the
 * placement, the client mode, how to post to a frame and where the log goes.
 */
import {
  formatAnswer,
  logText,
  LOG_LINE_MAX,
  parseCommand,
  placementCommands,
  placementEvents,
  resolveEventName,
  BACKGROUND_WORKER_COMMANDS,
  CALL_CARD_TAB_COMMANDS,
  type ButtonEvent,
  type InitData,
} from '../protocol';
import {
  entityPayload,
  tabPlacementOptions as tabOptionsOf,
  type CallCardModel,
  type ClientMode,
  type SimCall,
  type SimEntity,
} from '../card/callCardModel';

/** One line the engine logs. `app` is the app id, or `null` for the simulator itself. */
export interface EngineLogEntry {
  readonly dir: 'app→portal' | 'portal→app' | 'sim';
  readonly app: number | null;
  /** Tokens masked, cut to `maxLogLine` characters. */
  readonly text: string;
  /** Something the developer should look at (malformed message, an event nobody bound...). */
  readonly flagged?: boolean;
}

/** Options of {@link createPortalEngine}. */
export interface PortalEngineOptions {
  /** The current placement (`PAGE_BACKGROUND_WORKER`, `CALL_CARD`, `DEFAULT`...). */
  readonly placement: () => string;
  /** Which client answers the card commands. */
  readonly mode: () => ClientMode;
  /** The user's call card. */
  readonly card: CallCardModel;
  /** Posts `text` to the app's frame (to the app's origin). */
  readonly post: (appId: number, text: string) => void;
  /** The `getInitData` answer for the app. */
  readonly initData: (appId: number) => InitData;
  /** Renews the app's token: the object to answer `refreshAuth` with, or `null` to not answer. */
  readonly refresh: (appId: number) => Promise<Record<string, unknown> | null>;
  /** Receives every log line (the page caps the log's total size). */
  readonly log: (entry: EngineLogEntry) => void;
  /** The clock for the marks. Default: `Date.now`. */
  readonly now?: () => number;
  /** The cap of one logged line, in characters. Default: 2000. */
  readonly maxLogLine?: number;
  /** The most binds kept per app (a frame binding in a loop must not grow the page). Default: 1000. */
  readonly maxBindsPerApp?: number;
  /** Called after an app's binds changed (a bind recorded, the app removed). */
  readonly onBindsChanged?: (appId: number) => void;
}

/** Why a fire reached nobody. */
export type FireMiss = 'not-bound' | 'not-in-placement';

/** The result of {@link PortalEngine.fire}. */
export interface FireResult {
  /** The full event name (`BackgroundCallCard::x`, `CallCard::X`). */
  readonly event: string;
  /** How many binds got it (two binds in one frame count twice, as on the portal). */
  readonly delivered: number;
  /** Set when `delivered` is 0: no app bound the event, or the current placement does not have it. */
  readonly reason?: FireMiss;
}

/** When an app's frame talked to the portal (the engine's clock). */
export interface AppMarks {
  readonly added: number;
  readonly initReceived: number | null;
  readonly initAnswered: number | null;
  /** When each bind arrived (the first `maxBindsPerApp`). */
  readonly binds: readonly number[];
}

/** Options of {@link PortalEngine.openCall}. */
export interface OpenCallOptions {
  /** Fire `entityChanged` before `initialized`, as the portal can (its card loads CRM data first). Default: false. */
  readonly entityFirst?: boolean;
}

/** What {@link PortalEngine.openCall} fired. */
export interface OpenCallResult {
  /** `BackgroundCallCard::initialized` (only in `PAGE_BACKGROUND_WORKER`). */
  readonly initialized: FireResult | null;
  /** `BackgroundCallCard::entityChanged` or `CallCard::EntityChanged`; `null` in other placements. */
  readonly entityChanged: FireResult | null;
}

/** The portal side of the frame protocol for many app frames. */
export interface PortalEngine {
  /** Registers an app frame; `sid` is the APP_SID its `window.name` carries. Replaces an app with that id. */
  addApp(appId: number, app: { readonly sid: string }): void;
  /** Forgets an app and its binds (its frame went away). */
  removeApp(appId: number): void;
  /** The ids of the registered apps. */
  appIds(): number[];
  /** Handles a message the app's frame posted (origin and source already checked by the page). */
  receive(appId: number, data: unknown): void;
  /**
   * Fires an event to every bind that asked for it, in one pass. `event` is a short name,
   * resolved for the current placement (`hangupButtonClick` → `BackgroundCallCard::hangupButtonClick`
   * in `PAGE_BACKGROUND_WORKER`; `entityChanged`/`beforeClose`/`callStateChanged` →
   * `CallCard::EntityChanged`... in `CALL_CARD`), or a full name. A name no placement has throws
   * an Error listing the valid names; a name of another placement delivers nothing
   * (`reason: 'not-in-placement'`), as on the portal; no bind → `reason: 'not-bound'`. Both are logged.
   */
  fire(event: string, payload?: unknown): FireResult;
  /**
   * Presses a card button: the card model applies it (mute/hold toggle, close) and the matching
   * `BackgroundCallCard::*` event fires. `null` when the card does not show that button now.
   */
  press(button: ButtonEvent, payload?: unknown): FireResult | null;
  /** The event names the app bound, in order (one entry per bind). */
  binds(appId: number): string[];
  /** How many binds (all apps) there are for `event` (short or full name, resolved as in {@link fire}). */
  bindCount(event: string): number;
  /**
   * Resolves when some app has bound `event` (at once if one has). Rejects after `timeoutMs` (when
   * given) with an Error, and at once for a name no placement has.
   */
  waitForBind(event: string, timeoutMs?: number): Promise<void>;
  /** The app's marks (`null` for an unknown app). */
  marks(appId: number): AppMarks | null;
  /**
   * Opens the card for `call` and announces it: `initialized` (the `getStatus` shape) then
   * `entityChanged` in `PAGE_BACKGROUND_WORKER`, `CallCard::EntityChanged` in `CALL_CARD`.
   */
  openCall(call: SimCall, options?: OpenCallOptions): OpenCallResult;
  /** Changes the client shown in the card and fires `entityChanged` for the current placement. */
  changeEntity(entity: SimEntity): FireResult | null;
  /** The `PLACEMENT_OPTIONS` of a `CALL_CARD` tab for `call` (default: the card's call), in the portal's string form. */
  tabPlacementOptions(call?: SimCall): Record<string, unknown>;
  /** Stops listening to the card and rejects pending {@link waitForBind} calls. */
  dispose(): void;
}

interface AppRecord {
  sid: string;
  binds: string[];
  marks: { added: number; initReceived: number | null; initAnswered: number | null; binds: number[] };
  bindLimitLogged: boolean;
}

interface BindTarget {
  readonly appId: number;
  readonly callback: string;
}

interface Waiter {
  readonly event: string;
  readonly resolve: () => void;
  readonly reject: (e: Error) => void;
  timer: ReturnType<typeof setTimeout> | null;
}

const CARD_COMMANDS: ReadonlySet<string> = new Set([...BACKGROUND_WORKER_COMMANDS, ...CALL_CARD_TAB_COMMANDS]);
const DENIED_OUTSIDE_DEFAULT: ReadonlySet<string> = new Set(['setTitle', 'setScroll', 'reloadWindow']);

/** JSON for the log; never throws (a structured-clone message may hold a BigInt or a cycle). */
const describe = (data: unknown): string => {
  if (typeof data === 'string') return data;
  try {
    return JSON.stringify(data) ?? String(data);
  } catch {
    return Object.prototype.toString.call(data);
  }
};

/**
 * Creates the portal engine.
 *
 * @example
 * const card = createCallCardModel();
 * const engine = createPortalEngine({ placement: () => 'PAGE_BACKGROUND_WORKER', mode: () => 'browser',
 *   card, post: (id, text) => frames[id].contentWindow.postMessage(text, origins[id]),
 *   initData, refresh, log: (e) => console.log(e.text) });
 * engine.addApp(0, { sid });
 * window.addEventListener('message', (e) => engine.receive(0, e.data));
 */
export function createPortalEngine(options: PortalEngineOptions): PortalEngine {
  const { card } = options;
  const now = options.now ?? Date.now;
  const maxLine = options.maxLogLine ?? LOG_LINE_MAX;
  const maxBinds = options.maxBindsPerApp ?? 1000;
  const apps = new Map<number, AppRecord>();
  /** event name → its binds, so a fire touches only the binds of its event. */
  const index = new Map<string, BindTarget[]>();
  const waiters = new Set<Waiter>();

  const log = (dir: EngineLogEntry['dir'], app: number | null, text: string, flagged = false): void => {
    options.log({ dir, app, text: logText(text, maxLine), ...(flagged ? { flagged } : {}) });
  };

  const answer = (appId: number, callback: string, result?: unknown): void => {
    const text = formatAnswer(callback, result);
    options.post(appId, text);
    log('portal→app', appId, text);
  };

  /**
   * Posts the serialised payload to every bind of `event`, in one pass over that event's binds
   * (a snapshot: a bind made while delivering waits for the next fire). Returns the apps reached.
   */
  const deliver = (event: string, json: string): number[] => {
    const targets = index.get(event);
    if (!targets || targets.length === 0) return [];
    const reached: number[] = [];
    for (const t of targets.slice()) {
      options.post(t.appId, t.callback + ':' + json);
      reached.push(t.appId);
    }
    return reached;
  };

  /** Fires a resolved name: delivery, the explicit miss, one log line. */
  const fireResolved = (given: string, event: string, inPlacement: boolean, payload: unknown): FireResult => {
    // Serialised once per fire, for every bind and the log alike (`cb:` when there is no data).
    let json: string;
    try {
      json = payload === undefined ? '' : (JSON.stringify(payload) ?? '');
    } catch (e) {
      throw new TypeError(`the payload of ${event} cannot be posted as JSON: ${String(e)}`);
    }
    const head = `fire ${given} ${payload === undefined ? '(no data)' : json}`;
    if (!inPlacement) {
      log(
        'sim',
        null,
        `${head} → ${event}: not an event of placement ${options.placement()}: nothing delivered (as on the portal)`,
        true,
      );
      return { event, delivered: 0, reason: 'not-in-placement' };
    }
    const reached = deliver(event, json);
    if (reached.length === 0) {
      log('sim', null, `${head} → ${event}: no app has bound it: nothing delivered`, true);
      return { event, delivered: 0, reason: 'not-bound' };
    }
    log(
      'sim',
      null,
      `${head} → ${event}: delivered to ${reached.length} bind(s) (app ${[...new Set(reached)].join(', ')})`,
    );
    return { event, delivered: reached.length };
  };

  const resolveOrThrow = (name: string) => {
    const r = resolveEventName(options.placement(), name);
    if (!r.ok) throw new Error(r.message);
    return r;
  };

  const fire = (name: string, payload?: unknown): FireResult => {
    if (typeof name !== 'string') throw new TypeError(`an event name must be a string, got ${typeof name}`);
    const r = resolveOrThrow(name);
    return fireResolved(name, r.event, r.inPlacement, payload);
  };

  /** Fires an event the card raised, only where the current placement has it (quietly otherwise). */
  const fireFromCard = (fullName: string, payload: unknown): FireResult | null => {
    if (!placementEvents(options.placement()).includes(fullName)) return null;
    return fireResolved(fullName, fullName, true, payload);
  };

  const unsubscribe = card.onEvent((e) => {
    switch (e.type) {
      case 'beforeClose':
        log(
          'sim',
          null,
          e.final ? 'the card closes' : 'the card tries to close: auto-close is disabled, it stays 65 s',
        );
        fireFromCard('CallCard::BeforeClose', undefined);
        return;
      case 'callStateChanged':
        // The portal passes (callState, {failedCode}); only the first argument reaches the frame.
        fireFromCard('CallCard::CallStateChanged', e.state);
        return;
      case 'closed':
        log('sim', null, `the card closed (${e.reason}): commands now answer "Call card is undefined"`);
        return;
      case 'opened':
        return;
    }
  });

  const removeBindsOf = (appId: number): void => {
    for (const [event, targets] of index) {
      const kept = targets.filter((t) => t.appId !== appId);
      if (kept.length) index.set(event, kept);
      else index.delete(event);
    }
  };

  const onBind = (appId: number, app: AppRecord, event: string, callback: string): void => {
    if (app.binds.length >= maxBinds) {
      if (!app.bindLimitLogged) {
        app.bindLimitLogged = true;
        log(
          'sim',
          appId,
          `more than ${maxBinds} binds from one frame: further binds are ignored by the simulator`,
          true,
        );
      }
      return;
    }
    // The portal never acknowledges a bind and keeps the callback forever (there is no unbind).
    app.binds.push(event);
    app.marks.binds.push(now());
    let targets = index.get(event);
    if (!targets) index.set(event, (targets = []));
    targets.push({ appId, callback });
    const placement = options.placement();
    if (!placementEvents(placement).includes(event)) {
      log(
        'sim',
        appId,
        `bound ${event}, which placement ${placement} does not have: it will never fire (as on the portal)`,
      );
    }
    for (const w of [...waiters]) {
      if (w.event !== event) continue;
      waiters.delete(w);
      if (w.timer) clearTimeout(w.timer);
      w.resolve();
    }
    options.onBindsChanged?.(appId);
  };

  const onCommand = (appId: number, app: AppRecord, data: unknown): void => {
    const parsed = parseCommand(data);
    if (!parsed.ok) {
      log('app→portal', appId, `${describe(data)}  — malformed: ${parsed.reason}`, true);
      return;
    }
    const cmd = parsed.command;
    if (cmd.appSid !== app.sid) {
      log('app→portal', appId, `${describe(data)}  — dropped: appSid is not this frame's`, true);
      return;
    }
    log('app→portal', appId, describe(data));
    const placement = options.placement();
    switch (cmd.method) {
      case 'getInitData':
        app.marks.initReceived ??= now();
        answer(appId, cmd.callback, options.initData(appId));
        app.marks.initAnswered ??= now();
        return;
      case 'placementBindEvent': {
        const event = (cmd.params as { event?: unknown } | null)?.event;
        if (typeof event !== 'string' || !event) {
          log('sim', appId, 'placementBindEvent without an event name: ignored', true);
          return;
        }
        onBind(appId, app, event, cmd.callback);
        return;
      }
      case 'refreshAuth':
        options.refresh(appId).then(
          (result) => {
            if (!apps.has(appId)) return; // the frame went away meanwhile
            if (result === null) log('sim', appId, 'refreshAuth: no answer', true);
            else answer(appId, cmd.callback, result);
          },
          (e: unknown) => log('sim', appId, `refreshAuth failed: ${String(e)}`, true),
        );
        return;
      case 'getInterface':
        answer(appId, cmd.callback, {
          command: [...placementCommands(placement)],
          event: [...placementEvents(placement)],
        });
        return;
      case 'setInstall':
      case 'setInstallFinish':
        answer(appId, cmd.callback);
        return;
      default:
        break;
    }
    if (CARD_COMMANDS.has(cmd.method)) {
      const mode = options.mode();
      const answers = card.command(cmd.method, cmd.params, mode, placement);
      if (answers === null) {
        const why = placementCommands(placement).includes(cmd.method)
          ? `the ${mode} client never answers it on success`
          : `placement ${placement} does not have it`;
        log('sim', appId, `${cmd.method}: never answered, as on the portal (${why})`);
        return;
      }
      for (const a of answers) answer(appId, cmd.callback, a);
      return;
    }
    if (DENIED_OUTSIDE_DEFAULT.has(cmd.method) && placement !== 'DEFAULT') {
      log('sim', appId, `${cmd.method} is denied outside the DEFAULT placement (as on a real portal)`);
    } else {
      log('sim', appId, `${cmd.method}: not simulated, no answer`);
    }
  };

  const tabPlacementOptions = (call?: SimCall): Record<string, unknown> => {
    const s = card.getState();
    const c = call ?? s.call;
    if (!c) return {};
    return tabOptionsOf(c, s.call?.CALL_ID === c.CALL_ID ? s.callState : 'connecting');
  };

  return {
    addApp(appId, { sid }) {
      if (apps.has(appId)) removeBindsOf(appId);
      apps.set(appId, {
        sid,
        binds: [],
        marks: { added: now(), initReceived: null, initAnswered: null, binds: [] },
        bindLimitLogged: false,
      });
    },
    removeApp(appId) {
      if (!apps.delete(appId)) return;
      removeBindsOf(appId);
      options.onBindsChanged?.(appId);
    },
    appIds: () => [...apps.keys()],
    receive(appId, data) {
      const app = apps.get(appId);
      if (!app) {
        log('app→portal', appId, `${describe(data)}  — from an app the portal does not know: ignored`, true);
        return;
      }
      try {
        onCommand(appId, app, data);
      } catch (e) {
        log('sim', appId, `failed to handle a message: ${String(e)}`, true);
      }
    },
    fire,
    press(button, payload) {
      const s = card.getState();
      const pressed = card.press(button, payload);
      if (!pressed) {
        log(
          'sim',
          null,
          `button ${button} is not shown ${s.open ? `in UI state ${s.uiState}` : '(no card open)'}: nothing fired`,
          true,
        );
        return null;
      }
      const r = resolveOrThrow(`BackgroundCallCard::${pressed.event}`);
      return fireResolved(pressed.event, r.event, r.inPlacement, pressed.payload);
    },
    binds: (appId) => [...(apps.get(appId)?.binds ?? [])],
    bindCount(event) {
      return index.get(resolveOrThrow(event).event)?.length ?? 0;
    },
    waitForBind(event, timeoutMs) {
      let full: string;
      try {
        full = resolveOrThrow(event).event;
      } catch (e) {
        return Promise.reject(e as Error);
      }
      if (index.get(full)?.length) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const w: Waiter = { event: full, resolve, reject, timer: null };
        if (timeoutMs !== undefined) {
          w.timer = setTimeout(() => {
            waiters.delete(w);
            reject(new Error(`no app bound ${full} within ${timeoutMs} ms`));
          }, timeoutMs);
        }
        waiters.add(w);
      });
    },
    marks(appId) {
      const app = apps.get(appId);
      return app ? { ...app.marks, binds: [...app.marks.binds] } : null;
    },
    openCall(call, openOptions = {}) {
      card.open(call);
      const placement = options.placement();
      log(
        'sim',
        null,
        `call ${call.CALL_ID} (${call.CALL_DIRECTION}, ${call.PHONE_NUMBER || 'hidden'}): the card opens`,
      );
      if (placement === 'PAGE_BACKGROUND_WORKER') {
        const init = () => fireResolved('initialized', 'BackgroundCallCard::initialized', true, card.status());
        const entity = () =>
          fireResolved('entityChanged', 'BackgroundCallCard::entityChanged', true, entityPayload(call));
        if (openOptions.entityFirst) {
          const entityChanged = entity();
          return { initialized: init(), entityChanged };
        }
        const initialized = init();
        return { initialized, entityChanged: entity() };
      }
      if (placement === 'CALL_CARD') {
        return {
          initialized: null,
          entityChanged: fireResolved('entityChanged', 'CallCard::EntityChanged', true, entityPayload(call)),
        };
      }
      log('sim', null, `placement ${placement} has no call-card events: nothing fired`);
      return { initialized: null, entityChanged: null };
    },
    changeEntity(entity) {
      card.setEntity(entity);
      const call = card.getState().call;
      if (!call) return null;
      const r = resolveEventName(options.placement(), 'entityChanged');
      if (!r.ok) return null;
      return fireResolved('entityChanged', r.event, r.inPlacement, entityPayload(call));
    },
    tabPlacementOptions,
    dispose() {
      unsubscribe();
      for (const w of waiters) {
        if (w.timer) clearTimeout(w.timer);
        w.reject(new Error('the portal engine was disposed'));
      }
      waiters.clear();
    },
  };
}

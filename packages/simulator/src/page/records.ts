/**
 * What the page remembers of the wire, on top of the portal engine (DOM-free): the binds with
 * their callback ids (what a forged-message test needs) and every card command an app sent, with
 * the answers the portal posted back or `'never answered'`.
 */
import { BACKGROUND_WORKER_COMMANDS, CALL_CARD_TAB_COMMANDS, parseCommand } from '../protocol';
import type { ClientMode } from '../card/callCardModel';
import type { PortalEngine } from '../portal/portalEngine';

/** A command's params as kept: as they are when small, else their JSON cut to 2000 characters. */
const capParams = (params: unknown): unknown => {
  let json: string | undefined;
  try {
    json = JSON.stringify(params);
  } catch {
    return '(params that cannot be shown)';
  }
  return json !== undefined && json.length > 2000 ? `${json.slice(0, 2000)}… (+${json.length - 2000} chars)` : params;
};

/**
 * One bind an app made (`placementBindEvent`), as the portal keeps it.
 *
 * @inline
 */
export interface BindRecord {
  /** The full event name the app bound. */
  readonly event: string;
  /** The callback id the portal answers the event to. */
  readonly callback: string;
  /** When it arrived (the page's `performance.now()`). */
  readonly at: number;
}

/**
 * One card command an app sent, with what the portal answered.
 *
 * @inline
 */
export interface CommandRecord {
  /** When it arrived (the page's `performance.now()`). */
  readonly at: number;
  /** The app's index on the page (its frame's `data-app`). */
  readonly app: number;
  /** The app's label. */
  readonly label: string;
  /** The placement the page played when the command came. */
  readonly placement: string;
  /** Which client answered it. */
  readonly mode: ClientMode;
  /** The command name (`CallCardSetMute`, `getStatus`...). */
  readonly command: string;
  /** Its parameters as parsed from the wire. */
  readonly params: unknown;
  /**
   * What the portal posted back, in order (usually one answer; the desktop app answers twice after
   * `missing field held`), or `'never answered'` (an unknown command, another placement's, the
   * browser's timers), as on the portal.
   */
  readonly answers: readonly unknown[] | 'never answered';
}

/** Options of {@link createWireRecords}. */
export interface WireRecordsOptions {
  readonly engine: PortalEngine;
  readonly placement: () => string;
  readonly mode: () => ClientMode;
  /** The app's index and label on the page. */
  readonly appInfo: (appId: number) => { readonly index: number; readonly label: string };
  /** Default: `performance.now`. */
  readonly now?: () => number;
  /** Command records kept, the oldest dropped first. Default 1000. */
  readonly maxCommands?: number;
}

/** The page's wire records. */
export interface WireRecords {
  /** Registers an app frame with the engine (and here). */
  addApp(appId: number, sid: string): void;
  /** Forgets an app (the engine forgets its binds). */
  removeApp(appId: number): void;
  /** Hands a message from the app's frame to the engine, recording binds and card commands. */
  receive(appId: number, data: unknown): void;
  /** Tells the records what the page posted to an app (call it from the engine's `post`). */
  posted(appId: number, text: string): void;
  /** The app's binds with their callback ids. */
  bindsOf(appId: number): BindRecord[];
  /** Every card command received (the last `maxCommands`), oldest first. */
  commands(): CommandRecord[];
}

const CARD_COMMANDS: ReadonlySet<string> = new Set([...BACKGROUND_WORKER_COMMANDS, ...CALL_CARD_TAB_COMMANDS]);
/** A card command: one of the 12, or anything named like one (an unknown `CallCard*` is never answered). */
const isCardCommand = (method: string): boolean => CARD_COMMANDS.has(method) || method.startsWith('CallCard');

const parseAnswer = (text: string): unknown => {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};

interface Pending {
  appId: number;
  callback: string;
  answers: unknown[];
}

/** Creates the wire records around `options.engine`. */
export function createWireRecords(options: WireRecordsOptions): WireRecords {
  const { engine } = options;
  const now = options.now ?? (() => performance.now());
  const maxCommands = options.maxCommands ?? 1000;
  const sids = new Map<number, string>();
  const binds = new Map<number, BindRecord[]>();
  const commands: CommandRecord[] = [];
  let pending: Pending | null = null;

  return {
    addApp(appId, sid) {
      sids.set(appId, sid);
      binds.set(appId, []);
      engine.addApp(appId, { sid });
    },
    removeApp(appId) {
      sids.delete(appId);
      binds.delete(appId);
      engine.removeApp(appId);
    },
    receive(appId, data) {
      // Parsed here as well, to know the callback id: the engine parses (and flags) everything itself.
      const parsed = parseCommand(data);
      const cmd = parsed.ok && parsed.command.appSid === sids.get(appId) ? parsed.command : null;
      if (!cmd) return engine.receive(appId, data);
      if (cmd.method === 'placementBindEvent') {
        const before = engine.binds(appId).length;
        engine.receive(appId, data);
        const after = engine.binds(appId);
        const list = binds.get(appId);
        // The engine decides whether the bind counts (an event name given, under its cap).
        for (let i = before; list && i < after.length; i++) {
          list.push({ event: after[i]!, callback: cmd.callback, at: now() });
        }
        return;
      }
      if (!isCardCommand(cmd.method)) return engine.receive(appId, data);
      const mine: Pending = { appId, callback: cmd.callback, answers: [] };
      const { index, label } = options.appInfo(appId);
      const at = now();
      const placement = options.placement();
      const mode = options.mode();
      pending = mine;
      try {
        engine.receive(appId, data);
      } finally {
        pending = null;
      }
      commands.push({
        at,
        app: index,
        label,
        placement,
        mode,
        command: cmd.method,
        // Capped, as log lines are: a frame sending huge titles must not grow the page.
        params: capParams(cmd.params),
        // Card commands are answered at once, or never.
        answers: mine.answers.length ? mine.answers : 'never answered',
      });
      if (commands.length > maxCommands) commands.splice(0, commands.length - maxCommands);
    },
    posted(appId, text) {
      const p = pending;
      if (!p || p.appId !== appId || !text.startsWith(p.callback + ':')) return;
      p.answers.push(parseAnswer(text.slice(p.callback.length + 1)));
    },
    bindsOf: (appId) => (binds.get(appId) ?? []).map((b) => ({ ...b })),
    commands: () => commands.map((c) => ({ ...c, answers: Array.isArray(c.answers) ? [...c.answers] : c.answers })),
  };
}

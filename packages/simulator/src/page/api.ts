/**
 * `window.simulator`: the simulator page's API for end-to-end tests, benchmarks and the browser
 * console. The types are exported from the package root (`SimulatorPageApi`...); from Node, drive
 * it with `simulatorPage(page)` (`@b24-callcard/simulator`), which needs no Playwright dependency.
 *
 * This module is DOM-free: the page hands it the engine, the card and accessors.
 */
import type { CallCardModel, CallCardState, ClientMode } from '../card/callCardModel';
import type { FireResult, PortalEngine } from '../portal/portalEngine';
import { BACKGROUND_EVENT_NAMES, type ButtonEvent } from '../protocol';
import type { LogEntry } from './log';
import type { BindRecord, CommandRecord } from './records';
import { SCENARIOS, type PlayOptions, type ScenarioId } from './scenarios';
import type { CallListItem, RestLogItem } from './serverEvents';

export type { FireResult, FireMiss } from '../portal/portalEngine';

/** One line of the page's message log. */
export type SimulatorLogEntry = LogEntry;
/** One bind an app made, with its callback id. */
export type SimulatorBind = BindRecord;
/** One card command an app sent, with the answers. */
export type SimulatorCommand = CommandRecord;
/** One REST call the portal answered. */
export type SimulatorRestEntry = RestLogItem;
/** An open call of any user. */
export type SimulatorCall = CallListItem;
/** Options of `playScenario`. */
export type SimulatorPlayOptions = PlayOptions;
/**
 * A call scenario's id.
 *
 * @useDeclaredType
 */
export type SimulatorScenarioId = ScenarioId;

/** When an app's frame talked to the portal (the page's `performance.now()`). */
export interface SimulatorAppMarks {
  /** The frame was inserted. */
  readonly inserted: number;
  readonly initReceived: number | null;
  readonly initAnswered: number | null;
  /** When each bind arrived. */
  readonly binds: readonly number[];
}

/** An app frame on the page. */
export interface SimulatorApp {
  /** Its index (the frame's `data-app`). */
  readonly index: number;
  readonly label: string;
  readonly url: string;
  readonly origin: string;
  /** The full event names it bound, in order (one entry per bind). */
  readonly binds: readonly string[];
  readonly marks: SimulatorAppMarks;
}

/** The card as `card()` gives it: the model's state and the buttons it shows now. */
export interface SimulatorCardState extends CallCardState {
  /** The button events the card shows now (what `press` accepts). */
  readonly buttons: readonly ButtonEvent[];
}

/** Options of {@link SimulatorPageApi.waitForCard}. */
export interface WaitForCardOptions {
  /** Wait for an open card (default) or a closed one. */
  readonly open?: boolean;
  /** Wait for the card of this call. */
  readonly callId?: string;
  /** Default 5000 ms. */
  readonly timeoutMs?: number;
}

/** `window.simulator`. */
export interface SimulatorPageApi {
  /** The app frames, in order. */
  readonly apps: readonly SimulatorApp[];
  /** The message log, oldest first (capped by total size; each line capped, tokens masked). */
  readonly log: readonly SimulatorLogEntry[];
  /** The placement the page plays. */
  readonly placement: string;
  /** Which client answers the card commands. */
  readonly clientMode: ClientMode;
  /** The call scenarios `playScenario` knows. */
  readonly scenarios: ReadonlyArray<{ readonly id: ScenarioId; readonly title: string }>;
  /**
   * Fires a call-card event to every bind that asked for it. A short name is resolved for the
   * placement (`entityChanged` → `BackgroundCallCard::entityChanged` in `PAGE_BACKGROUND_WORKER`,
   * `CallCard::EntityChanged` in `CALL_CARD`); a full name is taken as is. Throws for a name no
   * placement has (the message lists the valid names). `delivered: 0` comes with a `reason`:
   * `not-bound` (no app bound it yet: `waitForBind` first) or `not-in-placement`.
   */
  fire(event: string, payload?: unknown): FireResult;
  /** Like {@link fire}, for a full name only (`BackgroundCallCard::x`, `CallCard::X`). */
  fireExact(event: string, payload?: unknown): FireResult;
  /** Resolves once some app has bound `event` (short or full name); rejects after `timeoutMs` (default 10 000 ms). */
  waitForBind(event: string, timeoutMs?: number): Promise<void>;
  /** Plays another placement: the apps reload with it. */
  setPlacement(placement: string): Promise<void>;
  /** Answers the card commands as the browser or the Bitrix24 desktop app. */
  setClientMode(mode: ClientMode): void;
  /** Reloads the app frames (new documents, new tokens). */
  reload(): Promise<void>;
  /** The binds of app `index` with their callback ids. */
  bindsOf(index: number): SimulatorBind[];
  /** The call card of the page's user (user 1). */
  card(): SimulatorCardState;
  /** Resolves with the card once it is open (or closed, `open: false`), for `callId` when given. */
  waitForCard(options?: WaitForCardOptions): Promise<SimulatorCardState>;
  /**
   * Presses a card button: the card applies it (mute and hold toggle...) and the matching
   * `BackgroundCallCard::*` event fires. `null` when the card does not show the button now (see
   * `card().buttons`). Throws for a name that is no button.
   */
  press(button: ButtonEvent, payload?: unknown): FireResult | null;
  /** Every card command the apps sent, with the answers posted back or `'never answered'`. */
  commands(): SimulatorCommand[];
  /** The REST calls the portal answered (received over `/sim/events`; tokens masked). */
  restLog(): SimulatorRestEntry[];
  /** The open calls of every user (only user 1's open the card here). */
  calls(): SimulatorCall[];
  /** Plays a call scenario (see {@link scenarios}); resolves when it is done. */
  playScenario(id: ScenarioId, options?: SimulatorPlayOptions): Promise<void>;
}

/** What {@link createPageApi} reads from the page. */
export interface PageApiDeps {
  readonly engine: PortalEngine;
  readonly card: CallCardModel;
  readonly log: readonly LogEntry[];
  readonly apps: () => readonly SimulatorApp[];
  /** The binds of the app at `index`. */
  readonly bindsOf: (index: number) => BindRecord[];
  readonly commands: () => CommandRecord[];
  readonly restLog: () => RestLogItem[];
  readonly calls: () => CallListItem[];
  readonly placement: () => string;
  readonly setPlacement: (placement: string) => Promise<void>;
  readonly clientMode: () => ClientMode;
  readonly setClientMode: (mode: ClientMode) => void;
  readonly reload: () => Promise<void>;
  readonly playScenario: (id: ScenarioId, options?: PlayOptions) => Promise<void>;
}

const BUTTONS: ReadonlySet<string> = new Set(
  BACKGROUND_EVENT_NAMES.filter((n) => n !== 'initialized' && n !== 'entityChanged'),
);

/** Builds `window.simulator` from the page's parts. */
export function createPageApi(deps: PageApiDeps): SimulatorPageApi {
  const { engine, card } = deps;
  const cardState = (): SimulatorCardState => ({ ...card.getState(), buttons: [...card.buttons()] });
  return {
    get apps() {
      return deps.apps();
    },
    log: deps.log,
    get placement() {
      return deps.placement();
    },
    get clientMode() {
      return deps.clientMode();
    },
    scenarios: SCENARIOS,
    fire: (event, payload) => engine.fire(event, payload),
    fireExact(event, payload) {
      if (typeof event !== 'string' || !event.includes('::')) {
        throw new TypeError(
          `fireExact takes a full event name (BackgroundCallCard::<name> or CallCard::<Name>), got ${JSON.stringify(event)}: use fire() for a short name`,
        );
      }
      return engine.fire(event, payload);
    },
    // A default timeout: a waiter for an event nobody binds must not stay forever.
    waitForBind: (event, timeoutMs = 10_000) => engine.waitForBind(event, timeoutMs),
    setPlacement: (p) => deps.setPlacement(p),
    setClientMode(mode) {
      if (mode !== 'browser' && mode !== 'desktop') {
        throw new TypeError(`the client mode is 'browser' or 'desktop', not ${JSON.stringify(mode)}`);
      }
      deps.setClientMode(mode);
    },
    reload: () => deps.reload(),
    bindsOf: (index) => deps.bindsOf(index),
    card: cardState,
    waitForCard(options = {}) {
      const { open = true, callId, timeoutMs = 5000 } = options;
      const ok = (s: CallCardState) => s.open === open && (callId === undefined || s.call?.CALL_ID === callId);
      if (ok(card.getState())) return Promise.resolve(cardState());
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          off();
          const s = card.getState();
          reject(
            new Error(
              `the card was not ${open ? 'open' : 'closed'}${callId ? ` for call ${callId}` : ''} within ${timeoutMs} ms ` +
                `(now: ${s.open ? 'open' : 'not open'}, call ${s.call?.CALL_ID ?? 'none'})`,
            ),
          );
        }, timeoutMs);
        const off = card.subscribe((s) => {
          if (!ok(s)) return;
          clearTimeout(timer);
          off();
          resolve(cardState());
        });
      });
    },
    press(button, payload) {
      if (!BUTTONS.has(button)) {
        throw new TypeError(`Unknown card button "${String(button)}": use one of ${[...BUTTONS].join(', ')}`);
      }
      return engine.press(button, payload);
    },
    commands: () => deps.commands(),
    restLog: () => deps.restLog(),
    calls: () => deps.calls(),
    playScenario: (id, options) => deps.playScenario(id, options),
  };
}

/**
 * Drives the simulator page from a Node test (Playwright, Puppeteer...) through `page.evaluate`:
 * typed methods over `window.simulator`, with no dependency on any browser library.
 */
import type { ClientMode } from '../card/callCardModel';
import type {
  FireResult,
  SimulatorApp,
  SimulatorCall,
  SimulatorCardState,
  SimulatorCommand,
  SimulatorLogEntry,
  SimulatorPageApi,
  SimulatorPlayOptions,
  SimulatorRestEntry,
  SimulatorScenarioId,
  SimulatorBind,
  WaitForCardOptions,
} from '../page/api';
import type { ButtonEvent } from '../protocol';

/**
 * What {@link simulatorPage} needs of a page: an `evaluate(fn, arg)` that runs `fn(arg)` in the
 * page and resolves with its (awaited) result — Playwright's `Page` and `Frame` fit, as does
 * Puppeteer's `Page`.
 */
export interface EvaluatingPage {
  evaluate<R, A>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
}

/** The simulator page, seen from Node: each method runs its `window.simulator` namesake. */
export interface SimulatorPageClient {
  /** Resolves once some app has bound `event` (short or full name). Default timeout 5000 ms. */
  waitForBind(event: string, timeoutMs?: number): Promise<void>;
  /** Fires an event; rejects for an unknown name (the message lists the valid ones). */
  fire(event: string, payload?: unknown): Promise<FireResult>;
  /** Fires an event by its full name. */
  fireExact(event: string, payload?: unknown): Promise<FireResult>;
  /** Presses a card button (`null`: the card does not show it now). */
  press(button: ButtonEvent, payload?: unknown): Promise<FireResult | null>;
  /** The card of the page's user. */
  card(): Promise<SimulatorCardState>;
  /** Resolves with the card once it is open (or closed), for a call when given. */
  waitForCard(options?: WaitForCardOptions): Promise<SimulatorCardState>;
  /** The card commands the apps sent, with the answers (or `'never answered'`). */
  commands(): Promise<SimulatorCommand[]>;
  /** The REST calls the portal answered. */
  restLog(): Promise<SimulatorRestEntry[]>;
  /** The open calls of every user. */
  calls(): Promise<SimulatorCall[]>;
  /** The message log. */
  log(): Promise<SimulatorLogEntry[]>;
  /** The app frames. */
  apps(): Promise<SimulatorApp[]>;
  /** The binds of app `index`, with their callback ids. */
  bindsOf(index: number): Promise<SimulatorBind[]>;
  setPlacement(placement: string): Promise<void>;
  setClientMode(mode: ClientMode): Promise<void>;
  /** Reloads the app frames. */
  reload(): Promise<void>;
  /** Plays a call scenario to its end. */
  playScenario(id: SimulatorScenarioId, options?: SimulatorPlayOptions): Promise<void>;
}

type Method = Exclude<keyof SimulatorPageApi, 'scenarios' | 'placement' | 'clientMode'>;

/**
 * Wraps a page that shows the simulator (`page.goto(sim.url)` first).
 *
 * @example
 * import { startSimulator, simulatorPage } from '@b24-callcard/simulator';
 * const sim = await startSimulator({ port: 0, serve: ['./dist'] });
 * await page.goto(sim.url);
 * const portal = simulatorPage(page);
 * await portal.waitForBind('entityChanged');
 * expect((await portal.fire('entityChanged', { PHONE_NUMBER: '+15550100', CRM_ENTITY_TYPE: 'CONTACT', CRM_ENTITY_ID: 17 })).delivered).toBe(1);
 */
export function simulatorPage(page: EvaluatingPage): SimulatorPageClient {
  const call = <R>(method: Method, ...args: unknown[]): Promise<R> => {
    // Trailing undefined arguments are dropped: not every driver can send `undefined`.
    while (args.length > 0 && args[args.length - 1] === undefined) args.pop();
    // Runs in the page: it must not use anything from this module (it is sent as source text).
    return page.evaluate(
      (a: { method: string; args: unknown[] }): R | Promise<R> => {
        const sim = (globalThis as unknown as { simulator?: Record<string, unknown> }).simulator;
        if (!sim) throw new Error('window.simulator is missing: open the simulator page first (page.goto(sim.url))');
        const member = sim[a.method];
        return (typeof member === 'function' ? member.apply(sim, a.args) : member) as R | Promise<R>;
      },
      { method, args },
    );
  };
  return {
    waitForBind: (event, timeoutMs = 5000) => call('waitForBind', event, timeoutMs),
    fire: (event, payload) => call('fire', event, payload),
    fireExact: (event, payload) => call('fireExact', event, payload),
    press: (button, payload) => call('press', button, payload),
    card: () => call('card'),
    waitForCard: (options) => call('waitForCard', options),
    commands: () => call('commands'),
    restLog: () => call('restLog'),
    calls: () => call('calls'),
    log: () => call('log'),
    apps: () => call('apps'),
    bindsOf: (index) => call('bindsOf', index),
    setPlacement: (placement) => call('setPlacement', placement),
    setClientMode: (mode) => call('setClientMode', mode),
    reload: () => call('reload'),
    playScenario: (id, options) => call('playScenario', id, options),
  };
}

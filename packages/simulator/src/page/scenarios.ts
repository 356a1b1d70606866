/**
 * The call-scenario player (DOM-free): plays a whole call as your backend, the telephony and the
 * person at the card would, one logged step at a time.
 *
 * The backend's part goes through REST exactly as yours would (`telephony.externalCall.register`
 * and `.finish` with an app token from `POST /sim/token`): the card opens from the server's event
 * as for any call, the call is listed in `/sim/calls`, finishing leaves the CRM activity, and the
 * REST log shows each request. The person's and the telephony's part drive the card directly:
 * buttons through the engine (`press`: the `BackgroundCallCard::*` event fires only when the card
 * shows the button), the call connecting and ending through the card model, and the UI states a
 * worker would set in answer (`connectingOutgoing`, `redial`, `transferring`...) through the
 * model's `CallCardSetUiState` — said so in the log, so it is never mistaken for your app's doing.
 */
import type { CallCardModel } from '../card/callCardModel';
import type { CrmSample } from '../crmSample';
import type { PortalEngine } from '../portal/portalEngine';
import type { ButtonEvent, CallCardUiState } from '../protocol';

/** The scenarios the player knows. */
export const SCENARIOS = [
  { id: 'incoming', title: 'Incoming call, answered' },
  { id: 'outgoing', title: 'Outgoing call' },
  { id: 'busy-redial', title: 'Busy → redial' },
  { id: 'transfer', title: 'Transfer' },
  { id: 'call-list', title: 'Call list: next / skip' },
] as const;

/** A scenario's id. */
export type ScenarioId = (typeof SCENARIOS)[number]['id'];

/**
 * Options of {@link ScenarioPlayer.play}.
 *
 * @inline
 */
export interface PlayOptions {
  /** Pause between steps, in ms. Default 800 (the panel), `0` for tests. */
  readonly stepMs?: number;
}

/** Options of {@link createScenarioPlayer}. */
export interface ScenarioPlayerOptions {
  readonly engine: PortalEngine;
  readonly card: CallCardModel;
  readonly crm: CrmSample;
  /** Calls a REST method as the app's backend (with an app token); resolves with the `result`, rejects with the REST error. */
  readonly rest: (method: string, params: Record<string, unknown>) => Promise<unknown>;
  /** Resolves when the card is open for `callId` (the server's `show` event arrived). */
  readonly waitForCard: (callId: string, timeoutMs: number) => Promise<unknown>;
  /** Writes a log line. */
  readonly log: (text: string, flagged?: boolean) => void;
  /** Default: `setTimeout`. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** The page's user. Default 1. */
  readonly userId?: number;
}

/** The player. */
export interface ScenarioPlayer {
  /**
   * Plays a scenario; resolves when its last step ran. A scenario started while another plays
   * stops the other (it rejects with `stopped`). Rejects when a REST step fails.
   */
  play(id: ScenarioId, options?: PlayOptions): Promise<void>;
  /** Stops the scenario playing (it rejects with `stopped`). */
  stop(): void;
  /** The id of the scenario playing, or `null`. */
  readonly playing: ScenarioId | null;
}

interface Step {
  readonly say: string;
  readonly run: () => unknown;
}

const WAIT_CARD_MS = 5000;

/** Creates the scenario player. */
export function createScenarioPlayer(options: ScenarioPlayerOptions): ScenarioPlayer {
  const { engine, card, crm } = options;
  const userId = options.userId ?? 1;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  let run: { id: ScenarioId; stopped: boolean } | null = null;

  const steps = (id: ScenarioId): Step[] => {
    let callId = '';
    const register = (say: string, params: Record<string, unknown>): Step => ({
      say,
      run: async () => {
        const r = (await options.rest('telephony.externalCall.register', { USER_ID: userId, ...params })) as {
          CALL_ID: string;
        };
        callId = r.CALL_ID;
        await options.waitForCard(callId, WAIT_CARD_MS);
      },
    });
    const press = (button: ButtonEvent, payload?: unknown): Step => ({
      say: `press ${button}`,
      // A button the card does not show (your worker moved the card elsewhere) is logged by the engine.
      run: () => engine.press(button, payload),
    });
    const uiState = (state: CallCardUiState): Step => ({
      say: `the card shows ${state} (set by the simulator, as your worker would with CallCardSetUiState)`,
      run: () => card.command('CallCardSetUiState', { uiState: state }, 'browser', 'PAGE_BACKGROUND_WORKER'),
    });
    const connect: Step = { say: 'the call connects (timer starts)', run: () => card.connect() };
    const finish = (duration: number, status = '200'): Step => ({
      say: `your backend finishes the call: telephony.externalCall.finish (DURATION ${duration}, STATUS_CODE ${status})`,
      run: () =>
        options.rest('telephony.externalCall.finish', {
          CALL_ID: callId,
          USER_ID: userId,
          DURATION: duration,
          STATUS_CODE: status,
        }),
    });
    const nextClient = (type: 'CONTACT', id: string): Step => ({
      say: `the call list moves to ${type} #${id}: entityChanged`,
      run: () => {
        const r = crm[type].find((x) => x.ID === id);
        const phone = (r?.PHONE as Array<{ VALUE?: string }> | undefined)?.[0]?.VALUE;
        return engine.changeEntity({
          PHONE_NUMBER: phone || 'unknown',
          CRM_ENTITY_TYPE: type,
          CRM_ENTITY_ID: Number(id),
        });
      },
    });
    const incoming = (say: string) =>
      register(
        `${say}: your backend registers an incoming call from +15550100 (CONTACT #17): telephony.externalCall.register TYPE 2`,
        {
          PHONE_NUMBER: '+15550100',
          TYPE: 2,
        },
      );

    switch (id) {
      case 'incoming':
        return [
          incoming('incoming'),
          press('answerButtonClick'),
          connect,
          press('holdButtonClick'),
          press('holdButtonClick'),
          press('hangupButtonClick'),
          finish(95),
        ];
      case 'outgoing':
        return [
          register('your backend registers an outgoing call to +15550201 (COMPANY #5): TYPE 1', {
            PHONE_NUMBER: '+15550201',
            TYPE: 1,
          }),
          press('makeCallButtonClick'),
          uiState('connectingOutgoing'),
          connect,
          press('muteButtonClick'),
          press('hangupButtonClick'),
          finish(40),
        ];
      case 'busy-redial':
        return [
          register('your backend registers an outgoing call to +15550301 (LEAD #32): TYPE 1', {
            PHONE_NUMBER: '+15550301',
            TYPE: 1,
          }),
          press('makeCallButtonClick'),
          uiState('connectingOutgoing'),
          { say: 'the line is busy: the call ends with SIP 486', run: () => card.end('486') },
          uiState('redial'),
          press('makeCallButtonClick'),
          uiState('connectingOutgoing'),
          connect,
          press('hangupButtonClick'),
          finish(61),
        ];
      case 'transfer':
        return [
          incoming('transfer'),
          press('answerButtonClick'),
          connect,
          press('transferButtonClick', { phoneNumber: '+15550100', target: '3' }),
          uiState('transferring'),
          press('completeTransferButtonClick'),
          uiState('transferConnected'),
          press('hangupButtonClick'),
          finish(120),
        ];
      case 'call-list':
        return [
          register(
            'a call list: your backend registers an outgoing call to +15550100 (CONTACT #17) with CALL_LIST_ID',
            {
              PHONE_NUMBER: '+15550100',
              TYPE: 1,
              CALL_LIST_ID: 1,
            },
          ),
          press('nextButtonClick'),
          {
            ...nextClient('CONTACT', '18'),
            say: 'CONTACT #17 skipped: the call list moves to CONTACT #18: entityChanged',
          },
          press('makeCallButtonClick'),
          uiState('connectingOutgoing'),
          connect,
          press('hangupButtonClick'),
          finish(33),
        ];
    }
  };

  return {
    async play(id, playOptions = {}) {
      const scenario = SCENARIOS.find((s) => s.id === id);
      if (!scenario) {
        throw new Error(`Unknown scenario "${String(id)}": use ${SCENARIOS.map((s) => s.id).join(', ')}`);
      }
      const stepMs = playOptions.stepMs ?? 800;
      if (run) run.stopped = true;
      const mine = { id, stopped: false };
      run = mine;
      const list = steps(id);
      try {
        options.log(`scenario "${scenario.title}": ${list.length} steps`);
        for (const [i, step] of list.entries()) {
          if (i > 0 && stepMs > 0) await sleep(stepMs);
          if (mine.stopped) throw new Error(`scenario "${scenario.title}" stopped`);
          options.log(`scenario "${scenario.title}" ${i + 1}/${list.length}: ${step.say}`);
          try {
            await step.run();
          } catch (e) {
            options.log(
              `scenario "${scenario.title}" ${i + 1}/${list.length} failed: ${String((e as Error)?.message ?? e)}`,
              true,
            );
            throw e;
          }
        }
        options.log(`scenario "${scenario.title}": done`);
      } finally {
        if (run === mine) run = null;
      }
    },
    stop() {
      if (run) run.stopped = true;
    },
    get playing() {
      return run?.id ?? null;
    },
  };
}

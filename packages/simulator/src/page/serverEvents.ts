/**
 * What the page does with the server's events (`GET /sim/events`), DOM-free: REST entries go to
 * the log and the REST log; a call shown to the page's user opens the card (`initialized`, then
 * `entityChanged`), hidden or finished closes it; every user's open calls are listed.
 */
import type { SimCall } from '../card/callCardModel';
import type { CallCardModel } from '../card/callCardModel';
import type { PortalEngine } from '../portal/portalEngine';

/**
 * One REST call the portal answered, as the page received it over `/sim/events` (tokens masked).
 *
 * @inline
 */
export interface RestLogItem {
  /** When the page received it (`performance.now()`). */
  readonly at: number;
  readonly method: string;
  readonly params: Record<string, unknown>;
  readonly status: number;
  readonly error: string | null;
}

/**
 * An open call, of any user, as the page lists it.
 *
 * @inline
 */
export interface CallListItem {
  readonly call: SimCall;
  /** Whether the card is shown to the call's user now (`.show` / `.hide`). */
  readonly shown: boolean;
}

/** Options of {@link createServerEvents}. */
export interface ServerEventsOptions {
  readonly engine: PortalEngine;
  readonly card: CallCardModel;
  /** The page's user (`profile` answers 1). */
  readonly userId?: number;
  /** Writes a log line: `rest` for REST entries, `sim` for what the page did. */
  readonly log: (dir: 'rest' | 'sim', text: string, flagged?: boolean) => void;
  /** Called after a call opened the card (a new call, not the same one shown again). */
  readonly onCardOpened?: (call: SimCall) => void;
  /** Called with each REST entry, after it is logged. */
  readonly onRest?: (item: RestLogItem) => void;
  /** Called after the list of calls changed. */
  readonly onCallsChanged?: () => void;
  /** Default: `performance.now`. */
  readonly now?: () => number;
  /** REST entries kept, the oldest dropped first. Default 1000. */
  readonly maxRest?: number;
  /** Open calls listed, the oldest dropped first. Default 200. */
  readonly maxCalls?: number;
}

/** The page's side of the server's event stream. */
export interface ServerEvents {
  /** Handles one event (the parsed `data:` of the stream); anything else is logged and ignored. */
  handle(event: unknown): void;
  /** Catches up with `GET /sim/calls`: lists the calls, and opens the last one shown to the page's user. */
  catchUp(body: unknown): void;
  /** Lists the calls of `GET /sim/calls` (a call registered with `SHOW=0` sends no event), opening none. */
  list(body: unknown): void;
  /** The REST entries received, oldest first. */
  restLog(): RestLogItem[];
  /** The open calls of every user, oldest first. */
  calls(): CallListItem[];
}

const isCall = (v: unknown): v is SimCall =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as SimCall).CALL_ID === 'string' &&
  typeof (v as SimCall).USER_ID === 'number';

const who = (call: SimCall) => `${call.CALL_DIRECTION} ${call.PHONE_NUMBER || 'hidden'}`;

/** Creates the handler of the server's events. */
export function createServerEvents(options: ServerEventsOptions): ServerEvents {
  const { engine, card } = options;
  const userId = options.userId ?? 1;
  const now = options.now ?? (() => performance.now());
  const maxRest = options.maxRest ?? 1000;
  const maxCalls = options.maxCalls ?? 200;
  const rest: RestLogItem[] = [];
  /** CALL_ID → the call and whether it is shown; a Map keeps the order calls came in. */
  const calls = new Map<string, { call: SimCall; shown: boolean }>();

  const remember = (call: SimCall, shown: boolean | null) => {
    const old = calls.get(call.CALL_ID);
    calls.set(call.CALL_ID, { call, shown: shown ?? old?.shown ?? false });
    for (const key of calls.keys()) {
      if (calls.size <= maxCalls) break;
      calls.delete(key);
    }
  };

  const isCardOf = (call: SimCall) => card.getState().call?.CALL_ID === call.CALL_ID;

  const open = (call: SimCall) => {
    const s = card.getState();
    if (s.open && s.call?.CALL_ID === call.CALL_ID) {
      options.log('sim', `call ${call.CALL_ID} is shown again: the card is open already`);
      return;
    }
    engine.openCall(call);
    options.onCardOpened?.(call);
  };

  const onCall = (action: unknown, call: SimCall) => {
    const mine = call.USER_ID === userId;
    if (action === 'show') {
      remember(call, true);
      if (mine) open(call);
      else
        options.log(
          'sim',
          `call ${call.CALL_ID} (${who(call)}) shown to user ${call.USER_ID}: listed, not this page's user`,
        );
    } else if (action === 'hide') {
      remember(call, false);
      if (!mine) options.log('sim', `call ${call.CALL_ID} hidden from user ${call.USER_ID}`);
      else if (isCardOf(call) && card.getState().open) {
        options.log('sim', `call ${call.CALL_ID} hidden (.hide): the card closes`);
        card.autoClose();
      } else options.log('sim', `call ${call.CALL_ID} hidden (.hide): its card is not open here`);
    } else if (action === 'finish') {
      calls.delete(call.CALL_ID);
      if (mine && isCardOf(call) && card.getState().open) {
        options.log('sim', `call ${call.CALL_ID} finished (.finish): the call ends and the card closes`);
        card.finish();
      } else options.log('sim', `call ${call.CALL_ID} of user ${call.USER_ID} finished`);
    } else {
      options.log('sim', `unknown call event ${JSON.stringify(action)}: ignored`, true);
      return;
    }
    options.onCallsChanged?.();
  };

  /** Reads a `GET /sim/calls` answer; the list is replaced by it (finished calls drop out). */
  const read = (body: unknown) => {
    const b = body as { calls?: unknown; shownTo?: unknown } | null;
    const list = Array.isArray(b?.calls) ? b.calls.filter(isCall) : [];
    const shownTo = (typeof b?.shownTo === 'object' && b.shownTo !== null ? b.shownTo : {}) as Record<string, unknown>;
    const usersOf = (c: SimCall): unknown[] => {
      const users = shownTo[c.CALL_ID];
      return Array.isArray(users) ? users : [];
    };
    calls.clear();
    for (const c of list) remember(c, usersOf(c).length > 0);
    return { list, usersOf };
  };

  return {
    handle(event) {
      const e = event as { type?: unknown; action?: unknown; call?: unknown } & Partial<RestLogItem>;
      if (typeof e !== 'object' || e === null) return options.log('sim', `server event ${String(e)}: ignored`, true);
      if (e.type === 'rest') {
        const item: RestLogItem = {
          at: now(),
          method: String(e.method),
          params: (e.params ?? {}) as Record<string, unknown>,
          status: Number(e.status),
          error: typeof e.error === 'string' ? e.error : null,
        };
        rest.push(item);
        if (rest.length > maxRest) rest.splice(0, rest.length - maxRest);
        options.log(
          'rest',
          `${item.method} ${JSON.stringify(item.params)} → ${item.status}${item.error ? ' ' + item.error : ''}`,
          item.status >= 500,
        );
        options.onRest?.(item);
        return;
      }
      if (e.type === 'call' && isCall(e.call)) return onCall(e.action, e.call);
      options.log('sim', `server event of an unknown shape: ${JSON.stringify(e).slice(0, 200)}`, true);
    },
    catchUp(body) {
      const { list, usersOf } = read(body);
      const last = [...list].reverse().find((c) => usersOf(c).includes(userId));
      if (last && !card.getState().open) {
        // The apps are loading with the page: open the card once every one of them listens for the
        // client (or after 3 s), so the call's initialized and entityChanged reach them, as they
        // would on a portal page whose worker was loaded before the call came.
        const everyAppListens = (): boolean => {
          const apps = engine.appIds();
          return apps.length > 0 && apps.every((id) => engine.binds(id).some((e) => /::entityChanged$/i.test(e)));
        };
        const start = now();
        void new Promise<void>((resolve) => {
          const check = (): void =>
            void (everyAppListens() || now() - start > 3000 ? resolve() : setTimeout(check, 50));
          check();
        }).then(() => {
          if (card.getState().open) return;
          options.log('sim', `call ${last.CALL_ID} (${who(last)}) was shown before the page loaded: the card opens`);
          open({ ...last, USER_ID: userId });
        });
      }
      options.onCallsChanged?.();
    },
    list(body) {
      read(body);
      options.onCallsChanged?.();
    },
    restLog: () => rest.map((r) => ({ ...r })),
    calls: () => [...calls.values()].map((c) => ({ ...c })),
  };
}

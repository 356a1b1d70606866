import type { CallCardClient } from '../client/createCallCardClient';
import { whenConnected } from '../client/whenConnected';
import { isCallCardError } from '../errors';
import { parseCallCardCall } from '../events/parseCallCardCall';
import { sendOnce } from '../transports/sendOnce';
import type { TransportConnection } from '../transports/transport';
import { CallCardCommandError, type CallCardCommandReason } from './CallCardCommandError';
import {
  CALL_CARD_UI_STATES,
  COMMANDS,
  commandPlacement,
  type CallCardCommandName,
  type CallCardCommandParams,
  type CallCardCommandResult,
} from './callCardCommands';
import { commandSucceeded } from './onCommandSucceeded';

/** Options of {@link callCardCommand}. */
export interface CallCardCommandOptions {
  /**
   * How long to wait for the portal's answer, from sending, before `NO_ANSWER`. Default: 5000 ms.
   * (The first command of a connection may first wait up to 1000 ms for `getInterface`.)
   */
  readonly timeoutMs?: number;
  /**
   * For `CallCardStartTimer` / `CallCardStopTimer`: how long silence counts as success (the
   * browser never answers them; the desktop app answers `[]` at once). Default: 1000 ms.
   */
  readonly timerGraceMs?: number;
  /** Cancels the command (it then rejects with the signal's reason). */
  readonly signal?: AbortSignal;
}

/** How long a command waits for the portal's `getInterface` answer before it is sent anyway. */
const INTERFACE_WAIT_MS = 1000;
const interfaces = new WeakMap<TransportConnection, Promise<readonly string[] | null>>();

/** The commands the portal says this placement has, asked once per connection; `null` when it does not say. */
const portalCommands = (c: TransportConnection): Promise<readonly string[] | null> => {
  let p = interfaces.get(c);
  if (!p) {
    let asked: Promise<unknown>;
    try {
      asked = sendOnce(c, 'getInterface', {}, { timeoutMs: INTERFACE_WAIT_MS, onTimeout: () => null });
    } catch {
      asked = Promise.resolve(null); // the transport cannot ask: the placement check stands alone
    }
    p = asked.then(
      (answer) => {
        const list = (answer as { command?: unknown } | null)?.command;
        return Array.isArray(list) && list.every((x) => typeof x === 'string') ? list : null;
      },
      () => null,
    );
    interfaces.set(c, p);
  }
  return p;
};

/** The portal's error code in an answer (`[{result:'error', errorCode}]` or the bare object), or `null`. */
const errorCodeOf = (answer: unknown): string | null => {
  const e = (Array.isArray(answer) ? answer[0] : answer) as { result?: unknown; errorCode?: unknown } | null;
  return typeof e === 'object' && e !== null && e.result === 'error'
    ? typeof e.errorCode === 'string'
      ? e.errorCode
      : ''
    : null;
};

const reasonOf = (code: string): CallCardCommandReason =>
  code === 'Call card is undefined'
    ? 'NO_CARD'
    : /^invalid ui state/i.test(code)
      ? 'INVALID_UI_STATE'
      : /^missing field/i.test(code)
        ? 'MISSING_FIELD'
        : 'PORTAL';

const HINTS: Partial<Record<CallCardCommandReason, string>> = {
  NO_CARD:
    'no call card to manage: wait for initialized (events and commands only work for calls raised with telephony.externalCall.register), and not after the card closed',
};

/** Checks the parameters against the command's fields; returns only the known ones. */
function cleanParams(command: CallCardCommandName, params: unknown): Record<string, unknown> {
  const fields = COMMANDS[command][1] ?? {};
  const given = (typeof params === 'object' && params !== null ? params : {}) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [name, type] of Object.entries(fields)) {
    const v = given[name];
    if (v === undefined && type.endsWith('?')) continue;
    if (type === 'uiState') {
      if (!CALL_CARD_UI_STATES.includes(v as never)) {
        throw new CallCardCommandError(
          command,
          'INVALID_UI_STATE',
          `${JSON.stringify(v)} is not a UI state: one of ${CALL_CARD_UI_STATES.join(', ')}`,
        );
      }
    } else if (typeof v !== type.replace('?', '')) {
      throw new CallCardCommandError(command, 'MISSING_FIELD', `${name} must be a ${type.replace('?', '')}`);
    }
    out[name] = v;
  }
  return out;
}

/**
 * Sends a call-card command through the client's transport, by the portal's own name, and
 * resolves with its typed result (`undefined` for the commands that answer `[]`; the UI states
 * for `CallCardGetListUiStates`; the normalised call for `getStatus`). It waits for the
 * connection, checks the parameters first (the 12 UI states, required fields; extra keys are
 * never sent), and rejects with a {@link CallCardCommandError} whose `reason` says what happened:
 * the portal's errors come back as answers, and are turned into `NO_CARD`, `INVALID_UI_STATE`,
 * `MISSING_FIELD` (both desktop shapes) or `PORTAL`; a command the placement does not offer is
 * `NOT_AVAILABLE` at once (never sent); no answer within `timeoutMs` is `NO_ANSWER`.
 * `CallCardStartTimer` / `CallCardStopTimer` resolve after `timerGraceMs` of silence (the
 * browser never answers them), at once on the desktop app's `[]`.
 *
 * @example
 * await callCardCommand(client, 'CallCardSetStatusText', { statusText: 'VIP client' });
 * const call = await callCardCommand(client, 'getStatus'); // in the CALL_CARD tab
 */
export async function callCardCommand<C extends CallCardCommandName>(
  client: CallCardClient,
  command: C,
  ...[params, options = {}]: CallCardCommandParams<C> extends Record<string, never>
    ? [params?: CallCardCommandParams<C>, options?: CallCardCommandOptions]
    : [params: CallCardCommandParams<C>, options?: CallCardCommandOptions]
): Promise<CallCardCommandResult<C>> {
  if (!Object.prototype.hasOwnProperty.call(COMMANDS, command)) {
    throw new TypeError(
      `Unknown call-card command "${String(command)}": expected one of ${Object.keys(COMMANDS).join(', ')}`,
    );
  }
  const clean = cleanParams(command, params);
  const { timeoutMs = 5000, timerGraceMs = 1000, signal } = options;
  let conn: TransportConnection;
  try {
    conn = await whenConnected(client, { signal });
  } catch (e) {
    throw isCallCardError(e) && e.code === 'NOT_CONNECTED'
      ? new CallCardCommandError(command, 'NOT_CONNECTED', e.message)
      : e;
  }
  const placement = commandPlacement(command);
  const notAvailable = (why: string) =>
    new CallCardCommandError(command, 'NOT_AVAILABLE', `not available in ${conn.placement} (${why})`);
  if (conn.placement !== placement) throw notAvailable(`a command of ${placement}`);
  if (!conn.send) throw notAvailable('this transport cannot send commands');
  const offered = await new Promise<readonly string[] | null>((resolve, reject) => {
    signal?.throwIfAborted();
    const onAbort = (): void => reject(signal!.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    portalCommands(conn).then((list) => (signal?.removeEventListener('abort', onAbort), resolve(list)));
  });
  if (offered && !offered.includes(command)) throw notAvailable('the portal does not list it in getInterface');

  const isTimer = command === 'CallCardStartTimer' || command === 'CallCardStopTimer';
  let sent: Promise<unknown>;
  try {
    sent = sendOnce(conn, command, clean, {
      signal,
      timeoutMs: isTimer ? timerGraceMs : timeoutMs,
      onTimeout: () => {
        // The browser never answers the timers: silence is success, on a live connection only.
        if (!isTimer)
          throw new CallCardCommandError(command, 'NO_ANSWER', `no answer from the portal in ${timeoutMs} ms`);
        if (client.getConnection() !== conn)
          throw new CallCardCommandError(command, 'NOT_CONNECTED', 'the client was destroyed');
        return undefined;
      },
    });
  } catch (e) {
    // The transport cannot send it (a BX24 without placement.call, say).
    throw new CallCardCommandError(
      command,
      'NOT_AVAILABLE',
      `this transport cannot send it (${String((e as Error)?.message ?? e)})`,
    );
  }
  const value = await sent;
  const code = errorCodeOf(value);
  if (code !== null) {
    const reason = reasonOf(code);
    throw new CallCardCommandError(command, reason, HINTS[reason] ?? code, code, value);
  }

  let result: unknown;
  if (command === 'getStatus') {
    const r = parseCallCardCall(value);
    if (!r.ok)
      throw new CallCardCommandError(command, 'INVALID_ANSWER', `not a call: bad ${r.error.field}`, null, value);
    result = r.value;
  } else if (command === 'CallCardGetListUiStates') {
    if (!Array.isArray(value) || !value.every((s) => typeof s === 'string')) {
      throw new CallCardCommandError(command, 'INVALID_ANSWER', 'not a list of UI states', null, value);
    }
    result = value;
  }
  commandSucceeded(client, command, clean);
  return result as CallCardCommandResult<C>;
}

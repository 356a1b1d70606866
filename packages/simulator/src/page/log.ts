import { logText } from '../protocol';

/**
 * One line of the simulator's message log.
 *
 * @inline
 */
export interface LogEntry {
  /** ms since the page loaded. */
  readonly at: number;
  /** Which way the message went. */
  readonly dir: 'app→portal' | 'portal→app' | 'rest' | 'sim';
  /** The app's label ('' for the portal itself). */
  readonly app: string;
  /** The message, tokens masked, cut to `LOG_LINE_MAX` characters (see `logText`). */
  readonly text: string;
  /** Whether it is a problem (malformed, refused, failed). */
  readonly flagged: boolean;
}

/** The log's total size, in characters, before the oldest lines are dropped. */
export const MAX_TOTAL = 2_000_000;

/**
 * The log, capped by total size: each line masked and cut (`logText`), the oldest lines dropped
 * once the total passes {@link MAX_TOTAL}. DOM-free: the page renders what `add` returns.
 */
export function createLog(now: () => number = () => performance.now()) {
  const entries: LogEntry[] = [];
  let total = 0;
  return {
    entries: entries as readonly LogEntry[],
    add(dir: LogEntry['dir'], app: string, text: string, flagged = false): LogEntry {
      const entry: LogEntry = { at: Math.round(now()), dir, app, text: logText(text), flagged };
      entries.push(entry);
      total += entry.text.length;
      while (total > MAX_TOTAL && entries.length > 1) total -= entries.shift()!.text.length;
      return entry;
    },
    /** The characters held now (for tests and the bench). */
    get size() {
      return total;
    },
  };
}

/** The message log on screen: the last lines only, rendered once per frame. */
import type { LogEntry } from './log';

/** Lines kept in the DOM (the full, size-capped log is `window.simulator.log`). */
export const MAX_DOM_LINES = 500;

const classOf = (e: LogEntry): string =>
  e.flagged
    ? 'bad'
    : e.dir === 'app→portal'
      ? 'in'
      : e.dir === 'portal→app'
        ? 'out'
        : e.dir === 'rest'
          ? 'rest'
          : 'sim';

/** Renders log entries into `el`: batched per animation frame, at most {@link MAX_DOM_LINES} lines. */
export function createLogView(el: HTMLElement): { add(entry: LogEntry): void } {
  let pending: LogEntry[] = [];
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    // A burst (1 000 fires) renders only what can stay on screen.
    const batch = pending.length > MAX_DOM_LINES ? pending.slice(-MAX_DOM_LINES) : pending;
    pending = [];
    const fragment = document.createDocumentFragment();
    for (const e of batch) {
      const line = document.createElement('div');
      line.className = classOf(e);
      line.textContent = `${String(e.at).padStart(7)} ms  ${e.dir.padEnd(10)} ${e.app.padEnd(14)} ${e.flagged ? '⚠ ' : ''}${e.text}`;
      fragment.appendChild(line);
    }
    el.appendChild(fragment);
    let extra = el.childElementCount - MAX_DOM_LINES;
    while (extra-- > 0) el.firstElementChild?.remove();
    el.scrollTop = el.scrollHeight;
  };
  return {
    add(entry) {
      pending.push(entry);
      if (pending.length > MAX_DOM_LINES * 2) pending = pending.slice(-MAX_DOM_LINES);
      if (!scheduled) {
        scheduled = true;
        requestAnimationFrame(flush);
      }
    },
  };
}

import type { CallCardClient } from '../client/createCallCardClient';
import { callCardCommand } from './callCardCommand';

/** Options of {@link keepCallCardOpen}. */
export interface KeepCallCardOpenOptions {
  /**
   * How often the hold is renewed: `disableAutoClose` keeps the card open 65 s after the call
   * ends, and each call restarts that countdown. Default: 50 000 ms.
   */
  readonly renewMs?: number;
}

/**
 * Keeps the call card from closing on its own, for the `CALL_CARD` tab (say, while a form after
 * the call is not saved): sends `disableAutoClose` now and again before the portal's 65 s run
 * out. The returned function releases the card (`enableAutoClose`: it closes now if the call has
 * ended) and stops renewing; calling it twice is harmless. Holds are counted per client: the card
 * is released when the last one is, a tick later, and a hold taken in that tick cancels the
 * release (so React StrictMode's unmount and remount never let the card close). Failures go to
 * the client's `onError`; renewing stops on one that cannot pass (`NOT_AVAILABLE`,
 * `NOT_CONNECTED`).
 *
 * @example
 * const release = keepCallCardOpen(client);
 * form.addEventListener('submit', () => save().then(release));
 */
/** Per client: how many holds are taken, and a release waiting for its tick. */
const holds = new WeakMap<CallCardClient, { count: number; release?: ReturnType<typeof setTimeout> }>();

/** Failures no renewal can fix: stop renewing. */
const PERMANENT = ['NOT_AVAILABLE', 'NOT_CONNECTED'];

export function keepCallCardOpen(client: CallCardClient, options: KeepCallCardOpenOptions = {}): () => void {
  const { renewMs = 50_000 } = options;
  let h = holds.get(client);
  if (!h) holds.set(client, (h = { count: 0 }));
  const shared = h;
  // A hold taken right after a release (React StrictMode, a re-render) cancels that release: the
  // card must not get an enableAutoClose in between, which would close it if the call has ended.
  clearTimeout(shared.release);
  shared.count++;
  let timer: ReturnType<typeof setInterval> | undefined = undefined;
  const hold = (): void =>
    void callCardCommand(client, 'disableAutoClose').catch((e: unknown) => {
      if (PERMANENT.includes((e as { reason?: string }).reason ?? '')) clearInterval(timer);
      client.report(e);
    });
  hold();
  timer = setInterval(hold, renewMs);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    clearInterval(timer);
    shared.count--;
    // The last hold released: let the card close, one tick later (see above).
    if (shared.count === 0) {
      shared.release = setTimeout(() => void callCardCommand(client, 'enableAutoClose').catch(client.report), 0);
    }
  };
}

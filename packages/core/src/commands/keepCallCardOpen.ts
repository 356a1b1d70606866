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
 * ended) and stops renewing; calling it twice is harmless. Failures go to the client's `onError`.
 *
 * @example
 * const release = keepCallCardOpen(client);
 * form.addEventListener('submit', () => save().then(release));
 */
export function keepCallCardOpen(client: CallCardClient, options: KeepCallCardOpenOptions = {}): () => void {
  const { renewMs = 50_000 } = options;
  const hold = (): void => void callCardCommand(client, 'disableAutoClose').catch(client.report);
  hold();
  const timer = setInterval(hold, renewMs);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    clearInterval(timer);
    void callCardCommand(client, 'enableAutoClose').catch(client.report);
  };
}

import type { CallCardClient } from '../client/createCallCardClient';
import { isCallCardPlacement, portalEventName } from '../client/portalEventName';
import { onceConnected } from '../client/whenConnected';
import { CallCardUnsupportedError } from '../errors';
import type { Unsubscribe } from '../types';
import {
  CALL_CARD_EVENTS,
  callCardEventParser,
  isCallCardEvent,
  type CallCardEventMap,
  type CallCardEventName,
} from './callCardEvents';

/** Events already reported as not in the client's placement: once each. */
const reported = new WeakMap<CallCardClient, Set<string>>();

/**
 * Calls `handler` with each valid payload of a call-card event (see {@link CallCardEventMap}).
 * The event is bound once per client, lazily, when its first handler arrives (this starts the
 * client); each payload is validated once, and an invalid one goes to the client's `onError`
 * instead. An event the placement does not have (the background worker's in the `CALL_CARD` tab,
 * `beforeClose` / `callStateChanged` in the worker) is never bound: the client's `onError` gets a
 * `CallCardUnsupportedError` with reason `EVENT_NOT_IN_PLACEMENT`, once per event. Returns the
 * unsubscribe function. Throws a `TypeError` for an unknown event name.
 *
 * @example
 * const off = onCallCardEvent(client, 'hangupButtonClick', () => saveNotes());
 */
export function onCallCardEvent<K extends CallCardEventName>(
  client: CallCardClient,
  event: K,
  handler: (payload: CallCardEventMap[K]) => void,
): Unsubscribe {
  if (!isCallCardEvent(event)) {
    throw new TypeError(`Unknown call-card event "${String(event)}": expected one of ${CALL_CARD_EVENTS.join(', ')}`);
  }
  onceConnected(client, ({ placement }) => {
    let done = reported.get(client);
    if (!done) reported.set(client, (done = new Set()));
    if (!isCallCardPlacement(placement) || portalEventName(placement, event) || done.has(event)) return;
    done.add(event);
    const other = placement === 'CALL_CARD' ? 'PAGE_BACKGROUND_WORKER' : 'CALL_CARD';
    client.report(
      new CallCardUnsupportedError(
        'EVENT_NOT_IN_PLACEMENT',
        `${event} is not an event of ${placement}: only ${other} has it, so it is never bound here`,
      ),
    );
  });
  return client.listen(event, callCardEventParser(event), (r) => r.ok && handler(r.value));
}

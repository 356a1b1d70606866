import type { CallCardClient } from '../client/createCallCardClient';
import type { Unsubscribe } from '../types';
import {
  CALL_CARD_EVENTS,
  callCardEventParser,
  isCallCardEvent,
  type CallCardEventMap,
  type CallCardEventName,
} from './callCardEvents';

/**
 * Calls `handler` with each valid payload of a call-card event (see {@link CallCardEventMap}).
 * The event is bound once per client, lazily, when its first handler arrives (this starts the
 * client); each payload is validated once, and an invalid one goes to the client's `onError`
 * instead. Returns the unsubscribe function. Throws a `TypeError` for an unknown event name.
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
  return client.listen(event, callCardEventParser(event), (r) => r.ok && handler(r.value));
}

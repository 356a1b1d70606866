import {
  onCallCardEvent,
  type CallCardClient,
  type CallCardEventMap,
  type CallCardEventName,
} from '@b24-callcard/core';
import { useCallCardClient } from './plugin';
import { subscribeInScope } from './scope';

/**
 * Calls `handler` with each valid payload of a call-card event until the current scope is
 * disposed. The event is bound once per client.
 *
 * @example
 * useCallCardEvent('hangupButtonClick', () => saveNotes());
 */
export function useCallCardEvent<K extends CallCardEventName>(
  event: K,
  handler: (payload: CallCardEventMap[K]) => void,
  options: { readonly client?: CallCardClient } = {},
): void {
  const client = useCallCardClient(options.client);
  subscribeInScope(() => onCallCardEvent(client, event, handler));
}

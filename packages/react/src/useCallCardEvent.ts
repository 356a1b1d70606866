'use client';
import { useEffect, useInsertionEffect, useRef } from 'react';
import {
  onCallCardEvent,
  type CallCardClient,
  type CallCardEventMap,
  type CallCardEventName,
} from '@b24-callcard/core';
import { useCallCardClient } from './context';

/**
 * Calls `handler` with each valid payload of a call-card event while the component is mounted.
 * The latest `handler` is always used, without re-binding; the event is bound once per client.
 *
 * @example
 * useCallCardEvent('hangupButtonClick', () => saveNotes());
 * useCallCardEvent('dialpadButtonClick', (key) => setDigits((d) => d + key));
 */
export function useCallCardEvent<K extends CallCardEventName>(
  event: K,
  handler: (payload: CallCardEventMap[K]) => void,
  options: { readonly client?: CallCardClient } = {},
): void {
  const client = useCallCardClient(options.client);
  const latest = useRef(handler);
  useInsertionEffect(() => {
    latest.current = handler;
  });
  useEffect(() => onCallCardEvent(client, event, (payload) => latest.current(payload)), [client, event]);
}

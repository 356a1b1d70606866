'use client';
import { useSyncExternalStore } from 'react';
import { getCallStateStore, type CallCardClient, type CallState } from '@b24-callcard/core';
import { useCallCardClient } from './context';

/**
 * The call the card shows (id, direction, state, line, CRM entity, muted, held), from
 * `initialized` and the events after it; `null` before `initialized` and after the card closed.
 *
 * @example
 * const call = useCallState();
 * return call && <p>{call.direction} call {call.callId} on {call.line.name}: {call.state}</p>;
 */
export function useCallState(options: { readonly client?: CallCardClient } = {}): CallState | null {
  const store = getCallStateStore(useCallCardClient(options.client));
  return useSyncExternalStore(store.subscribe, store.getState, store.getServerState);
}

'use client';
import { useSyncExternalStore } from 'react';
import type { CallCardClient, CallCardState } from '@b24-callcard/core';
import { useCallCardClient } from './context';

/** Options of {@link useCallCardEntity}. */
export interface UseCallCardEntityOptions {
  /** The client to read. Default: the {@link CallCardProvider}'s, else the page's default client. */
  readonly client?: CallCardClient;
}

/** What {@link useCallCardEntity} returns: the client's state (a stable object until it changes). */
export type UseCallCardEntityResult = CallCardState;

/**
 * The client currently shown in the Bitrix24 call card, with the connection status.
 * Re-renders once per distinct change; the event is bound once per client, whatever mounts,
 * unmounts or double-renders (StrictMode). Server rendering sees the idle state.
 *
 * @example
 * const { entity, status, error } = useCallCardEntity();
 * if (status === 'unsupported') return <p>{error?.message}</p>;
 * return <p>{entity?.entityType} #{entity?.entityId} {entity?.phoneNumber}</p>;
 */
export function useCallCardEntity(options: UseCallCardEntityOptions = {}): UseCallCardEntityResult {
  const client = useCallCardClient(options.client);
  return useSyncExternalStore(client.subscribe, client.getState, client.getServerState);
}

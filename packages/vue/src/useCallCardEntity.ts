import { shallowReadonly, shallowRef, type ShallowRef } from 'vue';
import type { CallCardClient, CallCardEntity, CallCardError, CallCardState, CallCardStatus } from '@b24-callcard/core';
import { useCallCardClient } from './plugin';
import { subscribeInScope } from './scope';

/** Options of {@link useCallCardEntity}. */
export interface UseCallCardEntityOptions {
  /** The client to read. Default: the plugin's (or injected) client, else the page's default client. */
  readonly client?: CallCardClient;
}

/** What {@link useCallCardEntity} returns: one readonly shallow ref per state field. */
export interface UseCallCardEntityReturn {
  /** The current call-card entity, or `null`. */
  readonly entity: Readonly<ShallowRef<CallCardEntity | null>>;
  /** The connection status. */
  readonly status: Readonly<ShallowRef<CallCardStatus>>;
  /** The last error, or `null`. */
  readonly error: Readonly<ShallowRef<CallCardError | null>>;
  /** The placement, once known. */
  readonly placement: Readonly<ShallowRef<string | null>>;
}

/**
 * The client currently shown in the Bitrix24 call card, as readonly shallow refs. Each ref
 * updates only when its value changes. Unsubscribes when the current effect scope (component or
 * `effectScope`) is disposed; the event is bound once per client however often this runs.
 * During server rendering it returns the idle state and subscribes to nothing.
 *
 * @example
 * const { entity, status } = useCallCardEntity();
 * watch(entity, (e) => e && loadCrmRecord(e.entityType, e.entityId));
 */
export function useCallCardEntity(options: UseCallCardEntityOptions = {}): UseCallCardEntityReturn {
  const client = useCallCardClient(options.client);
  const state = client.getState();
  const entity = shallowRef(state.entity);
  const status = shallowRef(state.status);
  const error = shallowRef(state.error);
  const placement = shallowRef(state.placement);
  // A shallowRef triggers only when its value really changes: one update per distinct change.
  const sync = (s: CallCardState): void => {
    entity.value = s.entity;
    status.value = s.status;
    error.value = s.error;
    placement.value = s.placement;
  };
  subscribeInScope(() => {
    const off = client.subscribe(sync);
    sync(client.getState()); // subscribing may have started the client synchronously
    return off;
  });
  return {
    entity: shallowReadonly(entity),
    status: shallowReadonly(status),
    error: shallowReadonly(error),
    placement: shallowReadonly(placement),
  };
}

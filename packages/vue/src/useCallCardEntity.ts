import { onMounted, shallowReadonly, shallowRef, type ShallowRef } from 'vue';
import {
  IDLE_STATE,
  type CallCardClient,
  type CallCardEntity,
  type CallCardError,
  type CallCardState,
  type CallCardStatus,
} from '@b24-callcard/core';
import { useCallCardClient } from './plugin';
import { startsFromServerState, subscribeInScope } from './scope';

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
 * During server rendering it returns the idle state and subscribes to nothing; while hydrating
 * server HTML it starts from that idle state too, and catches up once mounted (no mismatch).
 *
 * @example
 * const { entity, status } = useCallCardEntity();
 * watch(entity, (e) => e && loadCrmRecord(e.entityType, e.entityId));
 */
export function useCallCardEntity(options: UseCallCardEntityOptions = {}): UseCallCardEntityReturn {
  const client = useCallCardClient(options.client);
  // Server rendering, or hydrating server HTML: start from the idle state the server rendered,
  // and (in the browser) catch up once mounted.
  const hydrating = startsFromServerState();
  const state = hydrating ? IDLE_STATE : client.getState();
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
    // Subscribing may have started the client synchronously: catch up now, or after hydration.
    if (hydrating) onMounted(() => sync(client.getState()));
    else sync(client.getState());
    return off;
  });
  return {
    entity: shallowReadonly(entity),
    status: shallowReadonly(status),
    error: shallowReadonly(error),
    placement: shallowReadonly(placement),
  };
}

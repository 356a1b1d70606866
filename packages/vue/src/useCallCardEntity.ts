import { shallowReadonly, shallowRef, type ShallowRef } from 'vue';
import type {
  CallCardClient,
  CallCardEntity,
  CallCardError,
  CallCardPlacement,
  CallCardState,
  CallCardStatus,
} from '@b24-callcard/core';
import { useCallCardClient } from './plugin';
import { syncInScope } from './scope';

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
  readonly placement: Readonly<ShallowRef<CallCardPlacement | null>>;
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
  const keys = ['entity', 'status', 'error', 'placement'] as const;
  const result: Record<string, unknown> = {};
  // A shallowRef triggers only when its value really changes: one update per distinct change.
  const refs = keys.map((k) => {
    const r = shallowRef<unknown>();
    result[k] = shallowReadonly(r);
    return r;
  });
  syncInScope(useCallCardClient(options.client), (s: CallCardState) => keys.forEach((k, i) => (refs[i]!.value = s[k])));
  return result as unknown as UseCallCardEntityReturn;
}

import { onMounted, shallowReadonly, shallowRef, type ShallowRef } from 'vue';
import { getCallStateStore, type CallCardClient, type CallState } from '@b24-callcard/core';
import { useCallCardClient } from './plugin';
import { startsFromServerState, subscribeInScope } from './scope';

/**
 * The call the card shows (id, direction, state, line, CRM entity, muted, held) as a readonly
 * shallow ref, from `initialized` and the events after it; `null` before `initialized` and after
 * the card closed.
 *
 * @example
 * const call = useCallState();
 * watch(call, (c) => c?.state === 'ended' && saveNotes());
 */
export function useCallState(
  options: { readonly client?: CallCardClient } = {},
): Readonly<ShallowRef<CallState | null>> {
  const store = getCallStateStore(useCallCardClient(options.client));
  // Server rendering, or hydrating server HTML (rendered with no call): start from null, and (in
  // the browser) catch up once mounted.
  const hydrating = startsFromServerState();
  const call = shallowRef(hydrating ? null : store.getState());
  const sync = () => (call.value = store.getState());
  subscribeInScope(() => {
    if (hydrating) onMounted(sync);
    return store.subscribe(sync);
  });
  return shallowReadonly(call);
}

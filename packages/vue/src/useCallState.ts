import { shallowReadonly, shallowRef, type ShallowRef } from 'vue';
import { getCallStateStore, type CallCardClient, type CallState } from '@b24-callcard/core';
import { useCallCardClient } from './plugin';
import { syncInScope } from './scope';

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
  // Server rendering, or hydrating server HTML rendered with no call, starts from null.
  const call = shallowRef<CallState | null>(null);
  syncInScope(getCallStateStore(useCallCardClient(options.client)), (s) => (call.value = s));
  return shallowReadonly(call);
}

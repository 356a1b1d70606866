import { toValue, watch, type MaybeRefOrGetter } from 'vue';
import { keepCallCardOpen, type CallCardClient } from '@b24-callcard/core';
import { useCallCardClient } from './plugin';
import { serverRendering } from './scope';

/**
 * For the `CALL_CARD` tab: while `active` is true, keeps the card from closing on its own
 * (`disableAutoClose`, renewed before the portal's 65 s run out); releases it
 * (`enableAutoClose`) when `active` turns false or the current scope is disposed. For a form after
 * the call that is not saved yet. Does nothing during server rendering.
 *
 * @example
 * const dirty = ref(false);
 * useKeepCallCardOpen(dirty);
 */
export function useKeepCallCardOpen(
  active: MaybeRefOrGetter<boolean>,
  options: { readonly client?: CallCardClient; readonly renewMs?: number } = {},
): void {
  const client = useCallCardClient(options.client);
  if (serverRendering()) return;
  // Watches the boolean only: a getter that re-runs but stays true keeps the same hold.
  watch(
    () => !!toValue(active),
    (on, _, onCleanup) => {
      if (on) onCleanup(keepCallCardOpen(client, { renewMs: options.renewMs }));
    },
    { immediate: true },
  );
}

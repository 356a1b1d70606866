'use client';
import { useEffect, useRef } from 'react';
import { keepCallCardOpen, type CallCardClient } from '@b24-callcard/core';
import { useCallCardClient } from './context';

/**
 * For the `CALL_CARD` tab: while `active` is true, keeps the card from closing on its own
 * (`disableAutoClose`, renewed before the portal's 65 s run out); releases it
 * (`enableAutoClose`) when `active` turns false or the component unmounts. For a form after the
 * call that is not saved yet. StrictMode's unmount and remount never let the card go in between.
 *
 * @example
 * const [dirty, setDirty] = useState(false);
 * useKeepCallCardOpen(dirty);
 */
export function useKeepCallCardOpen(
  active: boolean,
  options: { readonly client?: CallCardClient; readonly renewMs?: number } = {},
): void {
  const client = useCallCardClient(options.client);
  // Read when the hold starts: changing renewMs must not release and re-take the card.
  const renewMs = useRef(options.renewMs);
  renewMs.current = options.renewMs;
  useEffect(() => (active ? keepCallCardOpen(client, { renewMs: renewMs.current }) : undefined), [active, client]);
}

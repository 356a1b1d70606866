/**
 * The portal's full name of a call-card event in a placement, or `null` when that placement does
 * not have the event (or has no call-card events at all). `PAGE_BACKGROUND_WORKER` has the 17
 * `BackgroundCallCard::<event>` events; `CALL_CARD` has exactly three, named
 * `CallCard::<Event>` (capital first letter): `EntityChanged`, `BeforeClose`, `CallStateChanged`.
 * The background-worker names are not checked here: the portal ignores unknown names.
 *
 * @example
 * portalEventName('CALL_CARD', 'entityChanged'); // 'CallCard::EntityChanged'
 * portalEventName('CALL_CARD', 'hangupButtonClick'); // null
 */
export function portalEventName(placement: string | null, event: string): string | null {
  const tab = /^(entityChanged|beforeClose|callStateChanged)$/.test(event);
  return placement === 'PAGE_BACKGROUND_WORKER'
    ? tab && event !== 'entityChanged'
      ? null
      : 'BackgroundCallCard::' + event
    : placement === 'CALL_CARD' && tab
      ? 'CallCard::' + event.charAt(0).toUpperCase() + event.slice(1)
      : null;
}

/** @internal Whether the placement has call-card events at all. */
export const isCallCardPlacement = (placement: string | null): boolean =>
  placement === 'PAGE_BACKGROUND_WORKER' || placement === 'CALL_CARD';

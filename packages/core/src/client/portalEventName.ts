/**
 * The portal's full name of a call-card event in a placement, or `null` when the placement has
 * no call-card events: `BackgroundCallCard::<event>` in `PAGE_BACKGROUND_WORKER`,
 * `CallCard::<Event>` (capital first letter) in `CALL_CARD`.
 *
 * @example
 * portalEventName('CALL_CARD', 'entityChanged'); // 'CallCard::EntityChanged'
 */
export function portalEventName(placement: string | null, event: string): string | null {
  return placement === 'PAGE_BACKGROUND_WORKER'
    ? 'BackgroundCallCard::' + event
    : placement === 'CALL_CARD'
      ? 'CallCard::' + event.charAt(0).toUpperCase() + event.slice(1)
      : null;
}

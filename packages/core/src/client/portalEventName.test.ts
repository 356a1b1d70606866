import { describe, expect, it } from 'vitest';
import { CALL_CARD_EVENTS, portalEventName } from '@b24-callcard/core';

describe('portalEventName', () => {
  it('maps short names to the placement full names', () => {
    expect(portalEventName('PAGE_BACKGROUND_WORKER', 'entityChanged')).toBe('BackgroundCallCard::entityChanged');
    expect(portalEventName('CALL_CARD', 'entityChanged')).toBe('CallCard::EntityChanged');
    expect(portalEventName('CALL_CARD', 'hangupButtonClick')).toBe('CallCard::HangupButtonClick');
    expect(portalEventName('DEFAULT', 'hangupButtonClick')).toBeNull();
  });

  it.each([null, '', 'DEFAULT', 'LEFT_MENU', 'CRM_CONTACT_DETAIL_TAB'])(
    'gives null in a placement without call-card events (%j)',
    (placement) => {
      for (const event of CALL_CARD_EVENTS) expect(portalEventName(placement, event)).toBeNull();
    },
  );

  it('names every call-card event in both placements, the CallCard twin capitalised', () => {
    for (const event of CALL_CARD_EVENTS) {
      expect(portalEventName('PAGE_BACKGROUND_WORKER', event)).toBe(`BackgroundCallCard::${event}`);
      const twin = portalEventName('CALL_CARD', event);
      expect(twin).toBe(`CallCard::${event[0]!.toUpperCase()}${event.slice(1)}`);
    }
    expect(new Set(CALL_CARD_EVENTS.map((e) => portalEventName('CALL_CARD', e))).size).toBe(CALL_CARD_EVENTS.length);
  });

  it('keeps the rest of the name as it is', () => {
    expect(portalEventName('CALL_CARD', 'qualityMeterClick')).toBe('CallCard::QualityMeterClick');
    expect(portalEventName('CALL_CARD', 'x')).toBe('CallCard::X');
    expect(portalEventName('PAGE_BACKGROUND_WORKER', 'x')).toBe('BackgroundCallCard::x');
  });
});

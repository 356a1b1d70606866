import { describe, expect, it } from 'vitest';
import { CALL_CARD_EVENTS, CALL_CARD_TAB_EVENTS, portalEventName } from '@b24-callcard/core';

/** The 17 documented `BackgroundCallCard::*` events (docs: ui-interaction/page-background-worker/events/). */
const BACKGROUND_WORKER_EVENTS = [
  'initialized',
  'entityChanged',
  'muteButtonClick',
  'holdButtonClick',
  'addCommentButtonClick',
  'dialpadButtonClick',
  'qualityMeterClick',
  'transferButtonClick',
  'closeButtonClick',
  'cancelTransferButtonClick',
  'completeTransferButtonClick',
  'hangupButtonClick',
  'nextButtonClick',
  'skipButtonClick',
  'answerButtonClick',
  'makeCallButtonClick',
  'notifyAdminButtonClick',
];

describe('portalEventName', () => {
  it('maps short names to the placement full names', () => {
    expect(portalEventName('PAGE_BACKGROUND_WORKER', 'entityChanged')).toBe('BackgroundCallCard::entityChanged');
    expect(portalEventName('PAGE_BACKGROUND_WORKER', 'hangupButtonClick')).toBe(
      'BackgroundCallCard::hangupButtonClick',
    );
    expect(portalEventName('CALL_CARD', 'entityChanged')).toBe('CallCard::EntityChanged');
    expect(portalEventName('CALL_CARD', 'beforeClose')).toBe('CallCard::BeforeClose');
    expect(portalEventName('CALL_CARD', 'callStateChanged')).toBe('CallCard::CallStateChanged');
    expect(portalEventName('DEFAULT', 'hangupButtonClick')).toBeNull();
  });

  it.each([null, '', 'DEFAULT', 'LEFT_MENU', 'CRM_CONTACT_DETAIL_TAB'])(
    'gives null in a placement without call-card events (%j)',
    (placement) => {
      for (const event of CALL_CARD_EVENTS) expect(portalEventName(placement, event)).toBeNull();
    },
  );

  it('PAGE_BACKGROUND_WORKER: the 17 BackgroundCallCard events, and not the tab-only ones', () => {
    for (const event of BACKGROUND_WORKER_EVENTS)
      expect(portalEventName('PAGE_BACKGROUND_WORKER', event)).toBe(`BackgroundCallCard::${event}`);
    expect(portalEventName('PAGE_BACKGROUND_WORKER', 'beforeClose')).toBeNull();
    expect(portalEventName('PAGE_BACKGROUND_WORKER', 'callStateChanged')).toBeNull();
    const named = CALL_CARD_EVENTS.map((e) => portalEventName('PAGE_BACKGROUND_WORKER', e)).filter((n) => n !== null);
    expect(named).toHaveLength(17);
    expect(new Set(named).size).toBe(17);
  });

  it('CALL_CARD: exactly EntityChanged, BeforeClose and CallStateChanged; no invented twin of any other event', () => {
    const named = CALL_CARD_EVENTS.map((e) => [e, portalEventName('CALL_CARD', e)] as const).filter(([, n]) => n);
    expect(Object.fromEntries(named)).toEqual({
      entityChanged: 'CallCard::EntityChanged',
      beforeClose: 'CallCard::BeforeClose',
      callStateChanged: 'CallCard::CallStateChanged',
    });
    expect(named.map(([e]) => e).sort()).toEqual([...CALL_CARD_TAB_EVENTS].sort());
    for (const event of BACKGROUND_WORKER_EVENTS.filter((e) => e !== 'entityChanged'))
      expect(portalEventName('CALL_CARD', event)).toBeNull();
  });

  it('CALL_CARD knows only its three names: anything else (unknown, near-miss, other case) is null', () => {
    for (const event of [
      'qualityMeterClick',
      'x',
      '',
      'EntityChanged',
      'entitychanged',
      'entityChangedX',
      ' beforeClose',
    ])
      expect(portalEventName('CALL_CARD', event)).toBeNull();
  });

  it('PAGE_BACKGROUND_WORKER keeps any other name as it is (the portal ignores unknown names)', () => {
    expect(portalEventName('PAGE_BACKGROUND_WORKER', 'x')).toBe('BackgroundCallCard::x');
    expect(portalEventName('PAGE_BACKGROUND_WORKER', 'qualityMeterClick')).toBe(
      'BackgroundCallCard::qualityMeterClick',
    );
  });
});

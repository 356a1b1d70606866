import { describe, expect, it } from 'vitest';
import {
  CALL_CARD_EVENTS,
  CALL_CARD_TAB_EVENTS,
  CallCardPayloadError,
  callCardEventParser,
  parseCallCardEvent,
  parseEntityChangedPayload,
} from '@b24-callcard/core';
import { INIT } from '../../test/helpers/payloads';

describe('event names', () => {
  it('lists 19 names: the 17 BackgroundCallCard events, then beforeClose and callStateChanged', () => {
    expect(CALL_CARD_EVENTS).toEqual([
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
      'beforeClose',
      'callStateChanged',
    ]);
    expect(new Set(CALL_CARD_EVENTS).size).toBe(19);
  });
  it('lists the three CALL_CARD tab events, all of them in CALL_CARD_EVENTS', () => {
    expect([...CALL_CARD_TAB_EVENTS].sort()).toEqual(['beforeClose', 'callStateChanged', 'entityChanged']);
    for (const e of CALL_CARD_TAB_EVENTS) expect(CALL_CARD_EVENTS).toContain(e);
  });
});

describe('parseCallCardEvent', () => {
  it('normalises initialized', () => {
    const r = parseCallCardEvent('initialized', INIT);
    expect(r).toEqual({
      ok: true,
      value: {
        callId: 'externalCall.abc',
        phoneNumber: '+15550100',
        line: { number: 'line-1', name: 'Sales' },
        entityType: 'CONTACT',
        entityId: 17,
        direction: 'incoming',
        state: 'connected',
        callListMode: false,
        raw: INIT,
      },
    });
  });
  it.each([
    ['muteButtonClick', true, true],
    ['holdButtonClick', false, false],
    ['addCommentButtonClick', 'note', 'note'],
    ['dialpadButtonClick', '#', '#'],
    ['dialpadButtonClick', '0', '0'],
    ['qualityMeterClick', '5', '5'],
    ['qualityMeterClick', 3, '3'],
    ['transferButtonClick', { phoneNumber: '+1', target: 'user_3' }, { phoneNumber: '+1', target: 'user_3' }],
    ['hangupButtonClick', [], undefined],
    ['hangupButtonClick', '', undefined],
    ['closeButtonClick', undefined, undefined],
    ['beforeClose', [], undefined],
    ['beforeClose', '', undefined],
    ['beforeClose', undefined, undefined],
    ['callStateChanged', 'idle', 'idle'],
    ['callStateChanged', 'connecting', 'connecting'],
    ['callStateChanged', 'connected', 'connected'],
  ] as const)('accepts %s %j', (event, raw, value) => {
    expect(parseCallCardEvent(event, raw)).toEqual({ ok: true, value });
  });
  it.each([
    ['initialized', { ...INIT, CALL_ID: 5 }, 'CALL_ID'],
    ['initialized', 'x', 'payload'],
    ['muteButtonClick', 'true', 'payload'],
    ['addCommentButtonClick', 5, 'payload'],
    ['dialpadButtonClick', '55', 'payload'],
    ['dialpadButtonClick', 'a', 'payload'],
    ['qualityMeterClick', '6', 'payload'],
    ['qualityMeterClick', true, 'payload'],
    ['transferButtonClick', { phoneNumber: '+1' }, 'payload'],
    ['transferButtonClick', null, 'payload'],
    ['callStateChanged', 'ended', 'payload'],
    ['callStateChanged', 'IDLE', 'payload'],
    ['callStateChanged', ' idle', 'payload'],
    ['callStateChanged', '', 'payload'],
    ['callStateChanged', undefined, 'payload'],
    ['callStateChanged', 486, 'payload'],
    ['callStateChanged', ['idle'], 'payload'],
    ['callStateChanged', { callState: 'idle', failedCode: '486' }, 'payload'],
  ] as const)('rejects %s %j', (event, raw, field) => {
    const r = parseCallCardEvent(event, raw);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toBeInstanceOf(CallCardPayloadError);
    expect(r.error.field).toBe(field);
    expect(r.error.raw).toBe(raw);
    expect(r.error.message).toContain(`Invalid ${event} payload`);
    expect(r.error.event).toBe(event);
  });
  it('rejects an unknown event name with field "event", without throwing', () => {
    const r = parseCallCardEvent('hangup' as never, 'x');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toBeInstanceOf(CallCardPayloadError);
    expect(r.error.field).toBe('event');
    expect(r.error.raw).toBe('x');
  });
  it('treats an entityChanged payload as parseEntityChangedPayload does', () => {
    const raw = { PHONE_NUMBER: 'hidden', CRM_ENTITY_TYPE: 'LEAD', CRM_ENTITY_ID: '3' };
    expect(parseCallCardEvent('entityChanged', raw)).toEqual(parseEntityChangedPayload(raw));
    const bad = parseCallCardEvent('entityChanged', { CRM_ENTITY_ID: -1 });
    expect(bad.ok || bad.error.field).toBe('CRM_ENTITY_ID');
  });
  it('reports a payload whose getter throws as invalid, without throwing', () => {
    const raw = Object.defineProperty({}, 'CALL_ID', {
      get() {
        throw new Error('getter');
      },
    });
    const r = parseCallCardEvent('initialized', raw);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.raw).toBe(raw);
  });
  it('freezes normalised objects', () => {
    const r = parseCallCardEvent('initialized', INIT);
    expect(r.ok && Object.isFrozen(r.value) && Object.isFrozen(r.value.line)).toBe(true);
    const t = parseCallCardEvent('transferButtonClick', { phoneNumber: '+1', target: 'q' });
    expect(t.ok && Object.isFrozen(t.value)).toBe(true);
  });
});

describe('callCardEventParser', () => {
  it('gives the same parser for every call, one per event', () => {
    for (const event of CALL_CARD_EVENTS) expect(callCardEventParser(event)).toBe(callCardEventParser(event));
    expect(new Set(CALL_CARD_EVENTS.map(callCardEventParser)).size).toBe(CALL_CARD_EVENTS.length);
  });
  it("is the client's own entity parser for entityChanged (so a payload is parsed once)", () => {
    expect(callCardEventParser('entityChanged')).toBe(parseEntityChangedPayload);
  });
  it('parses as parseCallCardEvent does', () => {
    expect(callCardEventParser('dialpadButtonClick')('#')).toEqual({ ok: true, value: '#' });
    expect(callCardEventParser('dialpadButtonClick')('##').ok).toBe(false);
  });
});

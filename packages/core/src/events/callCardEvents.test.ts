import { describe, expect, it, vi } from 'vitest';
import {
  CALL_CARD_EVENTS,
  CallCardListenerError,
  CallCardPayloadError,
  callCardEventName,
  createCallCardClient,
  getCallStateStore,
  parseCallCardEvent,
} from '@b24-callcard/core';
import { createMockTransport } from '@b24-callcard/core/testing';

const tick = () => new Promise((r) => setTimeout(r, 0));
const INIT = {
  CALL_ID: 'externalCall.abc',
  PHONE_NUMBER: '+15550100',
  LINE_NUMBER: 'line-1',
  LINE_NAME: 'Sales',
  CRM_ENTITY_TYPE: 'CONTACT',
  CRM_ENTITY_ID: '17',
  CRM_ACTIVITY_ID: 0,
  CRM_BINDINGS: [],
  CALL_DIRECTION: 'incoming',
  CALL_STATE: 'connected',
  CALL_LIST_MODE: false,
};

describe('event names', () => {
  it('lists all 17 BackgroundCallCard events', () => {
    expect(CALL_CARD_EVENTS).toHaveLength(17);
    expect(new Set(CALL_CARD_EVENTS).size).toBe(17);
  });
  it('maps short names to the placement full names', () => {
    expect(callCardEventName('PAGE_BACKGROUND_WORKER', 'entityChanged')).toBe('BackgroundCallCard::entityChanged');
    expect(callCardEventName('CALL_CARD', 'entityChanged')).toBe('CallCard::EntityChanged');
    expect(callCardEventName('CALL_CARD', 'hangupButtonClick')).toBe('CallCard::HangupButtonClick');
    expect(callCardEventName('DEFAULT', 'hangupButtonClick')).toBeNull();
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
  ] as const)('rejects %s %j', (event, raw, field) => {
    const r = parseCallCardEvent(event, raw);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toBeInstanceOf(CallCardPayloadError);
    expect(r.error.field).toBe(field);
    expect(r.error.raw).toBe(raw);
    expect(r.error.message).toContain(`Invalid ${event} payload`);
  });
});

describe('client.on', () => {
  const setup = (placement?: string) => {
    const transport = createMockTransport({ placement });
    const onError = vi.fn();
    const client = createCallCardClient({ transport, onError });
    return { transport, client, onError };
  };

  it('binds each event once, lazily, and fans out to every handler', async () => {
    const { transport, client } = setup();
    const a = vi.fn();
    const b = vi.fn();
    const offA = client.on('dialpadButtonClick', a);
    client.on('dialpadButtonClick', b);
    await tick();
    expect(transport.binds).toEqual(['BackgroundCallCard::entityChanged', 'BackgroundCallCard::dialpadButtonClick']);
    transport.emit('7', 'dialpadButtonClick');
    expect(a).toHaveBeenCalledWith('7');
    expect(b).toHaveBeenCalledWith('7');
    offA();
    client.on('hangupButtonClick', () => {});
    client.on('dialpadButtonClick', () => {});
    transport.emit('#', 'dialpadButtonClick');
    expect(a).toHaveBeenCalledTimes(1);
    expect(b).toHaveBeenCalledTimes(2);
    expect(transport.binds).toEqual([
      'BackgroundCallCard::entityChanged',
      'BackgroundCallCard::dialpadButtonClick',
      'BackgroundCallCard::hangupButtonClick',
    ]);
  });

  it('shares the store bind for entityChanged and delivers the normalised entity', async () => {
    const { transport, client } = setup();
    const h = vi.fn();
    client.subscribe(() => {});
    client.on('entityChanged', h);
    await tick();
    transport.emit({ PHONE_NUMBER: 'hidden', CRM_ENTITY_TYPE: 'LEAD', CRM_ENTITY_ID: '3' });
    expect(h).toHaveBeenCalledWith(client.getState().entity);
    expect(h.mock.calls[0]![0]).toMatchObject({ phoneNumber: null, entityId: 3 });
    expect(transport.binds).toEqual(['BackgroundCallCard::entityChanged']);
  });

  it('uses the CallCard twins in the CALL_CARD placement', async () => {
    const { transport, client } = setup('CALL_CARD');
    const h = vi.fn();
    client.on('muteButtonClick', h);
    await tick();
    expect(transport.binds).toContain('CallCard::MuteButtonClick');
    transport.emit(true, 'muteButtonClick');
    expect(h).toHaveBeenCalledWith(true);
  });

  it('reports invalid payloads and throwing handlers, and keeps delivering', async () => {
    const { transport, client, onError } = setup();
    const good = vi.fn();
    const boom = new Error('boom');
    client.on('qualityMeterClick', () => {
      throw boom;
    });
    client.on('qualityMeterClick', good);
    await tick();
    transport.emit('9', 'qualityMeterClick');
    expect(good).not.toHaveBeenCalled();
    expect(onError.mock.calls[0]![0]).toBeInstanceOf(CallCardPayloadError);
    transport.emit('4', 'qualityMeterClick');
    expect(good).toHaveBeenCalledWith('4');
    expect(onError.mock.calls[1]![0]).toBeInstanceOf(CallCardListenerError);
    expect(onError.mock.calls[1]![0].cause).toBe(boom);
  });

  it('binds nothing in a placement without call-card events, and nothing after destroy', async () => {
    const { transport, client } = setup('DEFAULT');
    client.on('hangupButtonClick', () => {});
    await tick();
    expect(transport.binds).toEqual([]);
    const other = setup();
    other.client.destroy();
    const h = vi.fn();
    other.client.on('hangupButtonClick', h);
    await tick();
    expect(other.transport.connectCalls).toBe(0);
  });
});

describe('getCallStateStore', () => {
  it('follows initialized, entityChanged, mute, hold, hang up and close', async () => {
    const transport = createMockTransport();
    const client = createCallCardClient({ transport });
    const store = getCallStateStore(client);
    expect(getCallStateStore(client)).toBe(store);
    const seen = vi.fn();
    store.subscribe(seen);
    await tick();
    transport.emit(true, 'muteButtonClick'); // before initialized: ignored
    expect(store.getState()).toBeNull();
    transport.emit(INIT, 'initialized');
    expect(store.getState()).toMatchObject({
      callId: 'externalCall.abc',
      direction: 'incoming',
      state: 'connected',
      muted: false,
      held: false,
      entityId: 17,
      line: { name: 'Sales' },
    });
    const s1 = store.getState();
    transport.emit(false, 'muteButtonClick'); // no change
    expect(store.getState()).toBe(s1);
    transport.emit(true, 'muteButtonClick');
    transport.emit(true, 'holdButtonClick');
    transport.emit({ PHONE_NUMBER: '+2', CRM_ENTITY_TYPE: 'DEAL', CRM_ENTITY_ID: 7 });
    expect(store.getState()).toMatchObject({
      muted: true,
      held: true,
      entityType: 'DEAL',
      entityId: 7,
      phoneNumber: '+2',
    });
    transport.emit(undefined, 'hangupButtonClick');
    expect(store.getState()?.state).toBe('ended');
    transport.emit(undefined, 'closeButtonClick');
    expect(store.getState()).toBeNull();
    expect(Object.isFrozen(s1)).toBe(true);
    expect(seen).toHaveBeenCalledTimes(6);
  });
});

describe('client.on with a wrong event name', () => {
  it('throws a TypeError that lists the events', () => {
    const client = createCallCardClient({ transport: createMockTransport() });
    expect(() => client.on('hangup' as never, () => {})).toThrow(
      /Unknown call-card event "hangup": expected one of initialized, entityChanged/,
    );
  });
});

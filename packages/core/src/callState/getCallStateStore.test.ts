import { describe, expect, it, vi } from 'vitest';
import { CallCardListenerError, createCallCardClient, getCallStateStore, type CallState } from '@b24-callcard/core';
import { createMockTransport } from '@b24-callcard/core/testing';
import { CONTACT, INIT } from '../../test/helpers/payloads';

const tick = () => new Promise((r) => setTimeout(r, 0));

/** A call-state store on a listening client, and the mock transport to fire its events. */
async function listeningCallState() {
  const transport = createMockTransport();
  const onError = vi.fn();
  const client = createCallCardClient({ transport, onError });
  const store = getCallStateStore(client);
  store.subscribe(() => {});
  await tick();
  return { transport, store, client, onError };
}

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

  it('gives listeners the new and the previous call state', async () => {
    const { transport, store } = await listeningCallState();
    const seen: Array<[CallState | null, CallState | null]> = [];
    store.subscribe((s, prev) => seen.push([s, prev]));
    transport.emit(INIT, 'initialized');
    const started = store.getState();
    transport.emit(true, 'muteButtonClick');
    const muted = store.getState();
    transport.emit(undefined, 'closeButtonClick');
    expect(seen).toEqual([
      [started, null],
      [muted, started],
      [null, muted],
    ]);
    expect(muted).toMatchObject({ muted: true });
  });

  it('starts nothing until its first subscriber, then binds its events once', async () => {
    const transport = createMockTransport();
    const client = createCallCardClient({ transport });
    const store = getCallStateStore(client);
    await tick();
    expect(transport.connectCalls).toBe(0);
    const off = store.subscribe(() => {});
    await tick();
    expect(transport.connectCalls).toBe(1);
    const binds = [...transport.binds];
    expect(binds).toEqual(
      expect.arrayContaining([
        'BackgroundCallCard::initialized',
        'BackgroundCallCard::entityChanged',
        'BackgroundCallCard::muteButtonClick',
        'BackgroundCallCard::holdButtonClick',
        'BackgroundCallCard::hangupButtonClick',
        'BackgroundCallCard::closeButtonClick',
      ]),
    );
    expect(new Set(binds).size).toBe(binds.length);
    off();
    store.subscribe(() => {});
    getCallStateStore(client).subscribe(() => {});
    await tick();
    expect(transport.binds).toEqual(binds);
  });

  it('keeps following events while nobody subscribes, after the first subscriber', async () => {
    const { transport, store } = await listeningCallState();
    transport.emit(INIT, 'initialized');
    expect(store.getState()?.callId).toBe('externalCall.abc');
  });

  it('shows null to server rendering', async () => {
    const { transport, store } = await listeningCallState();
    transport.emit(INIT, 'initialized');
    expect(store.getState()).not.toBeNull();
    expect(store.getServerState()).toBeNull();
  });

  it('ignores invalid payloads (they go to onError) and keeps the call', async () => {
    const { transport, store, onError } = await listeningCallState();
    transport.emit(INIT, 'initialized');
    const call = store.getState();
    transport.emit('yes', 'muteButtonClick');
    transport.emit({ CALL_ID: 5 }, 'initialized');
    expect(store.getState()).toBe(call);
    expect(onError).toHaveBeenCalledTimes(2);
  });

  it("sends a throwing listener to the client's onError, and the others still run", async () => {
    const transport = createMockTransport();
    const onError = vi.fn();
    const client = createCallCardClient({ transport, onError });
    const store = getCallStateStore(client);
    const good = vi.fn();
    const boom = new Error('boom');
    store.subscribe(() => {
      throw boom;
    });
    store.subscribe(good);
    await tick();
    transport.emit({ CALL_ID: 'c1' }, 'initialized');
    expect(good).toHaveBeenCalledTimes(1);
    expect(onError).toHaveBeenCalledTimes(1);
    const error = onError.mock.calls[0]![0];
    expect(error).toBeInstanceOf(CallCardListenerError);
    expect(error.cause).toBe(boom);
    expect((error.cause as Error).message).toBe('boom');
  });

  it('uses an entityChanged that came before initialized', async () => {
    const { transport, store } = await listeningCallState();
    transport.emit(CONTACT);
    transport.emit({ CALL_ID: 'c1', PHONE_NUMBER: '', CRM_ENTITY_TYPE: '', CRM_ENTITY_ID: 0 }, 'initialized');
    expect(store.getState()).toMatchObject({
      callId: 'c1',
      entityType: 'CONTACT',
      entityId: 17,
      phoneNumber: '+15550100',
    });
    transport.emit({ CALL_ID: 'c2', CRM_ENTITY_TYPE: 'LEAD', CRM_ENTITY_ID: 3 }, 'initialized');
    expect(store.getState()).toMatchObject({ callId: 'c2', entityType: 'LEAD', entityId: 3 });
  });

  it('carries nothing from one call to the next', async () => {
    const { transport, store } = await listeningCallState();
    transport.emit(
      { CALL_ID: 'c1', PHONE_NUMBER: '+111', CRM_ENTITY_TYPE: 'CONTACT', CRM_ENTITY_ID: 5 },
      'initialized',
    );
    transport.emit({ PHONE_NUMBER: '+111', CRM_ENTITY_TYPE: 'CONTACT', CRM_ENTITY_ID: 5 });
    transport.emit(undefined, 'closeButtonClick');
    expect(store.getState()).toBeNull();
    // An unknown caller: no CRM entity, its own number.
    transport.emit({ CALL_ID: 'c2', PHONE_NUMBER: '+222' }, 'initialized');
    expect(store.getState()).toMatchObject({ callId: 'c2', phoneNumber: '+222', entityType: null, entityId: null });
  });

  it('gives an entity announced after a call ended (card still open) to the next call', async () => {
    const { transport, store } = await listeningCallState();
    transport.emit({ CALL_ID: 'c1', PHONE_NUMBER: '+111' }, 'initialized');
    transport.emit(undefined, 'hangupButtonClick');
    transport.emit({ PHONE_NUMBER: '+222', CRM_ENTITY_TYPE: 'LEAD', CRM_ENTITY_ID: 9 });
    expect(store.getState()).toMatchObject({ callId: 'c1', phoneNumber: '+111', state: 'ended', entityType: null });
    transport.emit({ CALL_ID: 'c2' }, 'initialized');
    expect(store.getState()).toMatchObject({ callId: 'c2', phoneNumber: '+222', entityType: 'LEAD', entityId: 9 });
  });

  it('forgets an entity announced before a call that closed without starting', async () => {
    const { transport, store } = await listeningCallState();
    transport.emit({ PHONE_NUMBER: '+111', CRM_ENTITY_TYPE: 'CONTACT', CRM_ENTITY_ID: 5 });
    transport.emit(undefined, 'closeButtonClick');
    transport.emit({ CALL_ID: 'c2' }, 'initialized');
    expect(store.getState()).toMatchObject({ callId: 'c2', phoneNumber: null, entityType: null, entityId: null });
  });

  it("keeps the call's own number over an earlier entityChanged", async () => {
    const { transport, store } = await listeningCallState();
    transport.emit({ PHONE_NUMBER: '+111', CRM_ENTITY_TYPE: 'LEAD', CRM_ENTITY_ID: 9 });
    transport.emit({ CALL_ID: 'c1', PHONE_NUMBER: '+333' }, 'initialized');
    expect(store.getState()).toMatchObject({ callId: 'c1', phoneNumber: '+333', entityType: 'LEAD', entityId: 9 });
    // Used once: the next call does not get it again.
    transport.emit(undefined, 'closeButtonClick');
    transport.emit({ CALL_ID: 'c2', PHONE_NUMBER: '+444' }, 'initialized');
    expect(store.getState()).toMatchObject({ callId: 'c2', entityType: null, entityId: null });
  });

  it('does not leak the raw payload into the call state', async () => {
    const { transport, store } = await listeningCallState();
    transport.emit(INIT, 'initialized');
    expect(store.getState()).not.toHaveProperty('raw');
  });
});

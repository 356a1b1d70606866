import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  callRest,
  CallCardRestError,
  createCallCardClient,
  getCallStateStore,
  type CallCardState,
  type CallCardTransport,
} from '@b24-callcard/core';
import { createMockTransport, mockPortal } from '@b24-callcard/core/testing';

const CONTACT = { PHONE_NUMBER: '+15550100', CRM_ENTITY_TYPE: 'CONTACT', CRM_ENTITY_ID: 17 };
const tick = () => new Promise((r) => setTimeout(r, 0));
afterEach(() => vi.useRealTimers());

describe('re-entrancy', () => {
  it('every listener gets each change with its own previous state, even when one destroys the client', async () => {
    const client = createCallCardClient({ transport: createMockTransport() });
    const seen: string[] = [];
    client.subscribe((s) => {
      if (s.status === 'listening') client.destroy();
    });
    client.subscribe((s, prev) => seen.push(`${prev.status}->${s.status}`));
    await tick();
    expect(seen).toEqual(['connecting->listening', 'listening->unsupported']);
  });

  it('a listener unsubscribed by an earlier one during the same dispatch is not called', async () => {
    const transport = createMockTransport();
    const client = createCallCardClient({ transport });
    const second = vi.fn();
    let offSecond = () => {};
    client.subscribe((s) => s.status === 'ready' && offSecond());
    offSecond = client.subscribe(second);
    await tick();
    second.mockClear();
    transport.emit(CONTACT);
    expect(second).not.toHaveBeenCalled();
  });
});

describe('a transport that delivers from bind() synchronously', () => {
  it('ends ready, not back at listening', async () => {
    const transport: CallCardTransport = {
      name: 'replay',
      connect: async () => ({
        placement: 'PAGE_BACKGROUND_WORKER',
        portal: null,
        bind: (_event, handler) => handler(CONTACT),
        close: () => {},
      }),
    };
    const client = createCallCardClient({ transport });
    const statuses: CallCardState['status'][] = [];
    client.subscribe((s) => statuses.push(s.status));
    await tick();
    expect(client.getState()).toMatchObject({ status: 'ready', entity: { entityId: 17 } });
    expect(statuses).toEqual(['connecting', 'listening', 'ready']);
  });
});

describe('destroy', () => {
  it('drops event handlers and the portal', async () => {
    const transport = createMockTransport();
    const client = createCallCardClient({ transport });
    const h = vi.fn();
    client.on('hangupButtonClick', h);
    await tick();
    expect(client.getPortal()).not.toBeNull();
    client.destroy();
    expect(client.getPortal()).toBeNull();
    await expect(client.refreshAuth()).rejects.toThrow(/Cannot refresh the token/);
  });
});

describe('refreshAuth', () => {
  it('gives up after 10 s when the portal never answers, and a later refresh can succeed', async () => {
    vi.useFakeTimers();
    let calls = 0;
    const transport = createMockTransport({
      refreshAuth: () => (++calls === 1 ? new Promise(() => {}) : mockPortal()),
    });
    const client = createCallCardClient({ transport });
    client.start();
    await vi.advanceTimersByTimeAsync(0);
    const first = client.refreshAuth().catch((e: Error) => e.message);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(await first).toBe('No token refresh from the portal in 10 s');
    await expect(client.refreshAuth()).resolves.toMatchObject({ domain: 'example.bitrix24.com' });
    expect(calls).toBe(2);
  });
});

/** A call-state store on a listening client, and the mock transport to fire its events. */
async function listeningCallState() {
  const transport = createMockTransport();
  const store = getCallStateStore(createCallCardClient({ transport }));
  store.subscribe(() => {});
  await tick();
  return { transport, store };
}
describe('call state', () => {
  it('isolates a throwing listener and reports it', async () => {
    const transport = createMockTransport();
    const client = createCallCardClient({ transport });
    const report = vi.fn();
    const store = getCallStateStore(client, report);
    const good = vi.fn();
    store.subscribe(() => {
      throw new Error('boom');
    });
    store.subscribe(good);
    await tick();
    transport.emit({ CALL_ID: 'c1' }, 'initialized');
    expect(good).toHaveBeenCalledTimes(1);
    expect(report.mock.calls[0]![0].message).toBe('boom');
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
});

describe('callRest', () => {
  it.each([null, 5, 'text'])('turns a %j JSON body into a CallCardRestError', async (json) => {
    const fetch = vi.fn(async () => new Response(JSON.stringify(json), { status: 500 }));
    const err = await callRest(mockPortal(), 'profile', {}, { fetch }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CallCardRestError);
    expect((err as CallCardRestError).status).toBe(500);
  });

  it('sends the token and resolves the result', async () => {
    const fetch = vi.fn(async (_url: string | URL | Request, init?: RequestInit) => {
      expect(JSON.parse(String(init!.body))).toEqual({ id: 1, auth: 'mock-access-token' });
      return new Response('{"result":{"ID":"1"}}');
    });
    await expect(callRest(mockPortal(), 'crm.contact.get', { id: 1 }, { fetch })).resolves.toEqual({ ID: '1' });
    expect(fetch.mock.calls[0]![0]).toBe('https://example.bitrix24.com/rest/crm.contact.get.json');
  });
});

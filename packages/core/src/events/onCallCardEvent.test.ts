import { describe, expect, it, vi } from 'vitest';
import { CallCardListenerError, CallCardPayloadError, createCallCardClient, onCallCardEvent } from '@b24-callcard/core';
import { createMockTransport } from '@b24-callcard/core/testing';

const tick = () => new Promise((r) => setTimeout(r, 0));

const setup = (placement?: string) => {
  const transport = createMockTransport({ placement });
  const onError = vi.fn();
  const client = createCallCardClient({ transport, onError });
  return { transport, client, onError };
};

describe('onCallCardEvent', () => {
  it('binds each event once, lazily, and fans out to every handler', async () => {
    const { transport, client } = setup();
    const a = vi.fn();
    const b = vi.fn();
    const offA = onCallCardEvent(client, 'dialpadButtonClick', a);
    onCallCardEvent(client, 'dialpadButtonClick', b);
    await tick();
    expect(transport.binds).toEqual(['BackgroundCallCard::entityChanged', 'BackgroundCallCard::dialpadButtonClick']);
    transport.emit('7', 'dialpadButtonClick');
    expect(a).toHaveBeenCalledWith('7');
    expect(b).toHaveBeenCalledWith('7');
    offA();
    onCallCardEvent(client, 'hangupButtonClick', () => {});
    onCallCardEvent(client, 'dialpadButtonClick', () => {});
    transport.emit('#', 'dialpadButtonClick');
    expect(a).toHaveBeenCalledTimes(1);
    expect(b).toHaveBeenCalledTimes(2);
    expect(transport.binds).toEqual([
      'BackgroundCallCard::entityChanged',
      'BackgroundCallCard::dialpadButtonClick',
      'BackgroundCallCard::hangupButtonClick',
    ]);
  });

  it('starts the client: no subscriber needed', async () => {
    const { transport, client } = setup();
    const h = vi.fn();
    onCallCardEvent(client, 'hangupButtonClick', h);
    expect(transport.connectCalls).toBe(1);
    await tick();
    expect(client.getState().status).toBe('listening');
    transport.emit(undefined, 'hangupButtonClick');
    expect(h).toHaveBeenCalledWith(undefined);
  });

  it('shares the store bind for entityChanged and delivers the normalised entity', async () => {
    const { transport, client } = setup();
    const h = vi.fn();
    client.subscribe(() => {});
    onCallCardEvent(client, 'entityChanged', h);
    await tick();
    transport.emit({ PHONE_NUMBER: 'hidden', CRM_ENTITY_TYPE: 'LEAD', CRM_ENTITY_ID: '3' });
    expect(h).toHaveBeenCalledWith(client.getState().entity);
    expect(h.mock.calls[0]![0]).toMatchObject({ phoneNumber: null, entityId: 3 });
    expect(transport.binds).toEqual(['BackgroundCallCard::entityChanged']);
  });

  it("parses an invalid entityChanged payload once and reports it to onError exactly once, with the client's entity and a handler both listening", async () => {
    const { transport, client, onError } = setup();
    const listener = vi.fn();
    const handler = vi.fn();
    client.subscribe(listener);
    onCallCardEvent(client, 'entityChanged', handler);
    await tick();
    // Each parse reads PHONE_NUMBER once: the count of reads is the count of parses.
    let reads = 0;
    const raw = Object.defineProperty({ CRM_ENTITY_TYPE: 'LEAD', CRM_ENTITY_ID: -4 }, 'PHONE_NUMBER', {
      enumerable: true,
      get: () => (reads++, '+1'),
    });
    transport.emit(raw);
    expect(reads).toBe(1);
    expect(onError).toHaveBeenCalledTimes(1);
    const error = onError.mock.calls[0]![0];
    expect(error).toBeInstanceOf(CallCardPayloadError);
    expect(error.raw).toBe(raw);
    expect(client.getState().error).toBe(error);
    expect(handler).not.toHaveBeenCalled();
    // A valid one: parsed once too, given to both.
    reads = 0;
    Object.defineProperty(raw, 'CRM_ENTITY_ID', { value: 5 });
    transport.emit(raw);
    expect(reads).toBe(1);
    expect(handler).toHaveBeenCalledTimes(1);
    expect(handler.mock.calls[0]![0]).toBe(client.getState().entity);
    expect(onError).toHaveBeenCalledTimes(1);
  });

  it('uses the CallCard twins in the CALL_CARD placement', async () => {
    const { transport, client } = setup('CALL_CARD');
    const h = vi.fn();
    onCallCardEvent(client, 'muteButtonClick', h);
    await tick();
    expect(transport.binds).toContain('CallCard::MuteButtonClick');
    transport.emit(true, 'muteButtonClick');
    expect(h).toHaveBeenCalledWith(true);
  });

  it('reports invalid payloads and throwing handlers, and keeps delivering', async () => {
    const { transport, client, onError } = setup();
    const good = vi.fn();
    const boom = new Error('boom');
    onCallCardEvent(client, 'qualityMeterClick', () => {
      throw boom;
    });
    onCallCardEvent(client, 'qualityMeterClick', good);
    await tick();
    transport.emit('9', 'qualityMeterClick');
    expect(good).not.toHaveBeenCalled();
    expect(onError).toHaveBeenCalledTimes(1);
    expect(onError.mock.calls[0]![0]).toBeInstanceOf(CallCardPayloadError);
    expect(onError.mock.calls[0]![0]).toMatchObject({ event: 'qualityMeterClick', raw: '9' });
    transport.emit('4', 'qualityMeterClick');
    expect(good).toHaveBeenCalledWith('4');
    expect(onError).toHaveBeenCalledTimes(2);
    expect(onError.mock.calls[1]![0]).toBeInstanceOf(CallCardListenerError);
    expect(onError.mock.calls[1]![0].cause).toBe(boom);
  });

  it("an invalid payload of another event leaves the client's state alone", async () => {
    const { transport, client } = setup();
    onCallCardEvent(client, 'muteButtonClick', () => {});
    await tick();
    const before = client.getState();
    transport.emit('yes', 'muteButtonClick');
    expect(client.getState()).toBe(before);
  });

  it('binds nothing in a placement without call-card events, and nothing after destroy', async () => {
    const { transport, client } = setup('DEFAULT');
    onCallCardEvent(client, 'hangupButtonClick', () => {});
    await tick();
    expect(transport.binds).toEqual([]);
    const other = setup();
    other.client.destroy();
    const h = vi.fn();
    const off = onCallCardEvent(other.client, 'hangupButtonClick', h);
    off();
    await tick();
    expect(other.transport.connectCalls).toBe(0);
    expect(other.transport.binds).toEqual([]);
  });
});

describe('onCallCardEvent with a wrong event name', () => {
  it('throws a TypeError that lists the events, and starts nothing', () => {
    const transport = createMockTransport();
    const client = createCallCardClient({ transport });
    expect(() => onCallCardEvent(client, 'hangup' as never, () => {})).toThrow(TypeError);
    expect(() => onCallCardEvent(client, 'hangup' as never, () => {})).toThrow(
      /Unknown call-card event "hangup": expected one of initialized, entityChanged/,
    );
    expect(() => onCallCardEvent(client, 'toString' as never, () => {})).toThrow(TypeError);
    expect(transport.connectCalls).toBe(0);
  });
});

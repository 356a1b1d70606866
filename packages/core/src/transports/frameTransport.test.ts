import { describe, expect, it, vi } from 'vitest';
import {
  type CallCardUnsupportedError,
  createCallCardClient,
  frameTransport,
  isHostAllowed,
  parseWindowName,
  type FrameTransportOptions,
} from '@b24-callcard/core';
import { createFakeFrame, INIT_DATA } from './helpers/fakePortal';

const CONTACT = { PHONE_NUMBER: '+15550100', CRM_ENTITY_TYPE: 'CONTACT', CRM_ENTITY_ID: 17 };
const EVENT = 'BackgroundCallCard::entityChanged';
const tick = () => new Promise((r) => setTimeout(r, 0));

const start = async (frame = createFakeFrame(), opts: Omit<FrameTransportOptions, 'window'> = {}) => {
  const onError = vi.fn();
  const client = createCallCardClient({ transport: frameTransport({ window: frame.win, ...opts }), onError });
  client.subscribe(() => {});
  await tick();
  return { frame, client, onError };
};

describe('parseWindowName', () => {
  it('reads DOMAIN|PROTOCOL|APP_SID', () => {
    expect(parseWindowName('example.bitrix24.com|1|abc123')).toEqual({
      domain: 'example.bitrix24.com',
      https: true,
      appSid: 'abc123',
      origin: 'https://example.bitrix24.com',
    });
    expect(parseWindowName('localhost:4000|0|s')).toMatchObject({
      domain: 'localhost:4000',
      origin: 'http://localhost:4000',
    });
  });
  it('strips :80 and :443 like both libraries', () => {
    expect(parseWindowName('a.com:443|1|s')?.origin).toBe('https://a.com');
    expect(parseWindowName('a.com:80|0|s')?.origin).toBe('http://a.com');
  });
  it.each([
    '',
    'foo',
    'a.com|2|s',
    'a.com|1|',
    '|1|s',
    'a.com|1|s|x',
    'evil.com/x|1|s',
    'a.com@evil.com|1|s',
    'a.com|1|s:t',
  ])('rejects %j', (name) => expect(parseWindowName(name)).toBeNull());
});

describe('isHostAllowed', () => {
  it('matches exact hosts and wildcards, case-insensitively', () => {
    const allow = ['example.bitrix24.com', '*.bitrix24.de', 'localhost:4000'];
    expect(isHostAllowed('example.bitrix24.com', allow)).toBe(true);
    expect(isHostAllowed('EXAMPLE.Bitrix24.com', allow)).toBe(true);
    expect(isHostAllowed('x.bitrix24.de', allow)).toBe(true);
    expect(isHostAllowed('a.b.bitrix24.de', allow)).toBe(true);
    expect(isHostAllowed('bitrix24.de', allow)).toBe(false);
    expect(isHostAllowed('evilbitrix24.de', allow)).toBe(false);
    expect(isHostAllowed('other.bitrix24.com', allow)).toBe(false);
    expect(isHostAllowed('localhost:4001', allow)).toBe(false);
    expect(isHostAllowed('x.com', (h) => h.endsWith('.com'))).toBe(true);
  });
});

describe('frameTransport against a fake portal', () => {
  it('sends getInitData in the classic string form, then one placementBindEvent', async () => {
    const { frame, client } = await start();
    expect(frame.commands.map((c) => c.method)).toEqual(['getInitData', 'placementBindEvent']);
    const [init, bind] = frame.commands;
    expect(init!.params).toBe('');
    expect(init!.appSid).toBe('sid123');
    expect(init!.callback).toMatch(/^[0-9a-z]{32}$/);
    expect(bind!.params).toBe(JSON.stringify({ event: EVENT }));
    expect(frame.parent.sent.every((s) => s.targetOrigin === 'https://example.bitrix24.com')).toBe(true);
    expect(frame.parent.sent[0]!.message).toBe(`getInitData::${init!.callback}:sid123`);
    expect(client.getState()).toMatchObject({ status: 'listening', placement: 'PAGE_BACKGROUND_WORKER' });
  });

  it('delivers events of its bind and exposes portal info from init data', async () => {
    const { frame, client } = await start();
    expect(frame.fire(EVENT, CONTACT)).toBe(1);
    expect(client.getState().entity).toMatchObject({ entityId: 17, entityType: 'CONTACT' });
    const portal = client.getPortal();
    expect(portal).toMatchObject({
      domain: 'example.bitrix24.com',
      protocol: 'https:',
      restUrl: 'https://example.bitrix24.com/rest/',
      memberId: 'member-1',
      isAdmin: true,
      lang: 'en',
      placementOptions: INIT_DATA.PLACEMENT_OPTIONS,
    });
    expect(portal!.auth.accessToken).toBe('token-1');
    expect(portal!.auth.refreshToken).toBe('refresh-1');
    expect(portal!.auth.expiresAt).toBeGreaterThan(Date.now() + 3500_000);
  });

  it("refreshes the token with the portal's refreshAuth command", async () => {
    const { frame, client } = await start();
    const before = client.getPortal()!;
    const [after, same] = await Promise.all([client.refreshAuth(), client.refreshAuth()]);
    expect(same).toBe(after); // concurrent callers share one refresh
    expect(frame.commands.filter((c) => c.method === 'refreshAuth')).toHaveLength(1);
    expect(frame.commands.at(-1)).toMatchObject({ method: 'refreshAuth', params: '', appSid: 'sid123' });
    expect(after.auth).toMatchObject({ accessToken: 'token-2', refreshToken: 'refresh-2' });
    expect(client.getPortal()).toBe(after);
    expect(after).toMatchObject({ domain: before.domain, memberId: before.memberId, restUrl: before.restUrl });
  });

  it('picks CallCard::EntityChanged in the CALL_CARD placement', async () => {
    const { frame, client } = await start(createFakeFrame({ init: { PLACEMENT: 'CALL_CARD' } }));
    expect([...frame.binds.keys()]).toEqual(['CallCard::EntityChanged']);
    frame.fire('CallCard::EntityChanged', CONTACT);
    expect(client.getState().status).toBe('ready');
  });

  it('ignores messages from another origin, another source, non-string data and foreign callback ids', async () => {
    const { frame, client, onError } = await start();
    const id = frame.binds.get(EVENT)![0]!;
    const forged = `${id}:${JSON.stringify(CONTACT)}`;
    frame.post(forged, 'https://evil.example');
    frame.post(forged, 'http://example.bitrix24.com');
    frame.post(forged, 'https://example.bitrix24.com', { other: 'window' });
    frame.post(forged, 'https://example.bitrix24.com', null);
    frame.post({ toString: () => forged });
    frame.post(['x']);
    frame.post(null);
    frame.post(`notacallbackid:${JSON.stringify(CONTACT)}`);
    frame.post(`:${JSON.stringify(CONTACT)}`);
    frame.post(JSON.stringify(CONTACT));
    expect(client.getState()).toMatchObject({ status: 'listening', entity: null, error: null });
    expect(onError).not.toHaveBeenCalled();
    frame.post(forged);
    expect(client.getState().status).toBe('ready');
  });

  it('reports a malformed message with our callback id and keeps working', async () => {
    const { frame, client, onError } = await start();
    const id = frame.binds.get(EVENT)![0]!;
    frame.post(`${id}:{"PHONE_NUMBER":`);
    expect(onError).toHaveBeenCalledTimes(1);
    expect(onError.mock.calls[0]![0].code).toBe('TRANSPORT');
    frame.fire(EVENT, CONTACT);
    expect(client.getState().entity?.entityId).toBe(17);
  });

  it('uses only the first getInitData answer', async () => {
    const { frame, client } = await start(createFakeFrame({ answerTwice: true }));
    expect(client.getState().placement).toBe('PAGE_BACKGROUND_WORKER');
    expect(frame.commands.filter((c) => c.method === 'placementBindEvent')).toHaveLength(1);
  });

  it('stops listening after destroy and ignores a late init answer', async () => {
    const frame = createFakeFrame({ manual: true });
    const spy = vi.spyOn(frame.win, 'removeEventListener');
    const client = createCallCardClient({ transport: frameTransport({ window: frame.win }) });
    client.subscribe(() => {});
    client.destroy();
    expect(spy).toHaveBeenCalledWith('message', expect.any(Function));
    frame.answerInit();
    await tick();
    expect(frame.binds.size).toBe(0);
    expect(client.getState().status).toBe('unsupported');
  });

  it('rejects an empty getInitData answer', async () => {
    const frame = createFakeFrame({ manual: true });
    const { client } = await start(frame);
    frame.post(`${frame.commands[0]!.callback}:`);
    await tick();
    expect(client.getState()).toMatchObject({ status: 'error' });
    expect(client.getState().error?.code).toBe('TRANSPORT');
  });

  it('is unsupported with UNTRUSTED_HOST when window.name names a host outside allowedHosts', async () => {
    const frame = createFakeFrame({ name: 'evil.example|1|sid123', origin: 'https://evil.example' });
    const { client } = await start(frame, { allowedHosts: ['*.bitrix24.com'] });
    const error = client.getState().error as CallCardUnsupportedError;
    expect(client.getState().status).toBe('unsupported');
    expect(error.reason).toBe('UNTRUSTED_HOST');
    expect(error.message).toContain('evil.example');
    expect(frame.parent.sent).toEqual([]);
  });

  it('works when the host is allowed', async () => {
    const { client } = await start(createFakeFrame(), { allowedHosts: ['*.bitrix24.com'] });
    expect(client.getState().status).toBe('listening');
  });

  it('is unsupported when window.name is not Bitrix24 or the page is not framed', async () => {
    const a = await start(createFakeFrame({ name: '' }));
    expect((a.client.getState().error as CallCardUnsupportedError).reason).toBe('NOT_IN_PORTAL');
    const frame = createFakeFrame();
    (frame.win as unknown as { parent: unknown }).parent = frame.win;
    const b = await start(frame);
    expect((b.client.getState().error as CallCardUnsupportedError).reason).toBe('NOT_IN_PORTAL');
    expect(b.client.getState().error?.message).toMatch(/simulator/);
  });
});

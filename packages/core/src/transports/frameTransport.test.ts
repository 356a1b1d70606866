import { describe, expect, it, vi } from 'vitest';
import {
  type CallCardUnsupportedError,
  createCallCardClient,
  frameTransport,
  getPortal,
  refreshAuth,
  type FrameTransportOptions,
} from '@b24-callcard/core';
import { createFakeFrame, INIT_DATA } from '../../test/helpers/fakePortal';
import { expectOnlyHostWarnings } from '../../test/helpers/hostWarning';

// The frame transports here leave allowedHosts out: frameTransport's dev warning is expected (checked, not printed).
expectOnlyHostWarnings();

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

const parseOrigin = (name: string) => (name.split('|')[1] === '1' ? 'https://' : 'http://') + name.split('|')[0]!;

/** Connects the transport alone, without a client. */
const connect = (frame = createFakeFrame(), onError = vi.fn(), signal = new AbortController().signal) =>
  frameTransport({ window: frame.win }).connect({ signal, onError });

describe('frameTransport against a fake portal', () => {
  it('sends getInitData in the classic string form, then one placementBindEvent', async () => {
    const { frame, client } = await start();
    expect(frame.commands.map((c) => c.method)).toEqual(['getInitData', 'placementBindEvent']);
    const [init, bind] = frame.commands;
    expect(init!.params).toBe('');
    expect(init!.appSid).toBe('sid123');
    expect(init!.callback).toMatch(/^[0-9a-z]+$/);
    expect(bind!.callback).toMatch(/^[0-9a-z]+$/);
    expect(bind!.callback).not.toBe(init!.callback);
    expect(bind!.params).toBe(JSON.stringify({ event: EVENT }));
    expect(frame.parent.sent.every((s) => s.targetOrigin === 'https://example.bitrix24.com')).toBe(true);
    expect(frame.parent.sent[0]!.message).toBe(`getInitData::${init!.callback}:sid123`);
    expect(client.getState()).toMatchObject({ status: 'listening', placement: 'PAGE_BACKGROUND_WORKER' });
  });

  it('delivers events of its bind and exposes portal info from init data', async () => {
    const { frame, client } = await start();
    expect(frame.fire(EVENT, CONTACT)).toBe(1);
    expect(client.getState().entity).toMatchObject({ entityId: 17, entityType: 'CONTACT' });
    const portal = getPortal(client);
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
    // AUTH_EXPIRES is in seconds, counted from when the answer arrived.
    expect(portal!.auth.expiresAt).toBe(client.getConnection()!.receivedAt + 3600_000);
    expect(portal!.auth.expiresAt).toBeGreaterThan(Date.now() + 3500_000);
    expect(getPortal(client)).toBe(portal); // the same object until the token changes
  });

  it("gives the connection the portal's own init data and the origin of window.name", async () => {
    const frame = createFakeFrame();
    const conn = await connect(frame);
    expect(conn.placement).toBe('PAGE_BACKGROUND_WORKER');
    expect(conn.origin).toBe('https://example.bitrix24.com');
    expect(conn.data).toEqual(INIT_DATA);
    expect(conn.receivedAt).toBeLessThanOrEqual(Date.now());
    conn.close();
  });

  it('sends REST to the host of window.name, never to a DOMAIN the init answer names', async () => {
    const { client } = await start(createFakeFrame({ init: { DOMAIN: 'evil.example', PROTOCOL: 0 } }));
    expect(getPortal(client)).toMatchObject({
      domain: 'example.bitrix24.com',
      protocol: 'https:',
      restUrl: 'https://example.bitrix24.com/rest/',
    });
  });

  it("refreshes the token with the portal's refreshAuth command", async () => {
    const { frame, client } = await start();
    const before = getPortal(client)!;
    const [after, same] = await Promise.all([refreshAuth(client), refreshAuth(client)]);
    expect(same).toBe(after); // concurrent callers share one refresh
    expect(frame.commands.filter((c) => c.method === 'refreshAuth')).toHaveLength(1);
    expect(frame.commands.at(-1)).toMatchObject({ method: 'refreshAuth', params: '', appSid: 'sid123' });
    expect(after.auth).toMatchObject({ accessToken: 'token-2', refreshToken: 'refresh-2' });
    expect(getPortal(client)).toBe(after);
    expect(after).toMatchObject({ domain: before.domain, memberId: before.memberId, restUrl: before.restUrl });
    // A later refresh is a new command.
    await refreshAuth(client);
    expect(frame.commands.filter((c) => c.method === 'refreshAuth')).toHaveLength(2);
  });

  it('rejects a refresh answer with no token and keeps the old one', async () => {
    const { client } = await start(createFakeFrame({ refresh: { error: 'NO_AUTH_FOUND' } }));
    await expect(refreshAuth(client)).rejects.toMatchObject({
      code: 'TRANSPORT',
      message: 'The portal answered refreshAuth with no token',
    });
    expect(getPortal(client)!.auth.accessToken).toBe('token-1');
  });

  it('times out a refresh the portal never answers, and forgets its callback', async () => {
    vi.useFakeTimers();
    try {
      const frame = createFakeFrame({ refresh: null });
      const client = createCallCardClient({ transport: frameTransport({ window: frame.win }) });
      client.start();
      await vi.advanceTimersByTimeAsync(0);
      const pending = refreshAuth(client, { timeoutMs: 500 }).catch((e: Error) => e);
      await vi.advanceTimersByTimeAsync(500);
      expect((await pending) as Error).toMatchObject({ code: 'TRANSPORT', message: expect.stringMatching(/500 ms/) });
      // A late answer to the forgotten command is dropped, not taken as a token.
      const cb = frame.commands.find((c) => c.method === 'refreshAuth')!.callback;
      frame.post(`${cb}:${JSON.stringify({ AUTH_ID: 'late' })}`);
      expect(getPortal(client)!.auth.accessToken).toBe('token-1');
    } finally {
      vi.useRealTimers();
    }
  });

  it('sends any command with its params and gives every answer until it is forgotten', async () => {
    const frame = createFakeFrame();
    const conn = await connect(frame);
    const answers: unknown[] = [];
    const forget = conn.send!('CallCardSetCardTitle', { title: 'a:b' }, (a) => answers.push(a));
    const cmd = frame.commands.at(-1)!;
    expect(cmd).toMatchObject({ method: 'CallCardSetCardTitle', params: '{"title":"a:b"}', appSid: 'sid123' });
    expect(frame.parent.sent.at(-1)!.message).toBe(`CallCardSetCardTitle:{"title":"a:b"}:${cmd.callback}:sid123`);
    frame.post(`${cmd.callback}:{"ok":1}`);
    frame.post(`${cmd.callback}:`);
    expect(answers).toEqual([{ ok: 1 }, undefined]);
    forget();
    frame.post(`${cmd.callback}:{"ok":2}`);
    expect(answers).toEqual([{ ok: 1 }, undefined]);
    conn.close();
  });

  it('picks CallCard::EntityChanged in the CALL_CARD placement', async () => {
    const { frame, client } = await start(createFakeFrame({ init: { PLACEMENT: 'CALL_CARD' } }));
    expect([...frame.binds.keys()]).toEqual(['CallCard::EntityChanged']);
    frame.fire('CallCard::EntityChanged', CONTACT);
    expect(client.getState().status).toBe('ready');
  });

  it('upper-cases the placement, and says DEFAULT when the portal gave none', async () => {
    expect((await connect(createFakeFrame({ init: { PLACEMENT: 'call_card' } }))).placement).toBe('CALL_CARD');
    expect((await connect(createFakeFrame({ init: { PLACEMENT: undefined } }))).placement).toBe('DEFAULT');
    const { client, frame } = await start(createFakeFrame({ init: { PLACEMENT: 'DEFAULT' } }));
    expect(client.getState()).toMatchObject({ status: 'unsupported', placement: 'DEFAULT' });
    expect(frame.binds.size).toBe(0);
    expect(getPortal(client)?.domain).toBe('example.bitrix24.com'); // REST still works from an install page
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

  it('talks to the lower-case origin browsers report when window.name has an upper-case host', async () => {
    const frame = createFakeFrame({ name: 'EXAMPLE.Bitrix24.COM|1|sid123' });
    const { client } = await start(frame, { allowedHosts: ['example.bitrix24.com'] });
    expect(client.getState().status).toBe('listening');
    expect(frame.parent.sent.every((s) => s.targetOrigin === 'https://example.bitrix24.com')).toBe(true);
    // The fake posts from https://example.bitrix24.com, as a browser reports it.
    frame.fire(EVENT, CONTACT);
    expect(client.getState().entity?.entityId).toBe(17);
    expect(getPortal(client)?.restUrl).toBe('https://example.bitrix24.com/rest/');
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
    expect((client.getState().error as CallCardUnsupportedError).reason).toBe('DESTROYED');
  });

  it("rejects with the signal's reason when aborted before the portal answers", async () => {
    const ctrl = new AbortController();
    const frame = createFakeFrame({ manual: true });
    const pending = connect(frame, vi.fn(), ctrl.signal);
    ctrl.abort('gone');
    await expect(pending).rejects.toBe('gone');
  });

  it('delivers nothing and removes its listener once the connection is closed', async () => {
    const frame = createFakeFrame();
    const spy = vi.spyOn(frame.win, 'removeEventListener');
    const conn = await connect(frame);
    const handler = vi.fn();
    conn.bind(EVENT, handler);
    frame.fire(EVENT, CONTACT);
    expect(handler).toHaveBeenCalledTimes(1);
    conn.close();
    expect(spy).toHaveBeenCalledWith('message', expect.any(Function));
    expect(frame.fire(EVENT, CONTACT)).toBe(1); // the portal still has the bind: there is no unbind
    expect(handler).toHaveBeenCalledTimes(1);
  });

  it('rejects an empty getInitData answer', async () => {
    const frame = createFakeFrame({ manual: true });
    const { client } = await start(frame);
    frame.post(`${frame.commands[0]!.callback}:`);
    await tick();
    expect(client.getState()).toMatchObject({ status: 'error' });
    expect(client.getState().error?.code).toBe('TRANSPORT');
    // The failed connection stopped listening: a second answer changes nothing.
    frame.answerInit();
    await tick();
    expect(client.getState().status).toBe('error');
    expect(frame.binds.size).toBe(0);
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

  it('settles at once on a hostile init answer whose fields cannot be coerced (initTimeoutMs: 0)', async () => {
    // {"toString": 1} is valid JSON from the wire; Number() or String() on it throws. Every read of
    // portal data is total: the bad fields are read as missing, the connection settles at once.
    const hostile = { toString: 1 };
    const frame = createFakeFrame({
      init: { AUTH_EXPIRES: hostile, PLACEMENT: hostile, AUTH_ID: hostile, IS_ADMIN: hostile },
    });
    const onError = vi.fn();
    const client = createCallCardClient({
      transport: frameTransport({ window: frame.win }),
      initTimeoutMs: 0,
      onError,
    });
    client.start();
    await tick();
    // PLACEMENT unreadable → DEFAULT → unsupported (PLACEMENT), decided now, not by a timer.
    expect(client.getState()).toMatchObject({
      status: 'unsupported',
      placement: 'DEFAULT',
      error: { reason: 'PLACEMENT' },
    });
    const portal = getPortal(client)!;
    expect(portal.auth).toMatchObject({ accessToken: '' });
    expect(Number.isFinite(portal.auth.expiresAt)).toBe(true);
    expect(portal.isAdmin).toBe(false);
    expect(onError).not.toHaveBeenCalled();
  });

  it('warns once in development when connected to a non-local host without allowedHosts', async () => {
    vi.resetModules(); // a fresh copy of the module: its warn-once flag is not set yet
    const fresh = (await import('./frameTransport')).frameTransport;
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const open = (name: string, opts: Omit<FrameTransportOptions, 'window'> = {}) =>
        fresh({ window: createFakeFrame({ name, origin: parseOrigin(name) }).win, ...opts }).connect({
          signal: new AbortController().signal,
          onError: () => {},
        });
      await open('localhost:4000|0|sid123');
      await open('127.0.0.1:4000|0|sid123');
      await open('example.bitrix24.com|1|sid123', { allowedHosts: ['*.bitrix24.com'] });
      expect(warn).not.toHaveBeenCalled();
      await open('example.bitrix24.com|1|sid123');
      await open('other.bitrix24.com|1|sid123');
      expect(warn).toHaveBeenCalledTimes(1);
      expect(warn.mock.calls[0]![0]).toContain('example.bitrix24.com without allowedHosts');
    } finally {
      warn.mockRestore();
    }
  });

  it('is unsupported when window.name is not Bitrix24 or the page is not framed', async () => {
    const a = await start(createFakeFrame({ name: '' }));
    expect((a.client.getState().error as CallCardUnsupportedError).reason).toBe('NOT_IN_PORTAL');
    const frame = createFakeFrame();
    (frame.win as unknown as { parent: unknown }).parent = frame.win;
    const b = await start(frame);
    expect((b.client.getState().error as CallCardUnsupportedError).reason).toBe('NOT_IN_PORTAL');
    expect(b.client.getState().error?.message).toMatch(/simulator/);
    expect(frame.parent.sent).toEqual([]);
  });
});

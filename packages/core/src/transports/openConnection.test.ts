import { afterEach, describe, expect, it, vi } from 'vitest';
import { CallCardTransportError, CallCardUnsupportedError } from '@b24-callcard/core';
import { openConnection, type ConnectionParts } from './openConnection';

const parts = (over: Partial<ConnectionParts> = {}): ConnectionParts => ({
  placement: 'page_background_worker',
  origin: 'https://example.bitrix24.com',
  data: { AUTH_ID: 'token' },
  bind: () => {},
  ...over,
});

afterEach(() => vi.useRealTimers());

describe('openConnection', () => {
  it('turns the parts into a connection: placement upper-cased, receivedAt stamped, send passed on', async () => {
    vi.useFakeTimers({ now: 1_700_000_000_000 });
    const send = vi.fn(() => () => {});
    const data = { AUTH_ID: 'token', AUTH_EXPIRES: 3600 };
    const conn = await openConnection(new AbortController().signal, (done) => {
      done(parts({ data, send }));
    });
    expect(conn).toMatchObject({
      placement: 'PAGE_BACKGROUND_WORKER',
      origin: 'https://example.bitrix24.com',
      receivedAt: 1_700_000_000_000,
    });
    expect(conn.data).toBe(data);
    expect(conn.send).toBe(send);
    expect(typeof conn.close).toBe('function');
  });

  it('stamps receivedAt when done() is called, not when opening started', async () => {
    vi.useFakeTimers({ now: 1_000 });
    let finish!: () => void;
    const pending = openConnection(new AbortController().signal, (done) => {
      finish = () => done(parts());
    });
    vi.advanceTimersByTime(250);
    finish();
    expect((await pending).receivedAt).toBe(1_250);
  });

  it.each([
    [undefined, 'DEFAULT'],
    [null, 'DEFAULT'],
    ['', 'DEFAULT'],
    [42, 'DEFAULT'],
    [{ toString: () => 'CALL_CARD' }, 'DEFAULT'],
    ['call_card', 'CALL_CARD'],
    ['Page_Background_Worker', 'PAGE_BACKGROUND_WORKER'],
    ['DEFAULT', 'DEFAULT'],
  ])('reads the placement %j as %s', async (placement, expected) => {
    const conn = await openConnection(new AbortController().signal, (done) => done(parts({ placement })));
    expect(conn.placement).toBe(expected);
  });

  it('leaves send out when the transport has none', async () => {
    const conn = await openConnection(new AbortController().signal, (done) => done(parts()));
    expect(conn.send).toBeUndefined();
  });

  it('keeps a data getter live', async () => {
    let token = 'a';
    const conn = await openConnection(new AbortController().signal, (done) =>
      done({
        ...parts(),
        get data() {
          return { AUTH_ID: token };
        },
      }),
    );
    expect(conn.data.AUTH_ID).toBe('a');
    token = 'b';
    expect(conn.data.AUTH_ID).toBe('b');
  });

  it("rejects with the signal's reason on abort, and runs the cleanup once", async () => {
    const ctrl = new AbortController();
    const cleanup = vi.fn();
    const open = vi.fn(() => cleanup);
    const pending = openConnection(ctrl.signal, open);
    expect(open).toHaveBeenCalledTimes(1);
    expect(cleanup).not.toHaveBeenCalled();
    const reason = new CallCardUnsupportedError('DESTROYED', 'Client destroyed');
    ctrl.abort(reason);
    await expect(pending).rejects.toBe(reason);
    expect(cleanup).toHaveBeenCalledTimes(1);
  });

  it('runs the cleanup when aborted while opening, and never resolves after', async () => {
    const ctrl = new AbortController();
    const cleanup = vi.fn();
    const pending = openConnection(ctrl.signal, (done) => {
      ctrl.abort('gone');
      done(parts()); // ignored: already closed
      return cleanup;
    });
    await expect(pending).rejects.toBe('gone');
    expect(cleanup).toHaveBeenCalledTimes(1);
  });

  it('ignores done() after an abort: a late answer makes no connection', async () => {
    const ctrl = new AbortController();
    let finish!: (p: ConnectionParts) => void;
    const bind = vi.fn();
    const pending = openConnection(ctrl.signal, (done) => void (finish = done));
    ctrl.abort('gone');
    finish(parts({ bind }));
    await expect(pending).rejects.toBe('gone');
    expect(bind).not.toHaveBeenCalled();
  });

  it('ignores done() after fail()', async () => {
    let finish!: (p: ConnectionParts) => void;
    let failWith!: (e: unknown) => void;
    const pending = openConnection(new AbortController().signal, (done, fail) => {
      finish = done;
      failWith = fail;
    });
    const error = new CallCardTransportError('boom');
    failWith(error);
    finish(parts());
    await expect(pending).rejects.toBe(error);
  });

  it('fail() closes and rejects with the error, running the cleanup', async () => {
    const cleanup = vi.fn();
    let failWith!: (e: unknown) => void;
    const pending = openConnection(new AbortController().signal, (_, fail) => {
      failWith = fail;
      return cleanup;
    });
    const error = new CallCardTransportError('Empty getInitData answer');
    failWith(error);
    await expect(pending).rejects.toBe(error);
    expect(cleanup).toHaveBeenCalledTimes(1);
  });

  it('runs the cleanup when fail() is called while opening (before the cleanup was returned)', async () => {
    const cleanup = vi.fn();
    const error = new Error('no BX24');
    const pending = openConnection(new AbortController().signal, (_, fail) => {
      fail(error);
      return cleanup;
    });
    await expect(pending).rejects.toBe(error);
    expect(cleanup).toHaveBeenCalledTimes(1);
  });

  it('binds through the parts and stops delivering after close', async () => {
    const delivered: unknown[] = [];
    const portalSide: Array<{ event: string; handler: (payload: unknown) => void }> = [];
    const cleanup = vi.fn();
    const conn = await openConnection(new AbortController().signal, (done) => {
      done(parts({ bind: (event, handler) => void portalSide.push({ event, handler }) }));
      return cleanup;
    });
    conn.bind('BackgroundCallCard::entityChanged', (p) => delivered.push(p));
    expect(portalSide.map((b) => b.event)).toEqual(['BackgroundCallCard::entityChanged']);
    portalSide[0]!.handler('one');
    expect(delivered).toEqual(['one']);
    conn.close();
    expect(cleanup).toHaveBeenCalledTimes(1);
    portalSide[0]!.handler('two'); // the portal-side bind stays: Bitrix24 has no unbind
    expect(delivered).toEqual(['one']);
    // A bind made after close delivers nothing either.
    conn.bind('BackgroundCallCard::entityChanged', (p) => delivered.push(p));
    portalSide.at(-1)!.handler('three');
    expect(delivered).toEqual(['one']);
  });

  it('stops delivering when the signal aborts after connecting', async () => {
    const ctrl = new AbortController();
    const delivered: unknown[] = [];
    let fire!: (payload: unknown) => void;
    const cleanup = vi.fn();
    const conn = await openConnection(ctrl.signal, (done) => {
      done(parts({ bind: (_, handler) => void (fire = handler) }));
      return cleanup;
    });
    conn.bind('CallCard::EntityChanged', (p) => delivered.push(p));
    fire(1);
    ctrl.abort();
    fire(2);
    expect(delivered).toEqual([1]);
    expect(cleanup).toHaveBeenCalled();
  });
});

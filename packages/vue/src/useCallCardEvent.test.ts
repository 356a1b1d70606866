import { describe, expect, it, vi } from 'vitest';
import { effectScope, isReadonly, watch } from 'vue';
import { createCallCardClient } from '@b24-callcard/core';
import { createMockTransport } from '@b24-callcard/core/testing';
import { useCallCardEvent, useCallState } from '@b24-callcard/vue';

const tick = () => new Promise((r) => setTimeout(r, 0));
const setup = () => {
  const transport = createMockTransport();
  const client = createCallCardClient({ transport, onError: () => {} });
  return { transport, client };
};

describe('useCallCardEvent (Vue)', () => {
  it('delivers events until the scope stops, with one bind', async () => {
    const { transport, client } = setup();
    const h = vi.fn();
    const scope = effectScope();
    scope.run(() => {
      useCallCardEvent('addCommentButtonClick', h, { client });
      useCallCardEvent('addCommentButtonClick', h, { client });
    });
    await tick();
    transport.emit('hello', 'addCommentButtonClick');
    expect(h).toHaveBeenCalledTimes(2);
    expect(h).toHaveBeenCalledWith('hello');
    scope.stop();
    transport.emit('again', 'addCommentButtonClick');
    expect(h).toHaveBeenCalledTimes(2);
    expect(transport.binds.filter((b) => b.endsWith('addCommentButtonClick'))).toHaveLength(1);
  });
});

describe('useCallState (Vue)', () => {
  it('is a readonly ref that follows the call, updating once per change', async () => {
    const { transport, client } = setup();
    const scope = effectScope();
    const seen: unknown[] = [];
    const call = scope.run(() => {
      const c = useCallState({ client });
      watch(c, (v) => seen.push(v?.state ?? null), { flush: 'sync' });
      return c;
    })!;
    expect(isReadonly(call)).toBe(true);
    await tick();
    transport.emit({ CALL_ID: 'c9', CALL_STATE: 'connected', CALL_DIRECTION: 'incoming' }, 'initialized');
    expect(call.value).toMatchObject({ callId: 'c9', state: 'connected' });
    transport.emit(false, 'holdButtonClick'); // no change
    transport.emit(undefined, 'hangupButtonClick');
    expect(seen).toEqual(['connected', 'ended']);
    scope.stop();
    transport.emit(undefined, 'closeButtonClick');
    expect(call.value?.state).toBe('ended'); // unsubscribed: the ref no longer follows
  });
});

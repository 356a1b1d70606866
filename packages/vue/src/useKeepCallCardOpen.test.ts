import { cleanup, render } from '@testing-library/vue';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, effectScope, h, nextTick, reactive, ref, type MaybeRefOrGetter } from 'vue';
import { CallCardCommandError, createCallCardClient, type CallCardClient } from '@b24-callcard/core';
import { createMockTransport, type MockTransport, type MockTransportOptions } from '@b24-callcard/core/testing';
import { callCardPlugin, useKeepCallCardOpen } from '@b24-callcard/vue';

beforeEach(() => void vi.useFakeTimers());
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const setup = (options: MockTransportOptions = {}) => {
  const transport = createMockTransport({ placement: 'CALL_CARD', ...options });
  const errors: unknown[] = [];
  const client = createCallCardClient({ transport, onError: (e) => errors.push(e) });
  return { transport, client, errors };
};
/** The commands sent to the portal, by name, without the `getInterface` question. */
const sent = (t: MockTransport) => t.commands.map((c) => c.command).filter((c) => c !== 'getInterface');
const count = (t: MockTransport, command: string) => sent(t).filter((c) => c === command).length;
/** Lets Vue flush its effects, the client connect and the pending commands reach the portal, with no time passing. */
const settle = async () => {
  await nextTick();
  await vi.advanceTimersByTimeAsync(0);
};
/** `useKeepCallCardOpen` in a bare effect scope. */
const keep = (active: MaybeRefOrGetter<boolean>, client: CallCardClient, renewMs?: number) => {
  const scope = effectScope();
  scope.run(() => useKeepCallCardOpen(active, { client, renewMs }));
  return scope;
};

describe('useKeepCallCardOpen (Vue)', () => {
  it('active: sends disableAutoClose at once and renews it every renewMs', async () => {
    const { transport, client, errors } = setup();
    keep(true, client, 1000);
    await settle();
    expect(sent(transport)).toEqual(['disableAutoClose']);
    expect(transport.commands.find((c) => c.command === 'disableAutoClose')?.params).toEqual({});
    await vi.advanceTimersByTimeAsync(999);
    expect(sent(transport)).toEqual(['disableAutoClose']);
    await vi.advanceTimersByTimeAsync(1);
    expect(sent(transport)).toEqual(['disableAutoClose', 'disableAutoClose']);
    await vi.advanceTimersByTimeAsync(3000);
    expect(count(transport, 'disableAutoClose')).toBe(5);
    expect(count(transport, 'enableAutoClose')).toBe(0);
    expect(errors).toEqual([]);
  });

  it('renews every 50 s by default', async () => {
    const { transport, client } = setup();
    keep(true, client);
    await settle();
    await vi.advanceTimersByTimeAsync(49_999);
    expect(count(transport, 'disableAutoClose')).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(count(transport, 'disableAutoClose')).toBe(2);
  });

  it('a ref turning false sends enableAutoClose once and stops renewing; true again holds again', async () => {
    const { transport, client } = setup();
    const dirty = ref(true);
    keep(dirty, client, 1000);
    await settle();
    await vi.advanceTimersByTimeAsync(1000);
    expect(sent(transport)).toEqual(['disableAutoClose', 'disableAutoClose']);
    dirty.value = false;
    await settle();
    expect(sent(transport)).toEqual(['disableAutoClose', 'disableAutoClose', 'enableAutoClose']);
    dirty.value = false; // no change
    await vi.advanceTimersByTimeAsync(10_000);
    expect(sent(transport)).toEqual(['disableAutoClose', 'disableAutoClose', 'enableAutoClose']);
    dirty.value = true;
    await settle();
    expect(sent(transport).slice(3)).toEqual(['disableAutoClose']);
    await vi.advanceTimersByTimeAsync(1000);
    expect(sent(transport).slice(3)).toEqual(['disableAutoClose', 'disableAutoClose']);
  });

  it('a getter turning false sends enableAutoClose once and stops renewing', async () => {
    const { transport, client } = setup();
    const form = reactive({ saved: false });
    keep(() => !form.saved, client, 1000);
    await settle();
    expect(sent(transport)).toEqual(['disableAutoClose']);
    form.saved = true;
    await settle();
    expect(sent(transport)).toEqual(['disableAutoClose', 'enableAutoClose']);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(sent(transport)).toEqual(['disableAutoClose', 'enableAutoClose']);
    form.saved = false;
    await settle();
    expect(sent(transport)).toEqual(['disableAutoClose', 'enableAutoClose', 'disableAutoClose']);
  });

  // Suspected bug (reported): watchEffect re-runs whenever anything the getter reads changes, so
  // a getter that stays true releases the card (enableAutoClose: "closes now if the call has
  // ended") and holds it again. Expected: no command until the value itself changes.
  it('a getter whose value stays true keeps the one hold (no release, no extra hold)', async () => {
    const { transport, client } = setup();
    const form = reactive({ title: 'a' });
    keep(() => form.title.length > 0, client, 1000);
    await settle();
    form.title = 'ab'; // still true
    await settle();
    expect(sent(transport)).toEqual(['disableAutoClose']);
  });

  it('scope.stop() while active releases the card and stops renewing', async () => {
    const { transport, client } = setup();
    const scope = keep(ref(true), client, 1000);
    await settle();
    scope.stop();
    await settle();
    expect(sent(transport)).toEqual(['disableAutoClose', 'enableAutoClose']);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(sent(transport)).toEqual(['disableAutoClose', 'enableAutoClose']);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('scope.stop() while inactive sends nothing', async () => {
    const { transport, client } = setup();
    const dirty = ref(true);
    const scope = keep(dirty, client, 1000);
    await settle();
    dirty.value = false;
    await settle();
    scope.stop();
    await settle();
    expect(sent(transport)).toEqual(['disableAutoClose', 'enableAutoClose']);
    dirty.value = true; // the stopped scope no longer follows it
    await settle();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(sent(transport)).toEqual(['disableAutoClose', 'enableAutoClose']);
  });

  it('scope.stop() before the portal answered still releases, after the hold', async () => {
    const { transport, client } = setup({ answer: 'manual' });
    const scope = keep(true, client, 1000);
    scope.stop();
    await settle();
    expect(sent(transport)).toEqual([]);
    transport.answer();
    await settle();
    expect(sent(transport)).toEqual(['disableAutoClose', 'enableAutoClose']);
  });

  it.each([
    ['false', false],
    ['a false ref', ref(false)],
    ['a false getter', () => false],
  ])('active=%s from the start sends nothing and starts no timer', async (_name, active) => {
    const { transport, client } = setup();
    const scope = keep(active, client, 1000);
    await settle();
    await vi.advanceTimersByTimeAsync(10_000);
    scope.stop();
    await settle();
    expect(transport.commands).toEqual([]);
    expect(transport.connectCalls).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("in a component: uses the plugin's client, holds while mounted and releases on unmount", async () => {
    const { transport, client } = setup();
    const dirty = ref(true);
    const Form = defineComponent({
      props: { n: { type: Number, default: 0 } },
      setup(props) {
        useKeepCallCardOpen(dirty, { renewMs: 1000 });
        return () => h('form', props.n);
      },
    });
    const r = render(Form, { global: { plugins: [[callCardPlugin, { client }]] } });
    await settle();
    expect(sent(transport)).toEqual(['disableAutoClose']);
    await r.rerender({ n: 1 }); // a re-render changes nothing
    await settle();
    expect(sent(transport)).toEqual(['disableAutoClose']);
    r.unmount();
    await settle();
    expect(sent(transport)).toEqual(['disableAutoClose', 'enableAutoClose']);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(sent(transport)).toEqual(['disableAutoClose', 'enableAutoClose']);
  });

  it('in the background worker nothing is sent: each failed hold goes to onError (NOT_AVAILABLE)', async () => {
    const { transport, client, errors } = setup({ placement: 'PAGE_BACKGROUND_WORKER' });
    const scope = keep(true, client, 1000);
    await settle();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(CallCardCommandError);
    expect(errors[0]).toMatchObject({ reason: 'NOT_AVAILABLE', command: 'disableAutoClose' });
    scope.stop();
    await settle();
    expect(errors.map((e) => (e as CallCardCommandError).command)).toEqual(['disableAutoClose', 'enableAutoClose']);
    expect(sent(transport)).toEqual([]);
  });
});

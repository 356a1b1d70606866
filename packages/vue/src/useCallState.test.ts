import { renderToString } from '@vue/server-renderer';
import { cleanup, render } from '@testing-library/vue';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createApp, createSSRApp, defineComponent, effectScope, h, isReadonly, nextTick, watch } from 'vue';
import { createCallCardClient, getCallStateStore } from '@b24-callcard/core';
import { createMockTransport, type MockEventName } from '@b24-callcard/core/testing';
import { callCardPlugin, useCallState } from '@b24-callcard/vue';

const setup = () => {
  const transport = createMockTransport();
  const client = createCallCardClient({ transport, onError: () => {} });
  return { transport, client };
};
const INITIALIZED = { CALL_ID: 'c1', CALL_DIRECTION: 'outgoing', CALL_STATE: 'connecting', PHONE_NUMBER: '+1' };

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

/** Shows the call as `id:state:muted|live:held|free:entity`, or `no call`; logs every render. */
const Call = defineComponent({
  props: { log: { type: Array, default: null } },
  setup(props) {
    const call = useCallState();
    return () => {
      const c = call.value;
      const text = c
        ? `${c.callId}:${c.state}:${c.muted ? 'muted' : 'live'}:${c.held ? 'held' : 'free'}:${c.entityType ?? '-'}`
        : 'no call';
      props.log?.push(text);
      return h('p', { 'data-testid': 'call' }, text);
    };
  },
});

/** A client already in a call: its call-state store subscribed and `initialized` received. */
async function inACall() {
  const { transport, client } = setup();
  const off = getCallStateStore(client).subscribe(() => {});
  transport.emit(INITIALIZED, 'initialized');
  expect(getCallStateStore(client).getState()?.callId).toBe('c1');
  return { transport, client, off };
}

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
    transport.emit({ CALL_ID: 'c9', CALL_STATE: 'connected', CALL_DIRECTION: 'incoming' }, 'initialized');
    expect(call.value).toMatchObject({ callId: 'c9', state: 'connected' });
    transport.emit(false, 'holdButtonClick'); // no change
    transport.emit(undefined, 'hangupButtonClick');
    expect(seen).toEqual(['connected', 'ended']);
    scope.stop();
    transport.emit(undefined, 'closeButtonClick');
    expect(call.value?.state).toBe('ended'); // unsubscribed: the ref no longer follows
  });

  it('re-renders a component once per distinct call-state change: repeats cause none', async () => {
    const { transport, client } = setup();
    const log: string[] = [];
    const r = render(Call, { props: { log }, global: { plugins: [[callCardPlugin, { client }]] } });
    await nextTick();
    expect(log).toEqual(['no call']);
    const steps: Array<[payload: unknown, event: MockEventName, changes: boolean]> = [
      [INITIALIZED, 'initialized', true],
      [true, 'muteButtonClick', true],
      [true, 'muteButtonClick', false],
      [false, 'holdButtonClick', false], // not held already
      [true, 'holdButtonClick', true],
      [{ PHONE_NUMBER: '+1', CRM_ENTITY_TYPE: 'CONTACT', CRM_ENTITY_ID: 17 }, 'entityChanged', true],
      [{ PHONE_NUMBER: '+1', CRM_ENTITY_TYPE: 'CONTACT', CRM_ENTITY_ID: '17' }, 'entityChanged', false],
      [undefined, 'hangupButtonClick', true],
      [undefined, 'hangupButtonClick', false],
      [undefined, 'closeButtonClick', true],
      [undefined, 'closeButtonClick', false],
      [{ CRM_ENTITY_ID: 'x' }, 'initialized', false], // invalid: goes to onError, no update
    ];
    let expected = 1;
    for (const [payload, event, changes] of steps) {
      transport.emit(payload, event);
      await nextTick();
      if (changes) expected++;
      expect({ event, renders: log.length }).toEqual({ event, renders: expected });
    }
    expect(log).toEqual([
      'no call',
      'c1:connecting:live:free:-',
      'c1:connecting:muted:free:-',
      'c1:connecting:muted:held:-',
      'c1:connecting:muted:held:CONTACT',
      'c1:ended:muted:held:CONTACT',
      'no call',
    ]);
    expect(r.getByTestId('call').textContent).toBe('no call');
  });

  it('a component mounted during a call shows it at once, and stops following once unmounted', async () => {
    const { transport, client, off } = await inACall();
    const log: string[] = [];
    const r = render(Call, { props: { log }, global: { plugins: [[callCardPlugin, { client }]] } });
    expect(log).toEqual(['c1:connecting:live:free:-']);
    r.unmount();
    transport.emit(true, 'muteButtonClick');
    await nextTick();
    expect(log).toEqual(['c1:connecting:live:free:-']);
    expect(getCallStateStore(client).getState()?.muted).toBe(true);
    off();
  });

  it('server rendering shows null, even while the client has a live call', async () => {
    const { client, off } = await inACall();
    const html = await renderToString(createSSRApp(Call).use(callCardPlugin, { client }));
    expect(html).toBe('<p data-testid="call">no call</p>');
    off();
  });

  it('hydration starts from null without a mismatch, then shows the live call', async () => {
    const { client, off } = await inACall();
    const html = await renderToString(createSSRApp(Call).use(callCardPlugin, { client }));
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const el = document.createElement('div');
    el.innerHTML = html;
    const log: string[] = [];
    createSSRApp(Call, { log }).use(callCardPlugin, { client }).mount(el);
    const messages = [...warn.mock.calls, ...error.mock.calls].map((c) => String(c[0]));
    expect(messages.filter((m) => /mismatch/i.test(m))).toEqual([]);
    expect(log).toEqual(['no call']);
    await nextTick();
    expect(log).toEqual(['no call', 'c1:connecting:live:free:-']);
    expect(el.textContent).toBe('c1:connecting:live:free:-');
    off();
  });

  it('components and scopes on one client share one store and bind each event once', async () => {
    const { transport, client } = setup();
    const el = document.createElement('div');
    const app = createApp(defineComponent({ setup: () => () => [h(Call), h(Call)] }));
    app.use(callCardPlugin, { client }).mount(el);
    const scope = effectScope();
    const call = scope.run(() => useCallState({ client }))!;
    transport.emit(INITIALIZED, 'initialized');
    await nextTick();
    expect([...el.querySelectorAll('p')].map((p) => p.textContent)).toEqual([
      'c1:connecting:live:free:-',
      'c1:connecting:live:free:-',
    ]);
    expect(call.value?.callId).toBe('c1');
    expect(transport.binds.filter((b) => b.endsWith('::initialized'))).toHaveLength(1);
    expect(transport.connectCalls).toBe(1);
    scope.stop();
    app.unmount();
  });
});

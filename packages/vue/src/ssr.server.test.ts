import { renderToString } from '@vue/server-renderer';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSSRApp, defineComponent, effectScope, h, ref } from 'vue';
import { createCallCardClient, getCallStateStore } from '@b24-callcard/core';
import { createMockTransport } from '@b24-callcard/core/testing';
import {
  callCardPlugin,
  useCallCardCommands,
  useCallCardEntity,
  useCallState,
  useKeepCallCardOpen,
} from '@b24-callcard/vue';

const Card = defineComponent({
  setup() {
    const { status, entity } = useCallCardEntity();
    return () => h('p', `${status.value}:${entity.value ? entity.value.entityId : 'none'}`);
  },
});

describe('Vue SSR without window', () => {
  it('renders idle with the default client', async () => {
    expect(typeof window).toBe('undefined');
    expect(await renderToString(createSSRApp(Card))).toBe('<p>idle:none</p>');
  });

  it('renders idle with a provided client and does not start it', async () => {
    const transport = createMockTransport();
    const client = createCallCardClient({ transport });
    const html = await renderToString(createSSRApp(Card).use(callCardPlugin, { client }));
    expect(html).toBe('<p>idle:none</p>');
    expect(transport.connectCalls).toBe(0);
  });

  const Call = defineComponent({
    setup() {
      const call = useCallState();
      return () => h('p', call.value ? call.value.callId : 'no call');
    },
  });

  it('useCallState renders null with the default client and with a provided one, starting nothing', async () => {
    expect(await renderToString(createSSRApp(Call))).toBe('<p>no call</p>');
    const transport = createMockTransport();
    const client = createCallCardClient({ transport });
    expect(await renderToString(createSSRApp(Call).use(callCardPlugin, { client }))).toBe('<p>no call</p>');
    expect(transport.connectCalls).toBe(0);
    expect(transport.binds).toEqual([]);
  });

  it('useCallState renders null even while the client has a live call (the server state)', async () => {
    const transport = createMockTransport();
    const client = createCallCardClient({ transport });
    const off = getCallStateStore(client).subscribe(() => {});
    transport.emit({ CALL_ID: 'c1', CALL_STATE: 'connected' }, 'initialized');
    expect(getCallStateStore(client).getState()?.callId).toBe('c1');
    expect(await renderToString(createSSRApp(Call).use(callCardPlugin, { client }))).toBe('<p>no call</p>');
    off();
  });

  describe('useKeepCallCardOpen(true)', () => {
    afterEach(() => void vi.useRealTimers());
    const Form = defineComponent({
      setup() {
        useKeepCallCardOpen(true, { renewMs: 1000 });
        useKeepCallCardOpen(ref(true), { renewMs: 1000 });
        useKeepCallCardOpen(() => true, { renewMs: 1000 });
        const card = useCallCardCommands();
        return () => h('form', typeof card.disableAutoClose);
      },
    });

    it('sends nothing and starts nothing with a provided client', async () => {
      vi.useFakeTimers();
      const transport = createMockTransport({ placement: 'CALL_CARD' });
      const client = createCallCardClient({ transport, onError: () => {} });
      expect(await renderToString(createSSRApp(Form).use(callCardPlugin, { client }))).toBe('<form>function</form>');
      expect(vi.getTimerCount()).toBe(0); // no renewal interval, no init timeout
      await vi.advanceTimersByTimeAsync(120_000);
      expect(transport.connectCalls).toBe(0);
      expect(transport.commands).toEqual([]);
      expect(client.getState().status).toBe('idle');
    });

    it('sends nothing and starts nothing with the default client, nor in a bare effect scope', async () => {
      vi.useFakeTimers();
      expect(await renderToString(createSSRApp(Form))).toBe('<form>function</form>');
      const transport = createMockTransport({ placement: 'CALL_CARD' });
      const client = createCallCardClient({ transport, onError: () => {} });
      const scope = effectScope();
      scope.run(() => useKeepCallCardOpen(true, { client, renewMs: 1000 }));
      expect(vi.getTimerCount()).toBe(0);
      await vi.advanceTimersByTimeAsync(120_000);
      scope.stop();
      expect(transport.connectCalls).toBe(0);
      expect(transport.commands).toEqual([]);
    });
  });
});

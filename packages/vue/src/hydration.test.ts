import { renderToString } from '@vue/server-renderer';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSSRApp, defineComponent, h, nextTick } from 'vue';
import { createCallCardClient, type CallCardClient } from '@b24-callcard/core';
import { createMockTransport } from '@b24-callcard/core/testing';
import { callCardPlugin, useCallCardEntity, useCallState } from '@b24-callcard/vue';

const Card = defineComponent({
  setup() {
    const { status, entity } = useCallCardEntity();
    const call = useCallState();
    return () =>
      h('p', `${status.value}:${entity.value ? entity.value.entityId : 'none'}:${call.value?.callId ?? 'no call'}`);
  },
});

afterEach(() => vi.restoreAllMocks());

/** Hydrates `html` with `Card` on `client`; returns the element and Vue's mismatch warnings. */
function hydrate(html: string, client: CallCardClient) {
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
  const error = vi.spyOn(console, 'error').mockImplementation(() => {});
  const el = document.createElement('div');
  el.innerHTML = html;
  createSSRApp(Card).use(callCardPlugin, { client }).mount(el);
  const messages = [...warn.mock.calls, ...error.mock.calls].map((c) => String(c[0]));
  return { el, mismatches: messages.filter((m) => /mismatch/i.test(m)) };
}

describe('Vue hydration of server-rendered HTML', () => {
  it('hydrates without a mismatch, then shows the live state', async () => {
    const serverClient = createCallCardClient({ transport: createMockTransport(), onError: vi.fn() });
    serverClient.start(); // even a started client renders idle on the server, like React's server snapshot
    expect(serverClient.getState().status).toBe('listening');
    const html = await renderToString(createSSRApp(Card).use(callCardPlugin, { client: serverClient }));
    expect(html).toBe('<p>idle:none:no call</p>');

    const transport = createMockTransport();
    const client = createCallCardClient({ transport, onError: vi.fn() });
    client.start(); // the app started the client before mounting, as the examples do
    transport.emit({ PHONE_NUMBER: '+1', CRM_ENTITY_TYPE: 'LEAD', CRM_ENTITY_ID: 4 });

    const { el, mismatches } = hydrate(html, client);
    expect(mismatches).toEqual([]);
    await nextTick();
    expect(el.textContent).toBe('ready:4:no call');
  });

  it('hydrates without a mismatch when mounting is what starts the client', async () => {
    const html = '<p>idle:none:no call</p>';
    const transport = createMockTransport({ answer: 'manual' });
    const client = createCallCardClient({ transport, onError: vi.fn() }); // not started: subscribing will start it
    const { el, mismatches } = hydrate(html, client);
    expect(mismatches).toEqual([]);
    await nextTick();
    expect(el.textContent).toBe('connecting:none:no call');
    transport.answer();
    await new Promise((r) => setTimeout(r, 0));
    transport.emit({ PHONE_NUMBER: '+1', CRM_ENTITY_TYPE: 'LEAD', CRM_ENTITY_ID: 4 });
    await nextTick();
    expect(el.textContent).toBe('ready:4:no call');
  });

  it('a plain client-side mount starts from the live state at once', () => {
    const transport = createMockTransport({ answer: 'manual' });
    const client = createCallCardClient({ transport, onError: vi.fn() });
    const el = document.createElement('div');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    createSSRApp(Card).use(callCardPlugin, { client }).mount(el); // empty container: a normal mount
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]?.[0])).toMatch(/container is empty. Performing full mount/);
    expect(el.textContent).toBe('connecting:none:no call');
    // A portal that answers at once: the first render already shows the client listening.
    const live = createCallCardClient({ transport: createMockTransport(), onError: vi.fn() });
    const el2 = document.createElement('div');
    createSSRApp(Card).use(callCardPlugin, { client: live }).mount(el2);
    expect(el2.textContent).toBe('listening:none:no call');
  });
});

import { afterEach, describe, expect, it, vi } from 'vitest';
import { createApp, defineComponent, h, nextTick, provide, type App } from 'vue';
import { createCallCardClient, getCallStateStore, getDefaultCallCardClient } from '@b24-callcard/core';
import { createMockTransport } from '@b24-callcard/core/testing';
import {
  CALL_CARD_CLIENT_KEY,
  callCardPlugin,
  useCallCardClient,
  useCallCardEntity,
  useCallCardEvent,
  useCallState,
} from '@b24-callcard/vue';

const setup = () => {
  const transport = createMockTransport();
  const client = createCallCardClient({ transport, onError: () => {} });
  return { transport, client };
};
const CONTACT = { PHONE_NUMBER: '+15550100', CRM_ENTITY_TYPE: 'CONTACT', CRM_ENTITY_ID: 17 };
const LEAD = { PHONE_NUMBER: 'unknown', CRM_ENTITY_TYPE: 'LEAD', CRM_ENTITY_ID: '5' };

const apps: App[] = [];
/** Mounts `app` on a fresh element (unmounted after the test). */
const mount = (app: App): HTMLElement => {
  const el = document.createElement('div');
  app.mount(el);
  apps.push(app);
  return el;
};
afterEach(() => {
  apps.splice(0).forEach((app) => app.unmount());
  vi.restoreAllMocks();
});

describe('useCallCardClient: explicit client > plugin > default client', () => {
  it('picks the client: explicit, then plugin, then default', () => {
    const { client: a } = setup();
    const { client: b } = setup();
    const got: unknown[] = [];
    const Who = defineComponent({
      setup() {
        got.push(useCallCardClient(), useCallCardClient(b));
        return () => null;
      },
    });
    mount(createApp(Who).use(callCardPlugin, { client: a }));
    mount(createApp(Who));
    expect(got).toEqual([a, b, getDefaultCallCardClient(), b]);
  });

  it('the plugin without a client provides the page default client', () => {
    const got: unknown[] = [];
    const Who = defineComponent({
      setup() {
        got.push(useCallCardClient());
        return () => null;
      },
    });
    mount(createApp(Who).use(callCardPlugin));
    expect(got).toEqual([getDefaultCallCardClient()]);
  });

  it("outside components: the default client, or the plugin's inside the app's runWithContext", () => {
    const { client: a } = setup();
    const { client: b } = setup();
    expect(useCallCardClient()).toBe(getDefaultCallCardClient());
    expect(useCallCardClient(b)).toBe(b);
    const app = createApp({ render: () => null }).use(callCardPlugin, { client: a });
    expect(app.runWithContext(() => useCallCardClient())).toBe(a);
    expect(app.runWithContext(() => useCallCardClient(b))).toBe(b);
  });

  it("a parent's provide(CALL_CARD_CLIENT_KEY) overrides the plugin for its subtree", () => {
    const { client: a } = setup();
    const { client: b } = setup();
    const got: unknown[] = [];
    const Who = defineComponent({
      setup() {
        got.push(useCallCardClient());
        return () => null;
      },
    });
    const Scoped = defineComponent({
      setup() {
        provide(CALL_CARD_CLIENT_KEY, b);
        return () => h(Who);
      },
    });
    mount(createApp({ render: () => [h(Who), h(Scoped)] }).use(callCardPlugin, { client: a }));
    expect(got).toEqual([a, b]);
  });

  it('installing the plugin starts nothing: only the composables that read the client do', () => {
    const { transport, client } = setup();
    mount(createApp({ render: () => null }).use(callCardPlugin, { client }));
    expect(transport.connectCalls).toBe(0);
    expect(client.getState().status).toBe('idle');
  });
});

describe('the composables follow the same resolution', () => {
  it("useCallCardEntity, useCallState and useCallCardEvent use the plugin's client, or the explicit one", async () => {
    const a = setup();
    const b = setup();
    const comments: string[] = [];
    const Card = defineComponent({
      props: { explicit: { type: Boolean, default: false } },
      setup(props) {
        const options = props.explicit ? { client: b.client } : {};
        const tag = props.explicit ? 'explicit' : 'plugin';
        const { entity } = useCallCardEntity(options);
        const call = useCallState(options);
        useCallCardEvent('addCommentButtonClick', (text) => comments.push(`${tag}:${text}`), options);
        return () =>
          h(
            'p',
            `${entity.value ? `${entity.value.entityType}:${entity.value.entityId}` : '-'}/${call.value?.callId ?? '-'}`,
          );
      },
    });
    const el = mount(
      createApp({ render: () => [h(Card), h(Card, { explicit: true })] }).use(callCardPlugin, { client: a.client }),
    );
    a.transport.emit(CONTACT);
    b.transport.emit(LEAD);
    b.transport.emit({ CALL_ID: 'b1', CALL_STATE: 'connected' }, 'initialized');
    a.transport.emit('to a', 'addCommentButtonClick');
    b.transport.emit('to b', 'addCommentButtonClick');
    await nextTick();
    expect([...el.querySelectorAll('p')].map((p) => p.textContent)).toEqual(['CONTACT:17/-', 'LEAD:5/b1']);
    expect(getCallStateStore(a.client).getState()).toBeNull();
    expect(comments).toEqual(['plugin:to a', 'explicit:to b']);
    for (const t of [a.transport, b.transport]) {
      expect(t.connectCalls).toBe(1);
      expect(t.binds.filter((e) => e.endsWith('addCommentButtonClick'))).toHaveLength(1);
    }
  });
});

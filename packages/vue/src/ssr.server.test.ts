import { renderToString } from '@vue/server-renderer';
import { describe, expect, it } from 'vitest';
import { createSSRApp, defineComponent, h } from 'vue';
import { createCallCardClient } from '@b24-callcard/core';
import { createMockTransport } from '@b24-callcard/core/testing';
import { callCardPlugin, useCallCardEntity } from '@b24-callcard/vue';

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
});

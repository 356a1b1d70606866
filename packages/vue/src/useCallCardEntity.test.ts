import { cleanup, render } from '@testing-library/vue';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, effectScope, h, isReadonly, isRef, nextTick, onUpdated, watch } from 'vue';
import { CallCardPayloadError, createCallCardClient, getDefaultCallCardClient } from '@b24-callcard/core';
import { createMockTransport, type MockTransportOptions } from '@b24-callcard/core/testing';
import { callCardPlugin, useCallCardClient, useCallCardEntity } from '@b24-callcard/vue';

const CONTACT = { PHONE_NUMBER: '+15550100', CRM_ENTITY_TYPE: 'CONTACT', CRM_ENTITY_ID: 17 };
const LEAD = { PHONE_NUMBER: 'unknown', CRM_ENTITY_TYPE: 'LEAD', CRM_ENTITY_ID: '5' };

const setup = (options: MockTransportOptions = {}) => {
  const transport = createMockTransport(options);
  const onError = vi.fn();
  const client = createCallCardClient({ transport, onError });
  return { transport, client, onError };
};

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const Card = defineComponent({
  props: { counter: { type: Object, default: null } },
  setup(props) {
    const { entity, status, error, placement } = useCallCardEntity();
    onUpdated(() => props.counter && props.counter.n++);
    return () =>
      h('div', [
        h('span', { 'data-testid': 'status' }, status.value),
        h('span', { 'data-testid': 'placement' }, placement.value ?? '-'),
        h(
          'span',
          { 'data-testid': 'entity' },
          entity.value
            ? `${entity.value.entityType}:${entity.value.entityId}:${entity.value.phoneNumber ?? 'none'}`
            : '-',
        ),
        h('span', { 'data-testid': 'error' }, error.value?.code ?? '-'),
      ]);
  },
});

describe('useCallCardEntity (Vue)', () => {
  it('renders status, placement and entity as they change, via the plugin; an invalid payload changes nothing and goes to onError', async () => {
    // A portal that answers when told, to see `connecting` (the default mock answers at once).
    const { transport, client, onError } = setup({ answer: 'manual' });
    const counter = { n: 0 };
    const r = render(Card, { props: { counter }, global: { plugins: [[callCardPlugin, { client }]] } });
    expect(r.getByTestId('status').textContent).toBe('connecting');
    transport.answer();
    await new Promise((r) => setTimeout(r, 0)); // the answer settles a promise
    await nextTick();
    expect(r.getByTestId('status').textContent).toBe('listening');
    expect(r.getByTestId('placement').textContent).toBe('PAGE_BACKGROUND_WORKER');
    transport.emit(CONTACT);
    await nextTick();
    expect(r.getByTestId('entity').textContent).toBe('CONTACT:17:+15550100');
    transport.emit(LEAD);
    await nextTick();
    expect(r.getByTestId('entity').textContent).toBe('LEAD:5:none');
    expect(r.getByTestId('error').textContent).toBe('-');
    const before = client.getState();
    const updatesBefore = counter.n;
    const bad: unknown[] = [];
    transport.emit(bad);
    await nextTick();
    // The state is the very same object, so no ref changes, nothing updates, the lead stays shown.
    expect(client.getState()).toBe(before);
    expect(counter.n).toBe(updatesBefore);
    expect(r.getByTestId('status').textContent).toBe('ready');
    expect(r.getByTestId('error').textContent).toBe('-');
    expect(r.getByTestId('entity').textContent).toBe('LEAD:5:none');
    // The problem went to onError, once, as a typed error holding the payload.
    expect(onError).toHaveBeenCalledTimes(1);
    const error = onError.mock.calls[0]![0] as CallCardPayloadError;
    expect(error).toBeInstanceOf(CallCardPayloadError);
    expect(error.code).toBe('INVALID_PAYLOAD');
    expect(error.raw).toBe(bad);
  });

  it('updates once per distinct change: duplicates cause no update', async () => {
    const { transport, client } = setup();
    const counter = { n: 0 };
    render(Card, { props: { counter }, global: { plugins: [[callCardPlugin, { client }]] } });
    await nextTick();
    const base = counter.n;
    for (let i = 0; i < 10; i++) {
      transport.emit(i % 2 ? LEAD : CONTACT);
      await nextTick();
      transport.emit(i % 2 ? LEAD : CONTACT);
      await nextTick();
    }
    expect(counter.n - base).toBe(10);
  });

  it('a watcher fires once per distinct entity', async () => {
    const { transport, client } = setup();
    const scope = effectScope();
    const seen: unknown[] = [];
    scope.run(() => {
      const { entity } = useCallCardEntity({ client });
      watch(entity, (e) => seen.push(e?.entityId), { flush: 'sync' });
    });
    transport.emit(CONTACT);
    transport.emit(CONTACT);
    transport.emit({ ...CONTACT, CRM_ENTITY_ID: '17' });
    transport.emit(LEAD);
    expect(seen).toEqual([17, 5]);
    scope.stop();
  });

  it('returns readonly refs', () => {
    const { client } = setup();
    const scope = effectScope();
    const r = scope.run(() => useCallCardEntity({ client }))!;
    for (const ref of Object.values(r)) {
      expect(isRef(ref)).toBe(true);
      expect(isReadonly(ref)).toBe(true);
    }
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(r.status.value).toBe('listening');
    (r.status as unknown as { value: string }).value = 'ready';
    expect(r.status.value).toBe('listening');
    expect(String(warn.mock.calls[0]?.[0])).toMatch(/readonly/);
    scope.stop();
  });

  it('unsubscribes when a bare effectScope stops, and the bind is reused by the next scope', async () => {
    const { transport, client } = setup();
    const scope = effectScope();
    const r = scope.run(() => useCallCardEntity({ client }))!;
    expect(r.status.value).toBe('listening');
    scope.stop();
    transport.emit(CONTACT);
    expect(r.entity.value).toBeNull();
    const again = effectScope();
    const r2 = again.run(() => useCallCardEntity({ client }))!;
    expect(r2.entity.value?.entityId).toBe(17);
    expect(transport.binds).toHaveLength(1);
    expect(transport.connectCalls).toBe(1);
    again.stop();
  });

  it('unsubscribes on component unmount', async () => {
    const { transport, client } = setup();
    let refs: ReturnType<typeof useCallCardEntity> | undefined;
    const Probe = defineComponent({
      setup() {
        refs = useCallCardEntity();
        return () => h('p', refs!.status.value);
      },
    });
    const r = render(Probe, { global: { plugins: [[callCardPlugin, { client }]] } });
    expect(refs!.status.value).toBe('listening');
    r.unmount();
    transport.emit(CONTACT);
    // The client got the entity (the bind stays), but the unmounted component's refs did not.
    expect(client.getState().entity?.entityId).toBe(17);
    expect(refs!.entity.value).toBeNull();
    expect(refs!.status.value).toBe('listening');
    expect(transport.binds).toHaveLength(1);
  });

  it('works outside any scope or component (no injection context)', () => {
    const { client } = setup();
    const r = useCallCardEntity({ client });
    expect(r.status.value).toBe('listening');
    expect(useCallCardClient()).toBe(getDefaultCallCardClient());
  });
});

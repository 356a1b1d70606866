import { describe, expectTypeOf, it } from 'vitest';
import type {
  BackgroundCallCardEvents,
  CallCardClient,
  CallCardEntity,
  CallCardState,
  CallCardTransport,
  CallState,
  CrmEntityType,
  DialpadKey,
  ParseResult,
  PortalInfo,
  TransferTarget,
  Unsubscribe,
} from '@b24-callcard/core';
import {
  createCallCardClient,
  createStore,
  getCallStateStore,
  getPortal,
  onCallCardEvent,
  parseCallCardEvent,
  parseEntityChangedPayload,
  refreshAuth,
} from '@b24-callcard/core';
// By path: core does not depend on the adapters, so their package names do not resolve from here.
import type { useCallCardEntity as useReactEntity, useCallCardEvent as useReactEvent } from '../../react/src/index';
import type { UseCallCardEntityReturn } from '../../vue/src/index';

declare const client: CallCardClient;
declare const transport: CallCardTransport;

describe('public types', () => {
  it('types handler payloads by event name', () => {
    onCallCardEvent(client, 'dialpadButtonClick', (key) => expectTypeOf(key).toEqualTypeOf<DialpadKey>());
    onCallCardEvent(client, 'transferButtonClick', (t) => expectTypeOf(t).toEqualTypeOf<TransferTarget>());
    onCallCardEvent(client, 'entityChanged', (e) => expectTypeOf(e).toEqualTypeOf<CallCardEntity>());
    onCallCardEvent(client, 'hangupButtonClick', (p) => expectTypeOf(p).toEqualTypeOf<undefined>());
    expectTypeOf(onCallCardEvent(client, 'closeButtonClick', () => {})).toEqualTypeOf<Unsubscribe>();
    // @ts-expect-error an unknown event name is a type error
    onCallCardEvent(client, 'hangup', () => {});
  });

  it('has no client.on, getPortal or refreshAuth methods any more', () => {
    expectTypeOf<CallCardClient>().not.toHaveProperty('on');
    expectTypeOf<CallCardClient>().not.toHaveProperty('getPortal');
    expectTypeOf<CallCardClient>().not.toHaveProperty('refreshAuth');
  });

  it('requires a transport', () => {
    expectTypeOf(createCallCardClient({ transport })).toEqualTypeOf<CallCardClient>();
    // @ts-expect-error the options are required
    createCallCardClient();
    // @ts-expect-error transport is required
    createCallCardClient({});
  });

  it('types the low-level client API', () => {
    expectTypeOf(client.getServerState()).toEqualTypeOf<CallCardState>();
    client.listen(
      'dialpadButtonClick',
      (raw) => ({ ok: true, value: String(raw) }),
      (r) => {
        expectTypeOf(r).toEqualTypeOf<ParseResult<string>>();
      },
    );
    expectTypeOf(client.report).parameter(0).toBeUnknown();
    client.subscribe((state, previous) => {
      expectTypeOf(state).toEqualTypeOf<CallCardState>();
      expectTypeOf(previous).toEqualTypeOf<CallCardState>();
    });
  });

  it('types the portal and the token refresh as functions of the client', () => {
    expectTypeOf(getPortal(client)).toEqualTypeOf<PortalInfo | null>();
    expectTypeOf(refreshAuth(client)).toEqualTypeOf<Promise<PortalInfo>>();
    expectTypeOf(refreshAuth(client, { timeoutMs: 1000 })).toEqualTypeOf<Promise<PortalInfo>>();
  });

  it('types the stores', () => {
    const store = createStore(0, { onFirstSubscribe: () => {}, onError: (e) => expectTypeOf(e).toBeUnknown() });
    store.subscribe((n, prev) => {
      expectTypeOf(n).toEqualTypeOf<number>();
      expectTypeOf(prev).toEqualTypeOf<number>();
    });
    // @ts-expect-error the state type is kept
    store.setState('x');
    const calls = getCallStateStore(client);
    calls.subscribe((s, prev) => {
      expectTypeOf(s).toEqualTypeOf<CallState | null>();
      expectTypeOf(prev).toEqualTypeOf<CallState | null>();
    });
    // The call-state store is read-only, and takes no report function.
    expectTypeOf(calls).not.toHaveProperty('setState');
    // @ts-expect-error no second argument
    getCallStateStore(client, () => {});
  });

  it('keeps the known entity types autocompleting while accepting others', () => {
    expectTypeOf<'LEAD'>().toExtend<CrmEntityType>();
    expectTypeOf<'DYNAMIC_128'>().toExtend<CrmEntityType>();
    expectTypeOf(parseEntityChangedPayload).returns.toEqualTypeOf<ParseResult<CallCardEntity>>();
    const r = parseEntityChangedPayload({});
    if (r.ok) expectTypeOf(r.value).toEqualTypeOf<CallCardEntity>();
    const q = parseCallCardEvent('qualityMeterClick', '5');
    if (q.ok) expectTypeOf(q.value).toEqualTypeOf<'1' | '2' | '3' | '4' | '5'>();
  });

  it('names the raw payloads by the portal full names, twins included', () => {
    expectTypeOf<BackgroundCallCardEvents['BackgroundCallCard::muteButtonClick']>().toEqualTypeOf<boolean>();
    expectTypeOf<BackgroundCallCardEvents['CallCard::EntityChanged']>().toHaveProperty('CRM_ENTITY_ID');
  });

  it('gives the adapters the same state shape', () => {
    expectTypeOf<ReturnType<typeof useReactEntity>>().toEqualTypeOf<CallCardState>();
    expectTypeOf<UseCallCardEntityReturn['status']['value']>().toEqualTypeOf<CallCardState['status']>();
    expectTypeOf<Parameters<typeof useReactEvent<'qualityMeterClick'>>[1]>()
      .parameter(0)
      .toEqualTypeOf<'1' | '2' | '3' | '4' | '5'>();
  });
});

import { describe, expectTypeOf, it } from 'vitest';
import type {
  BackgroundCallCardEvents,
  CallCardClient,
  CallCardEntity,
  CallCardState,
  CrmEntityType,
  DialpadKey,
  ParseEntityResult,
  TransferTarget,
} from '@b24-callcard/core';
import { parseEntityChangedPayload } from '@b24-callcard/core';
import type { useCallCardEntity as useReactEntity, useCallCardEvent as useReactEvent } from '@b24-callcard/react';
import type { UseCallCardEntityReturn } from '@b24-callcard/vue';

declare const client: CallCardClient;

describe('public types', () => {
  it('types handler payloads by event name', () => {
    client.on('dialpadButtonClick', (key) => expectTypeOf(key).toEqualTypeOf<DialpadKey>());
    client.on('transferButtonClick', (t) => expectTypeOf(t).toEqualTypeOf<TransferTarget>());
    client.on('entityChanged', (e) => expectTypeOf(e).toEqualTypeOf<CallCardEntity>());
    client.on('hangupButtonClick', (p) => expectTypeOf(p).toEqualTypeOf<undefined>());
    // @ts-expect-error an unknown event name is a type error
    client.on('hangup', () => {});
  });

  it('keeps the known entity types autocompleting while accepting others', () => {
    expectTypeOf<'LEAD'>().toExtend<CrmEntityType>();
    expectTypeOf<'DYNAMIC_128'>().toExtend<CrmEntityType>();
    expectTypeOf(parseEntityChangedPayload).returns.toEqualTypeOf<ParseEntityResult>();
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

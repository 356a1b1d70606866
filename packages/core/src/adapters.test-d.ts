import { describe, expectTypeOf, it } from 'vitest';
import type {
  CallCardClient,
  CallCardEntity,
  CallCardError,
  CallCardPlacement,
  CallCardState,
  CallCardStatus,
  CallCardUnsupportedReason,
} from '@b24-callcard/core';
// By path: core does not depend on the adapters, so their package names do not resolve from here.
import type { UseCallCardEntityResult, useCallCardEntity as useReactEntity } from '../../react/src/index';
import type { UseCallCardEntityReturn, useCallCardEntity as useVueEntity } from '../../vue/src/index';

declare const client: CallCardClient;
declare const useReact: typeof useReactEntity;
declare const useVue: typeof useVueEntity;

describe('React useCallCardEntity(): the state union', () => {
  it('returns CallCardState', () => {
    expectTypeOf(useReact()).toEqualTypeOf<CallCardState>();
    expectTypeOf(useReact({ client })).toEqualTypeOf<CallCardState>();
    expectTypeOf<UseCallCardEntityResult>().toEqualTypeOf<CallCardState>();
  });

  it('narrows by status, on the object and on const destructuring', () => {
    const state = useReact();
    // @ts-expect-error the entity may be null before the status is checked
    void state.entity.phoneNumber;
    if (state.status === 'ready') expectTypeOf(state.entity.phoneNumber).toEqualTypeOf<string | null>();
    if (state.status === 'unsupported') expectTypeOf(state.error.reason).toEqualTypeOf<CallCardUnsupportedReason>();
    const { status, entity, error, placement } = useReact();
    if (status === 'ready') {
      expectTypeOf(entity).toEqualTypeOf<CallCardEntity>();
      expectTypeOf(placement).toEqualTypeOf<CallCardPlacement>();
    }
    if (status === 'unsupported') expectTypeOf(error.message).toBeString();
    if (status === 'error') expectTypeOf(error).toEqualTypeOf<CallCardError>();
  });
});

describe('Vue useCallCardEntity(): one readonly ref per field', () => {
  it('returns UseCallCardEntityReturn', () => {
    expectTypeOf(useVue()).toEqualTypeOf<UseCallCardEntityReturn>();
    expectTypeOf(useVue({ client })).toEqualTypeOf<UseCallCardEntityReturn>();
  });

  it('types each ref as the state field it mirrors', () => {
    const { entity, status, error, placement } = useVue();
    expectTypeOf(status.value).toEqualTypeOf<CallCardStatus>();
    expectTypeOf(entity.value).toEqualTypeOf<CallCardEntity | null>();
    expectTypeOf(error.value).toEqualTypeOf<CallCardError | null>();
    // What the state holds fits the refs.
    expectTypeOf<CallCardState['entity']>().toExtend<typeof entity.value>();
    expectTypeOf<CallCardState['error']>().toExtend<typeof error.value>();
    expectTypeOf<CallCardState['placement']>().toExtend<typeof placement.value>();
    expectTypeOf(placement.value).toExtend<CallCardPlacement | null>();
  });

  it('refs are separate: they do not narrow one another, and are readonly', () => {
    const r = useVue();
    if (r.status.value === 'ready') {
      // @ts-expect-error a ref of its own: still CallCardEntity | null after checking status
      void r.entity.value.phoneNumber;
    }
    if (r.entity.value) expectTypeOf(r.entity.value.phoneNumber).toEqualTypeOf<string | null>();
    // @ts-expect-error readonly
    r.status.value = 'ready';
    // @ts-expect-error readonly
    r.entity.value = null;
  });
});

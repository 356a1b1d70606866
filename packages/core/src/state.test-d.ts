import { describe, expectTypeOf, it } from 'vitest';
import type {
  CallCardCall,
  CallCardClient,
  CallCardEntity,
  CallCardError,
  CallCardErrorCode,
  CallCardPlacement,
  CallCardState,
  CallCardStatus,
  CallCardUnsupportedError,
  CallCardUnsupportedReason,
  CrmEntityType,
  KnownCrmEntityType,
} from '@b24-callcard/core';
import { CallCardTransportError, IDLE_STATE } from '@b24-callcard/core';

declare const client: CallCardClient;
declare const s: CallCardState;
declare const entity: CallCardEntity;
declare const unsupported: CallCardUnsupportedError;

/** The member(s) of the union whose status admits `S` (idle and connecting share one member). */
type StateOf<S extends CallCardStatus> = CallCardState extends infer T
  ? T extends { status: infer X }
    ? S extends X
      ? T
      : never
    : never
  : never;

describe('CallCardState: a union discriminated by status', () => {
  it('narrows error to the CallCardUnsupportedError on unsupported', () => {
    if (s.status === 'unsupported') {
      // Compiles with no `?.` and no cast: the error is there.
      expectTypeOf(s.error.reason).toEqualTypeOf<CallCardUnsupportedReason>();
      expectTypeOf(s.error).toEqualTypeOf<CallCardUnsupportedError>();
      expectTypeOf(s.error.code).toEqualTypeOf<'UNSUPPORTED'>();
      expectTypeOf(s.entity).toEqualTypeOf<CallCardEntity | null>();
      expectTypeOf(s.placement).toEqualTypeOf<CallCardPlacement | null>();
    }
  });

  it('narrows error to a CallCardError on error', () => {
    if (s.status === 'error') {
      expectTypeOf(s.error).toEqualTypeOf<CallCardError>();
      expectTypeOf(s.error.code).toEqualTypeOf<CallCardErrorCode>();
      expectTypeOf(s.error.cause).toBeUnknown();
      // A CallCardError has no reason: only the unsupported one does.
      // @ts-expect-error no `reason` on the base error
      void s.error.reason;
    }
  });

  it('gives the entity only after status === ready', () => {
    // @ts-expect-error the entity may be null before the status is checked
    void s.entity.phoneNumber;
    if (s.status === 'ready') {
      expectTypeOf(s.entity.phoneNumber).toEqualTypeOf<string | null>();
      expectTypeOf(s.entity).toEqualTypeOf<CallCardEntity>();
      expectTypeOf(s.error).toEqualTypeOf<null>();
      expectTypeOf(s.placement).toEqualTypeOf<CallCardPlacement>();
    }
    if (s.status === 'listening') {
      expectTypeOf(s.entity).toEqualTypeOf<null>();
      // @ts-expect-error listening: no entity yet
      void s.entity.phoneNumber;
      expectTypeOf(s.placement).toEqualTypeOf<CallCardPlacement>();
    }
    if (s.status === 'unsupported' || s.status === 'error') {
      // @ts-expect-error the last valid entity is kept, but there may be none
      void s.entity.phoneNumber;
    }
  });

  it('has nothing in idle and connecting', () => {
    if (s.status === 'idle' || s.status === 'connecting') {
      expectTypeOf(s.entity).toEqualTypeOf<null>();
      expectTypeOf(s.error).toEqualTypeOf<null>();
      expectTypeOf(s.placement).toEqualTypeOf<null>();
    }
    expectTypeOf<StateOf<'idle'>>().not.toBeNever();
    expectTypeOf<StateOf<'idle'>>().toEqualTypeOf<StateOf<'connecting'>>();
  });

  it('does not give the error before the status is checked', () => {
    // The union of the members' errors (the unsupported one is a CallCardError too).
    expectTypeOf(s.error).toEqualTypeOf<CallCardUnsupportedError | CallCardError | null>();
    expectTypeOf(s.error).toExtend<CallCardError | null>();
    expectTypeOf(s.entity).toEqualTypeOf<CallCardEntity | null>();
    expectTypeOf(s.placement).toEqualTypeOf<CallCardPlacement | null>();
    // @ts-expect-error the error may be null
    void s.error.message;
    // @ts-expect-error `reason` is only on the unsupported error
    void s.error?.reason;
  });

  it('narrows the status from the other fields too', () => {
    if (s.error !== null) expectTypeOf(s.status).toEqualTypeOf<'unsupported' | 'error'>();
    else expectTypeOf(s.status).toEqualTypeOf<'idle' | 'connecting' | 'listening' | 'ready'>();
    if (s.entity !== null) expectTypeOf(s.status).toEqualTypeOf<'ready' | 'unsupported' | 'error'>();
    if (s.placement !== null) expectTypeOf(s.status).not.toEqualTypeOf<CallCardStatus>();
  });

  it('narrows destructured fields (const destructuring keeps the link)', () => {
    const { status, entity: e, error } = client.getState();
    if (status === 'ready') expectTypeOf(e.entityId).toEqualTypeOf<number | null>();
    if (status === 'unsupported') expectTypeOf(error.reason).toEqualTypeOf<CallCardUnsupportedReason>();
  });

  it('is exhaustive over the six statuses', () => {
    const label = (x: CallCardState): string => {
      switch (x.status) {
        case 'idle':
        case 'connecting':
          return x.status;
        case 'listening':
          return x.placement;
        case 'ready':
          return x.entity.phoneNumber ?? '';
        case 'unsupported':
          return x.error.reason;
        case 'error':
          return x.error.message;
        default:
          expectTypeOf(x).toBeNever();
          return x;
      }
    };
    expectTypeOf(label).returns.toBeString();
    expectTypeOf<CallCardState['status']>().toEqualTypeOf<CallCardStatus>();
    expectTypeOf<CallCardStatus>().toEqualTypeOf<
      'idle' | 'connecting' | 'listening' | 'ready' | 'unsupported' | 'error'
    >();
  });

  it('rejects states that break the invariants', () => {
    const ok: CallCardState[] = [
      { status: 'idle', entity: null, error: null, placement: null },
      { status: 'listening', entity: null, error: null, placement: 'CALL_CARD' },
      { status: 'ready', entity, error: null, placement: 'PAGE_BACKGROUND_WORKER' },
      { status: 'unsupported', entity: null, error: unsupported, placement: null },
      { status: 'error', entity, error: new CallCardTransportError('x'), placement: 'CALL_CARD' },
      // An unsupported error is a CallCardError too.
      { status: 'error', entity: null, error: unsupported, placement: null },
    ];
    void ok;
    // @ts-expect-error ready needs an entity
    const a: CallCardState = { status: 'ready', entity: null, error: null, placement: 'CALL_CARD' };
    // @ts-expect-error unsupported needs an error
    const b: CallCardState = { status: 'unsupported', entity: null, error: null, placement: null };
    // @ts-expect-error unsupported needs a CallCardUnsupportedError, not a transport error
    const c: CallCardState = {
      status: 'unsupported',
      entity: null,
      error: new CallCardTransportError('x'),
      placement: null,
    };
    // @ts-expect-error error needs an error
    const d: CallCardState = { status: 'error', entity: null, error: null, placement: null };
    // @ts-expect-error idle has no placement
    const e: CallCardState = { status: 'idle', entity: null, error: null, placement: 'CALL_CARD' };
    // @ts-expect-error connecting has no entity
    const f: CallCardState = { status: 'connecting', entity, error: null, placement: null };
    // @ts-expect-error listening has a placement
    const g: CallCardState = { status: 'listening', entity: null, error: null, placement: null };
    // @ts-expect-error listening has no error
    const h: CallCardState = { status: 'listening', entity: null, error: unsupported, placement: 'CALL_CARD' };
    // @ts-expect-error ready has no error
    const i: CallCardState = { status: 'ready', entity, error: unsupported, placement: 'CALL_CARD' };
    // @ts-expect-error not a status
    const j: CallCardState = { status: 'closed', entity: null, error: null, placement: null };
    void [a, b, c, d, e, f, g, h, i, j];
  });

  it('is what the client, its server state and IDLE_STATE are typed as', () => {
    expectTypeOf(IDLE_STATE).toEqualTypeOf<CallCardState>();
    expectTypeOf(client.getState()).toEqualTypeOf<CallCardState>();
    expectTypeOf(client.getServerState()).toEqualTypeOf<CallCardState>();
  });
});

describe('CallCardPlacement', () => {
  it('keeps the three known placements as literals (autocompletion) and accepts any string', () => {
    expectTypeOf<'PAGE_BACKGROUND_WORKER'>().toExtend<CallCardPlacement>();
    expectTypeOf<'CALL_CARD'>().toExtend<CallCardPlacement>();
    expectTypeOf<'DEFAULT'>().toExtend<CallCardPlacement>();
    expectTypeOf<'CRM_CONTACT_DETAIL_TAB'>().toExtend<CallCardPlacement>();
    expectTypeOf<string>().toExtend<CallCardPlacement>();
    expectTypeOf<CallCardPlacement>().toExtend<string>();
    // Not collapsed to `string`: the literals stay in the union, which is what editors complete.
    expectTypeOf<CallCardPlacement>().not.toEqualTypeOf<string>();
    expectTypeOf<
      Extract<CallCardPlacement, 'PAGE_BACKGROUND_WORKER' | 'CALL_CARD' | 'DEFAULT' | 'LEFT_MENU'>
    >().toEqualTypeOf<'PAGE_BACKGROUND_WORKER' | 'CALL_CARD' | 'DEFAULT'>();
    const any: CallCardPlacement = 'LEFT_MENU';
    void any;
    // @ts-expect-error a placement is a string
    const bad: CallCardPlacement = 42;
    void bad;
  });

  it('is the type of state.placement', () => {
    expectTypeOf<StateOf<'listening'>['placement']>().toEqualTypeOf<CallCardPlacement>();
    expectTypeOf<StateOf<'ready'>['placement']>().toEqualTypeOf<CallCardPlacement>();
    expectTypeOf<StateOf<'unsupported'>['placement']>().toEqualTypeOf<CallCardPlacement | null>();
    expectTypeOf<StateOf<'error'>['placement']>().toEqualTypeOf<CallCardPlacement | null>();
    expectTypeOf<StateOf<'idle'>['placement']>().toEqualTypeOf<null>();
    expectTypeOf<StateOf<'connecting'>['placement']>().toEqualTypeOf<null>();
  });
});

describe('CrmEntityType', () => {
  it('keeps the four known types as literals and accepts any other string', () => {
    expectTypeOf<KnownCrmEntityType>().toEqualTypeOf<'LEAD' | 'CONTACT' | 'COMPANY' | 'DEAL'>();
    expectTypeOf<KnownCrmEntityType>().toExtend<CrmEntityType>();
    expectTypeOf<'DYNAMIC_128'>().toExtend<CrmEntityType>();
    expectTypeOf<string>().toExtend<CrmEntityType>();
    expectTypeOf<CrmEntityType>().toExtend<string>();
    expectTypeOf<CrmEntityType>().not.toEqualTypeOf<string>();
    expectTypeOf<Extract<CrmEntityType, KnownCrmEntityType | 'QUOTE'>>().toEqualTypeOf<KnownCrmEntityType>();
    // @ts-expect-error an entity type is a string
    const bad: CrmEntityType = 3;
    void bad;
  });

  it('types the entity and the call with it', () => {
    expectTypeOf(entity.entityType).toEqualTypeOf<CrmEntityType | null>();
    expectTypeOf<CallCardCall['entityType']>().toEqualTypeOf<CrmEntityType | null>();
    expectTypeOf(entity.entityId).toEqualTypeOf<number | null>();
    expectTypeOf(entity.raw).toBeUnknown();
  });
});

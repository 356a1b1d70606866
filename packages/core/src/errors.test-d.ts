import { describe, expectTypeOf, it } from 'vitest';
import type {
  CallCardCommandReason,
  CallCardErrorCode,
  CallCardRegistrationReason,
  CallCardRestReason,
  CallCardUnsupportedReason,
} from '@b24-callcard/core';
import {
  CallCardCommandError,
  CallCardError,
  type CallCardListenerError,
  type CallCardPayloadError,
  CallCardRegistrationError,
  CallCardRestError,
  type CallCardTransportError,
  CallCardUnsupportedError,
} from '@b24-callcard/core';

/** Every error class the library throws or reports, as one union. */
type AnyCallCardError =
  | CallCardPayloadError
  | CallCardUnsupportedError
  | CallCardTransportError
  | CallCardListenerError
  | CallCardRestError
  | CallCardRegistrationError
  | CallCardCommandError;

declare const e: CallCardError;
declare const any: AnyCallCardError;

describe('error codes', () => {
  it('types code as the literal union CallCardErrorCode', () => {
    expectTypeOf<CallCardErrorCode>().toEqualTypeOf<
      | 'INVALID_PAYLOAD'
      | 'UNSUPPORTED'
      | 'TRANSPORT'
      | 'LISTENER'
      | 'REST'
      | 'REGISTRATION'
      | 'NOT_CONNECTED'
      | 'COMMAND'
    >();
    expectTypeOf(e.code).toEqualTypeOf<CallCardErrorCode>();
    expectTypeOf(e.code).not.toEqualTypeOf<string>();
    // @ts-expect-error a code outside the union
    void new CallCardError('BOGUS', 'message');
    new CallCardError('NOT_CONNECTED', 'message');
    // @ts-expect-error comparing with a code that does not exist is caught
    if (e.code === 'INVALID') void e;
  });

  it('narrows code in each subclass', () => {
    expectTypeOf<CallCardPayloadError['code']>().toEqualTypeOf<'INVALID_PAYLOAD'>();
    expectTypeOf<CallCardUnsupportedError['code']>().toEqualTypeOf<'UNSUPPORTED'>();
    expectTypeOf<CallCardTransportError['code']>().toEqualTypeOf<'TRANSPORT'>();
    expectTypeOf<CallCardListenerError['code']>().toEqualTypeOf<'LISTENER'>();
    expectTypeOf<CallCardRestError['code']>().toEqualTypeOf<'REST'>();
    expectTypeOf<CallCardRegistrationError['code']>().toEqualTypeOf<'REGISTRATION'>();
    expectTypeOf<CallCardCommandError['code']>().toEqualTypeOf<'COMMAND'>();
    // Every subclass is still a CallCardError.
    expectTypeOf<AnyCallCardError>().toExtend<CallCardError>();
    // NOT_CONNECTED is the one code only the base class carries.
    expectTypeOf<Exclude<CallCardErrorCode, AnyCallCardError['code']>>().toEqualTypeOf<'NOT_CONNECTED'>();
  });

  it('makes the subclasses a union discriminated by code', () => {
    switch (any.code) {
      case 'INVALID_PAYLOAD':
        expectTypeOf(any).toEqualTypeOf<CallCardPayloadError>();
        expectTypeOf(any.raw).toBeUnknown();
        expectTypeOf(any.field).toBeString();
        break;
      case 'UNSUPPORTED':
        expectTypeOf(any).toEqualTypeOf<CallCardUnsupportedError>();
        expectTypeOf(any.reason).toEqualTypeOf<CallCardUnsupportedReason>();
        break;
      case 'REST':
        expectTypeOf(any).toEqualTypeOf<CallCardRestError>();
        expectTypeOf(any.reason).toEqualTypeOf<CallCardRestReason>();
        break;
      case 'REGISTRATION':
        expectTypeOf(any).toEqualTypeOf<CallCardRegistrationError>();
        expectTypeOf(any.reason).toEqualTypeOf<CallCardRegistrationReason>();
        break;
      case 'COMMAND':
        expectTypeOf(any).toEqualTypeOf<CallCardCommandError>();
        expectTypeOf(any.reason).toEqualTypeOf<CallCardCommandReason>();
        break;
      case 'TRANSPORT':
        expectTypeOf(any).toEqualTypeOf<CallCardTransportError>();
        break;
      case 'LISTENER':
        expectTypeOf(any).toEqualTypeOf<CallCardListenerError>();
        break;
      default:
        expectTypeOf(any).toBeNever();
    }
  });

  it('instanceof narrows a caught error to its code', () => {
    const x: unknown = null;
    if (x instanceof CallCardUnsupportedError) expectTypeOf(x.code).toEqualTypeOf<'UNSUPPORTED'>();
    if (x instanceof CallCardError) expectTypeOf(x.code).toEqualTypeOf<CallCardErrorCode>();
  });
});

describe('error reasons', () => {
  it('CallCardUnsupportedReason', () => {
    expectTypeOf<CallCardUnsupportedReason>().toEqualTypeOf<
      | 'NO_WINDOW'
      | 'NOT_IN_PORTAL'
      | 'UNTRUSTED_HOST'
      | 'PLACEMENT'
      | 'TIMEOUT'
      | 'DESTROYED'
      | 'EVENT_NOT_IN_PLACEMENT'
    >();
    expectTypeOf<CallCardUnsupportedError['reason']>().toEqualTypeOf<CallCardUnsupportedReason>();
    expectTypeOf<ConstructorParameters<typeof CallCardUnsupportedError>>().toEqualTypeOf<
      [reason: CallCardUnsupportedReason, message: string]
    >();
    // @ts-expect-error not a reason
    void new CallCardUnsupportedError('OFFLINE', 'm');
  });

  it('CallCardRestReason', () => {
    expectTypeOf<CallCardRestReason>().toEqualTypeOf<
      'PORTAL' | 'INVALID_RESPONSE' | 'REDIRECT' | 'NETWORK' | 'TIMEOUT'
    >();
    expectTypeOf<CallCardRestError['reason']>().toEqualTypeOf<CallCardRestReason>();
    expectTypeOf<CallCardRestError['status']>().toBeNumber();
    expectTypeOf<CallCardRestError['error']>().toBeString();
    // @ts-expect-error not a reason
    void new CallCardRestError('m', '', '', 0, 'ABORTED');
  });

  it('CallCardRegistrationReason', () => {
    expectTypeOf<CallCardRegistrationReason>().toEqualTypeOf<
      'INVALID_URL' | 'MISSING_ERROR_HANDLER_URL' | 'NOT_ADMIN' | 'NOT_CONNECTED' | 'ALREADY_BOUND'
    >();
    expectTypeOf<CallCardRegistrationError['reason']>().toEqualTypeOf<CallCardRegistrationReason>();
    // @ts-expect-error not a reason
    void new CallCardRegistrationError('TIMEOUT', 'm');
  });

  it('CallCardCommandReason', () => {
    expectTypeOf<CallCardCommandReason>().toEqualTypeOf<
      | 'NO_CARD'
      | 'INVALID_UI_STATE'
      | 'MISSING_FIELD'
      | 'NOT_AVAILABLE'
      | 'NO_ANSWER'
      | 'NOT_CONNECTED'
      | 'INVALID_ANSWER'
      | 'PORTAL'
    >();
    expectTypeOf<CallCardCommandError['reason']>().toEqualTypeOf<CallCardCommandReason>();
    expectTypeOf<CallCardCommandError['command']>().toBeString();
    expectTypeOf<CallCardCommandError['errorCode']>().toEqualTypeOf<string | null>();
    expectTypeOf<CallCardCommandError['answer']>().toBeUnknown();
    // @ts-expect-error not a reason
    void new CallCardCommandError('CallCardClose', 'TIMEOUT', 'm');
  });

  it('has no reason on the errors that do not carry one', () => {
    expectTypeOf<CallCardError>().not.toHaveProperty('reason');
    expectTypeOf<CallCardTransportError>().not.toHaveProperty('reason');
    expectTypeOf<CallCardListenerError>().not.toHaveProperty('reason');
    expectTypeOf<CallCardPayloadError>().not.toHaveProperty('reason');
  });
});

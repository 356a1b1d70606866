import { describe, expectTypeOf, it } from 'vitest';
import type {
  BackgroundCallCardEvents,
  CallCardClientOptions,
  CallCardEventName,
  CallCardTransport,
  TransportConnection,
} from '@b24-callcard/core';
import {
  collectErrors,
  createMockTransport,
  type ErrorCollector,
  type MockEventName,
  type MockTransport,
} from '@b24-callcard/core/testing';

declare const transport: MockTransport;
declare const someString: string;

describe('MockTransport.emit: event names typed strictly', () => {
  it('accepts the short names of both placements and the portal full names, nothing else', () => {
    expectTypeOf<MockEventName>().toEqualTypeOf<CallCardEventName | keyof BackgroundCallCardEvents>();
    expectTypeOf(transport.emit).parameter(1).toEqualTypeOf<MockEventName | undefined>();
    expectTypeOf(transport.emit).returns.toEqualTypeOf<number>();
    // No `string & {}` escape: a plain string is not an event name.
    expectTypeOf<string>().not.toExtend<MockEventName>();
  });

  it('takes every real name', () => {
    transport.emit({});
    transport.emit({}, 'entityChanged');
    transport.emit(undefined, 'hangupButtonClick');
    transport.emit('connected', 'callStateChanged');
    transport.emit([], 'beforeClose');
    transport.emit(undefined, 'BackgroundCallCard::hangupButtonClick');
    transport.emit({}, 'BackgroundCallCard::initialized');
    transport.emit({}, 'CallCard::EntityChanged');
    transport.emit([], 'CallCard::BeforeClose');
    transport.emit('idle', 'CallCard::CallStateChanged');
  });

  it('makes a typo a type error', () => {
    // @ts-expect-error a typo in a short name
    transport.emit(undefined, 'hangupButonClick');
    // @ts-expect-error the portal's names are case sensitive
    transport.emit(undefined, 'HangupButtonClick');
    // @ts-expect-error a typo in a full name
    transport.emit(undefined, 'BackgroundCallCard::hangupButonClick');
    // @ts-expect-error a wrong prefix
    transport.emit(undefined, 'BackgroundCallcard::hangupButtonClick');
    // @ts-expect-error the tab's full names start with a capital letter
    transport.emit({}, 'CallCard::entityChanged');
    // @ts-expect-error no CallCard:: twin of a background-worker event
    transport.emit(undefined, 'CallCard::HangupButtonClick');
    // @ts-expect-error beforeClose is the tab's: no BackgroundCallCard:: name
    transport.emit(undefined, 'BackgroundCallCard::beforeClose');
    // @ts-expect-error any string will not do
    transport.emit(undefined, someString);
    // @ts-expect-error nor an empty name
    transport.emit(undefined, '');
  });
});

describe('the mock is a transport whose connect may hand the connection over at once', () => {
  it('connect returns the connection or a promise of it, and the mock fits CallCardTransport', () => {
    expectTypeOf<CallCardTransport['connect']>().returns.toEqualTypeOf<
      TransportConnection | Promise<TransportConnection>
    >();
    expectTypeOf(createMockTransport()).toExtend<CallCardTransport>();
    expectTypeOf<MockTransport['binds']>().toEqualTypeOf<readonly string[]>();
  });

  it('a transport whose connect returns a promise still fits', () => {
    const asynchronous: CallCardTransport = {
      name: 'async',
      connect: async () => ({}) as TransportConnection,
    };
    const synchronous: CallCardTransport = { name: 'sync', connect: () => ({}) as TransportConnection };
    expectTypeOf(asynchronous).toExtend<CallCardTransport>();
    expectTypeOf(synchronous).toExtend<CallCardTransport>();
  });
});

describe('collectErrors', () => {
  it('is an onError, with the errors it got', () => {
    const onError = collectErrors();
    expectTypeOf(onError).toEqualTypeOf<ErrorCollector>();
    expectTypeOf(onError).toExtend<NonNullable<CallCardClientOptions['onError']>>();
    expectTypeOf(onError.errors).toEqualTypeOf<readonly unknown[]>();
    expectTypeOf(onError.take()).toEqualTypeOf<unknown[]>();
    // @ts-expect-error read only: take() empties it
    onError.errors.push(new Error('x'));
  });
});

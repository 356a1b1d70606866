import { describe, expectTypeOf, it } from 'vitest';
import type {
  BackgroundCallCardEvents,
  BackgroundWorkerEventMap,
  CallCardCall,
  CallCardClient,
  CallCardEntity,
  CallCardEventMap,
  CallCardEventName,
  CallCardPlacement,
  CallCardTabEventMap,
  DialpadKey,
  ParseEventResult,
  ParseResult,
  PayloadParser,
  RawCallInitialized,
  RawEntityChanged,
  TransferTarget,
} from '@b24-callcard/core';
import {
  CALL_CARD_EVENTS,
  CALL_CARD_TAB_EVENTS,
  callCardEventParser,
  onCallCardEvent,
  parseCallCardEvent,
  portalEventName,
} from '@b24-callcard/core';

declare const client: CallCardClient;

type WorkerEvent =
  | 'initialized'
  | 'entityChanged'
  | 'muteButtonClick'
  | 'holdButtonClick'
  | 'addCommentButtonClick'
  | 'dialpadButtonClick'
  | 'qualityMeterClick'
  | 'transferButtonClick'
  | 'closeButtonClick'
  | 'cancelTransferButtonClick'
  | 'completeTransferButtonClick'
  | 'hangupButtonClick'
  | 'nextButtonClick'
  | 'skipButtonClick'
  | 'answerButtonClick'
  | 'makeCallButtonClick'
  | 'notifyAdminButtonClick';
type TabEvent = 'entityChanged' | 'beforeClose' | 'callStateChanged';

describe('event maps per placement', () => {
  it('PAGE_BACKGROUND_WORKER: the 17 events and their payloads', () => {
    expectTypeOf<keyof BackgroundWorkerEventMap>().toEqualTypeOf<WorkerEvent>();
    expectTypeOf<BackgroundWorkerEventMap['initialized']>().toEqualTypeOf<CallCardCall>();
    expectTypeOf<BackgroundWorkerEventMap['entityChanged']>().toEqualTypeOf<CallCardEntity>();
    expectTypeOf<BackgroundWorkerEventMap['muteButtonClick']>().toEqualTypeOf<boolean>();
    expectTypeOf<BackgroundWorkerEventMap['holdButtonClick']>().toEqualTypeOf<boolean>();
    expectTypeOf<BackgroundWorkerEventMap['addCommentButtonClick']>().toEqualTypeOf<string>();
    expectTypeOf<BackgroundWorkerEventMap['dialpadButtonClick']>().toEqualTypeOf<DialpadKey>();
    expectTypeOf<BackgroundWorkerEventMap['qualityMeterClick']>().toEqualTypeOf<'1' | '2' | '3' | '4' | '5'>();
    expectTypeOf<BackgroundWorkerEventMap['transferButtonClick']>().toEqualTypeOf<TransferTarget>();
    expectTypeOf<BackgroundWorkerEventMap['hangupButtonClick']>().toEqualTypeOf<undefined>();
    // The tab's own events are not the worker's.
    expectTypeOf<BackgroundWorkerEventMap>().not.toHaveProperty('beforeClose');
    expectTypeOf<BackgroundWorkerEventMap>().not.toHaveProperty('callStateChanged');
  });

  it('CALL_CARD: exactly three events', () => {
    expectTypeOf<keyof CallCardTabEventMap>().toEqualTypeOf<TabEvent>();
    expectTypeOf<CallCardTabEventMap['entityChanged']>().toEqualTypeOf<CallCardEntity>();
    expectTypeOf<CallCardTabEventMap['beforeClose']>().toEqualTypeOf<undefined>();
    expectTypeOf<CallCardTabEventMap['callStateChanged']>().toEqualTypeOf<'idle' | 'connecting' | 'connected'>();
    expectTypeOf<CallCardTabEventMap>().not.toHaveProperty('initialized');
    expectTypeOf<CallCardTabEventMap>().not.toHaveProperty('hangupButtonClick');
    expectTypeOf(CALL_CARD_TAB_EVENTS).toEqualTypeOf<readonly TabEvent[]>();
  });

  it('CallCardEventMap: both, 19 names', () => {
    expectTypeOf<CallCardEventName>().toEqualTypeOf<WorkerEvent | TabEvent>();
    expectTypeOf<keyof CallCardEventMap>().toEqualTypeOf<CallCardEventName>();
    expectTypeOf<CallCardEventMap['callStateChanged']>().toEqualTypeOf<'idle' | 'connecting' | 'connected'>();
    expectTypeOf<CallCardEventMap['initialized']>().toEqualTypeOf<CallCardCall>();
    expectTypeOf(CALL_CARD_EVENTS).toEqualTypeOf<readonly CallCardEventName[]>();
  });

  it('names the raw payloads by the portal full names of each placement, with no invented twins', () => {
    type Full = keyof BackgroundCallCardEvents;
    expectTypeOf<Full>().toEqualTypeOf<
      | `BackgroundCallCard::${WorkerEvent}`
      | 'CallCard::EntityChanged'
      | 'CallCard::BeforeClose'
      | 'CallCard::CallStateChanged'
    >();
    expectTypeOf<BackgroundCallCardEvents['BackgroundCallCard::initialized']>().toEqualTypeOf<RawCallInitialized>();
    expectTypeOf<BackgroundCallCardEvents['BackgroundCallCard::entityChanged']>().toEqualTypeOf<RawEntityChanged>();
    expectTypeOf<BackgroundCallCardEvents['CallCard::EntityChanged']>().toEqualTypeOf<RawEntityChanged>();
    expectTypeOf<BackgroundCallCardEvents['CallCard::BeforeClose']>().toEqualTypeOf<undefined>();
    expectTypeOf<BackgroundCallCardEvents['CallCard::CallStateChanged']>().toEqualTypeOf<
      'idle' | 'connecting' | 'connected'
    >();
    expectTypeOf<BackgroundCallCardEvents>().not.toHaveProperty('CallCard::MuteButtonClick');
    expectTypeOf<BackgroundCallCardEvents>().not.toHaveProperty('CallCard::muteButtonClick');
    expectTypeOf<BackgroundCallCardEvents>().not.toHaveProperty('BackgroundCallCard::beforeClose');
  });

  it('portalEventName takes any placement and may give null', () => {
    expectTypeOf(portalEventName).parameter(0).toEqualTypeOf<string | null>();
    const placement: CallCardPlacement | null = 'CALL_CARD';
    expectTypeOf(portalEventName(placement, 'beforeClose')).toEqualTypeOf<string | null>();
  });
});

describe('handlers and parsers are typed by event', () => {
  it('onCallCardEvent', () => {
    onCallCardEvent(client, 'callStateChanged', (s) =>
      expectTypeOf(s).toEqualTypeOf<'idle' | 'connecting' | 'connected'>(),
    );
    onCallCardEvent(client, 'beforeClose', (p) => expectTypeOf(p).toEqualTypeOf<undefined>());
    onCallCardEvent(client, 'initialized', (c) => expectTypeOf(c).toEqualTypeOf<CallCardCall>());
    onCallCardEvent(client, 'muteButtonClick', (m) => expectTypeOf(m).toEqualTypeOf<boolean>());
    onCallCardEvent(client, 'qualityMeterClick', (q) => expectTypeOf(q).toEqualTypeOf<'1' | '2' | '3' | '4' | '5'>());
    // @ts-expect-error the portal's full name is not a short name
    onCallCardEvent(client, 'CallCard::BeforeClose', () => {});
    // @ts-expect-error a handler of the wrong payload type
    onCallCardEvent(client, 'callStateChanged', (s: boolean) => void s);
  });

  it('parseCallCardEvent and callCardEventParser', () => {
    expectTypeOf(parseCallCardEvent('callStateChanged', 'idle')).toEqualTypeOf<ParseEventResult<'callStateChanged'>>();
    expectTypeOf<ParseEventResult<'callStateChanged'>>().toEqualTypeOf<
      ParseResult<'idle' | 'connecting' | 'connected'>
    >();
    const r = parseCallCardEvent('beforeClose', []);
    if (r.ok) expectTypeOf(r.value).toEqualTypeOf<undefined>();
    else expectTypeOf(r.error.raw).toBeUnknown();
    expectTypeOf(callCardEventParser('initialized')).toEqualTypeOf<PayloadParser<CallCardCall>>();
    // @ts-expect-error not an event
    parseCallCardEvent('hangup', null);
  });
});

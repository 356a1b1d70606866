export { createCallCardClient, IDLE_STATE } from './createCallCardClient';
export { CALL_CARD_EVENTS, callCardEventName, parseCallCardEvent } from './events';
export type {
  BackgroundCallCardEvents,
  CallCardCall,
  CallCardEventMap,
  CallCardEventName,
  CallDirection,
  CallStateName,
  DialpadKey,
  ParseEventResult,
  RawCallInitialized,
  TransferTarget,
} from './events';
export type { CallCardClient, CallCardClientOptions } from './createCallCardClient';
export { getDefaultCallCardClient } from './getDefaultCallCardClient';
export { parseEntityChangedPayload, sameEntity } from './parseEntityChangedPayload';
export type { ParseEntityResult } from './parseEntityChangedPayload';
export {
  CallCardError,
  CallCardListenerError,
  CallCardPayloadError,
  CallCardTransportError,
  CallCardUnsupportedError,
} from './errors';
export type { CallCardUnsupportedReason } from './errors';
export type { CallCardTransport, TransportConnection, TransportConnectOptions } from './transport';
export { autoTransport } from './transports/autoTransport';
export { bx24Transport } from './transports/bx24Transport';
export type { Bx24Auth, Bx24Like } from './transports/bx24Transport';
export { b24FrameTransport } from './transports/b24FrameTransport';
export type { B24FrameLike } from './transports/b24FrameTransport';
export { frameTransport, isHostAllowed, parseWindowName } from './transports/frameTransport';
export type { AllowedHosts, FrameParams, FrameTransportOptions } from './transports/frameTransport';
export type {
  CallCardEntity,
  CallCardListener,
  CallCardState,
  CallCardStatus,
  CrmEntityType,
  KnownCrmEntityType,
  PortalAuth,
  PortalInfo,
  Unsubscribe,
} from './types';
export { callRest, CallCardRestError } from './callRest';
export type { RestCaller } from './callRest';
export { getCallStateStore } from './callState';
export type { CallState, CallStateStore } from './callState';
export {
  CallCardRegistrationError,
  registerBackgroundWorker,
  unregisterBackgroundWorker,
} from './registerBackgroundWorker';
export type {
  CallCardRegistrationReason,
  RegisterBackgroundWorkerOptions,
  RestTarget,
} from './registerBackgroundWorker';
export { createRestCaller, whenPortal } from './createRestCaller';

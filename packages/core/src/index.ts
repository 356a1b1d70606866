export { createCallCardClient, ENTITY_CHANGED_EVENTS, IDLE_STATE } from './createCallCardClient';
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

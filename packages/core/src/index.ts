// The store
export { createStore } from './store/createStore';
export type { ReadableStore, Store, StoreListener, StoreOptions } from './store/createStore';
// The client: lifecycle, single bind, the entity
export { createCallCardClient, IDLE_STATE } from './client/createCallCardClient';
export type { CallCardClient, CallCardClientOptions } from './client/createCallCardClient';
export { getDefaultCallCardClient } from './client/getDefaultCallCardClient';
export { portalEventName } from './client/portalEventName';
export { whenConnected } from './client/whenConnected';
export { parseEntityChangedPayload, sameEntity } from './entity/parseEntityChangedPayload';
export { parseCallCardCall } from './events/parseCallCardCall';
// Events
export { onCallCardEvent } from './events/onCallCardEvent';
export {
  CALL_CARD_EVENTS,
  CALL_CARD_TAB_EVENTS,
  callCardEventParser,
  parseCallCardEvent,
} from './events/callCardEvents';
export type {
  BackgroundCallCardEvents,
  BackgroundWorkerEventMap,
  CallCardTabEventMap,
  RawEntityChanged,
  CallCardCall,
  CallCardEventMap,
  CallCardEventName,
  CallDirection,
  CallStateName,
  DialpadKey,
  ParseEventResult,
  RawCallInitialized,
  TransferTarget,
} from './events/callCardEvents';
// Commands
export { callCardCommand } from './commands/callCardCommand';
export type { CallCardCommandOptions } from './commands/callCardCommand';
export { CALL_CARD_COMMANDS, CALL_CARD_UI_STATES } from './commands/callCardCommands';
export type {
  BackgroundWorkerCommandMap,
  CallCardCommandMap,
  CallCardCommandName,
  CallCardCommandParams,
  CallCardCommandResult,
  CallCardTabCommandMap,
  CallCardUiState,
  NoParams,
} from './commands/callCardCommands';
export { CallCardCommandError } from './commands/CallCardCommandError';
export type { CallCardCommandReason } from './commands/CallCardCommandError';
export { keepCallCardOpen } from './commands/keepCallCardOpen';
export { bindCallCardCommands } from './commands/bindCallCardCommands';
export type { CallCardCommands } from './commands/bindCallCardCommands';
export type { KeepCallCardOpenOptions } from './commands/keepCallCardOpen';
// Call state
export { getCallStateStore } from './callState/getCallStateStore';
export type { CallState, CallStateStore } from './callState/getCallStateStore';
// Errors and shared types
export {
  CallCardError,
  CallCardListenerError,
  CallCardPayloadError,
  CallCardTransportError,
  CallCardUnsupportedError,
} from './errors';
export type { CallCardErrorCode, CallCardUnsupportedReason } from './errors';
export type {
  CallCardEntity,
  CallCardListener,
  CallCardPlacement,
  CallCardState,
  CallCardStatus,
  CrmEntityType,
  KnownCrmEntityType,
  ParseResult,
  PayloadParser,
  Unsubscribe,
} from './types';
// Transports and the host policy
export type {
  CallCardTransport,
  PortalData,
  TransportConnection,
  TransportConnectOptions,
} from './transports/transport';
export { autoTransport } from './transports/autoTransport';
export type { AutoTransportOptions } from './transports/autoTransport';
export { frameTransport } from './transports/frameTransport';
export type { FrameTransportOptions } from './transports/frameTransport';
export { bx24Transport } from './transports/bx24Transport';
export type { Bx24Auth, Bx24Like, Bx24TransportOptions } from './transports/bx24Transport';
export { b24FrameTransport } from './transports/b24FrameTransport';
export type { B24FrameAuthData, B24FrameLike, B24FrameTransportOptions } from './transports/b24FrameTransport';
export { isHostAllowed, parseWindowName, readFrameParams } from './frame/frameParams';
export type { AllowedHosts, FrameParams } from './frame/frameParams';
// REST and auth
export { callRest } from './rest/callRest';
export type { RestCaller, RestCallOptions } from './rest/callRest';
export { createRestCaller } from './rest/createRestCaller';
export { getPortal } from './rest/getPortal';
export { portalInfo } from './rest/portalInfo';
export type { PortalAuth, PortalInfo, PortalInfoSource } from './rest/portalInfo';
export { refreshAuth } from './rest/refreshAuth';
export { whenPortal } from './rest/whenPortal';
export { CallCardRegistrationError, CallCardRestError } from './rest/errors';
export type { CallCardRegistrationReason, CallCardRestReason } from './rest/errors';
// Registration
export { registerBackgroundWorker, unregisterBackgroundWorker } from './registration/registerBackgroundWorker';
export type { RegisterBackgroundWorkerOptions, RestTarget } from './registration/registerBackgroundWorker';

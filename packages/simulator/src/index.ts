export { startSimulator } from './server';
export type { Simulator, SimulatorOptions } from './server';
export { createRestPortal } from './rest';
export type { RestAnswer, RestLogEntry, RestPortal, RestPortalOptions, SimEvent } from './rest';
export { innerNumber, USER_COUNT } from './rest/telephony';
export type { CallEvent, CallType, CrmActivity, RestContext, TelephonyCall } from './rest/telephony';
export { createCrmSample, recordLabel, recordPhone } from './crmSample';
export type { CrmRecord, CrmSample } from './crmSample';
export { BACKGROUND_EVENTS, entityEventFor, formatAnswer, parseCommand, PLACEMENTS } from './protocol';
export type { InitData, ParsedCommand, PortalCommand } from './protocol';
export {
  ALL_EVENT_NAMES,
  BACKGROUND_EVENT_NAMES,
  BACKGROUND_WORKER_COMMANDS,
  CALL_CARD_TAB_COMMANDS,
  CALL_CARD_TAB_EVENTS,
  CALL_CARD_UI_STATES,
  isUiState,
  LOG_LINE_MAX,
  logText,
  maskTokens,
  placementCommands,
  placementEvents,
  resolveEventName,
  UI_STATE_BUTTONS,
} from './protocol';
export type {
  BackgroundEventName,
  BackgroundWorkerCommand,
  ButtonEvent,
  CallCardTabCommand,
  CallCardTabEventName,
  CallCardUiState,
  ResolvedEvent,
} from './protocol';
export { callStatus, createCallCardModel, entityPayload, tabPlacementOptions } from './card/callCardModel';
export type {
  CallCardEvent,
  CallCardModel,
  CallCardModelOptions,
  CallCardState,
  ClientMode,
  CloseReason,
  PressResult,
  SimCall,
  SimCallDirection,
  SimCallState,
  SimCrmBinding,
  SimEntity,
  SimTimer,
} from './card/callCardModel';
export { createPortalEngine } from './portal/portalEngine';
export type {
  AppMarks,
  EngineLogEntry,
  FireMiss,
  FireResult,
  OpenCallOptions,
  OpenCallResult,
  PortalEngine,
  PortalEngineOptions,
} from './portal/portalEngine';
export { simulatorPage } from './testing/simulatorPage';
export type { EvaluatingPage, SimulatorPageClient } from './testing/simulatorPage';
export { SCENARIOS } from './page/scenarios';
export type {
  SimulatorApp,
  SimulatorAppMarks,
  SimulatorBind,
  SimulatorCall,
  SimulatorCardState,
  SimulatorCommand,
  SimulatorLogEntry,
  SimulatorPageApi,
  SimulatorPlayOptions,
  SimulatorRestEntry,
  SimulatorScenarioId,
  WaitForCardOptions,
} from './page/api';

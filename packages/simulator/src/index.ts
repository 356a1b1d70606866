export { startSimulator } from './server';
export type { Simulator, SimulatorOptions } from './server';
export { createRestPortal } from './rest';
export type { RestAnswer, RestLogEntry, RestPortal, RestPortalOptions } from './rest';
export { createCrmSample, recordLabel, recordPhone } from './crmSample';
export type { CrmRecord, CrmSample } from './crmSample';
export { BACKGROUND_EVENTS, entityEventFor, formatAnswer, parseCommand, PLACEMENTS } from './protocol';
export type { InitData, ParsedCommand, PortalCommand } from './protocol';

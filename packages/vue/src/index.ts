export { CALL_CARD_CLIENT_KEY, callCardPlugin, useCallCardClient } from './plugin';
export type { CallCardPluginOptions } from './plugin';
export { useCallCardEntity } from './useCallCardEntity';
export type { UseCallCardEntityOptions, UseCallCardEntityReturn } from './useCallCardEntity';
export { useCallCardEvent } from './useCallCardEvent';
export { useCallState } from './useCallState';
export { useCallCardCommands } from './useCallCardCommands';
export { useKeepCallCardOpen } from './useKeepCallCardOpen';

export { CallCardProvider, useCallCardClient } from './context';
export type { CallCardProviderProps } from './context';
export { useCallCardEntity } from './useCallCardEntity';
export type { UseCallCardEntityOptions, UseCallCardEntityResult } from './useCallCardEntity';
export { useCallCardEvent } from './useCallCardEvent';
export { useCallState } from './useCallState';
export { useCallCardCommands } from './useCallCardCommands';
export { useKeepCallCardOpen } from './useKeepCallCardOpen';

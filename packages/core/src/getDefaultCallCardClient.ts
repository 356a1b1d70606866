import { createCallCardClient, type CallCardClient } from './createCallCardClient';
import { CallCardUnsupportedError } from './errors';

let shared: CallCardClient | undefined;

/**
 * The page's shared client, created on first use with the default options. The React hook and
 * the Vue composable use it when no client is provided. If it was destroyed (say, by a hot
 * reload), the next call makes a new one.
 */
export function getDefaultCallCardClient(): CallCardClient {
  const error = shared?.getState().error;
  if (!shared || (error instanceof CallCardUnsupportedError && error.reason === 'DESTROYED')) {
    shared = createCallCardClient();
  }
  return shared;
}

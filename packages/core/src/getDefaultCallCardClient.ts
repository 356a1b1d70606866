import { createCallCardClient, type CallCardClient } from './createCallCardClient';

let shared: CallCardClient | undefined;

/**
 * The page's shared client, created on first use with the default options. The React hook and
 * the Vue composable use it when no client is provided.
 */
export function getDefaultCallCardClient(): CallCardClient {
  return (shared ??= createCallCardClient());
}

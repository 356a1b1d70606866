import type { CallCardClient } from '../client/createCallCardClient';
import { whenConnected } from '../client/whenConnected';
import { CallCardError } from '../errors';
import { getPortal } from './getPortal';
import type { PortalInfo } from './portalInfo';

/**
 * Resolves with the client's portal once connected (starting the client if needed), or rejects
 * with a `NOT_CONNECTED` {@link CallCardError} when it cannot connect or the transport names no
 * checked portal host, or with the signal's reason when `signal` aborts first.
 *
 * @example
 * const portal = await whenPortal(client);
 */
export async function whenPortal(
  client: CallCardClient,
  options: { readonly signal?: AbortSignal } = {},
): Promise<PortalInfo> {
  await whenConnected(client, options);
  const portal = getPortal(client);
  if (!portal)
    throw new CallCardError('NOT_CONNECTED', 'No portal to call: the transport names no checked portal host');
  return portal;
}

import type { CallCardClient } from '../client/createCallCardClient';
import type { PortalData, TransportConnection } from '../transports/transport';
import { portalInfo, type PortalInfo } from './portalInfo';

/** Tokens refreshed by `refreshAuth`, per connection; they win until the transport's own data changes. */
const refreshed = new WeakMap<TransportConnection, { data: PortalData; at: number; base: PortalData }>();
const built = new WeakMap<PortalData, PortalInfo>();

/** @internal Keeps a refreshed token for `connection`. */
export const keepRefreshed = (connection: TransportConnection, answer: PortalData): void => {
  const base = connection.data;
  refreshed.set(connection, { data: { ...base, ...answer }, at: Date.now(), base });
};

/**
 * What the portal said about itself (REST URL, OAuth token, admin flag, language...), once the
 * client is connected; else `null` (also after `destroy`, and when the transport cannot name a
 * checked portal host). The same object until the token changes.
 *
 * @example
 * const portal = getPortal(client);
 * if (portal) await callRest(portal, 'user.current');
 */
export function getPortal(client: CallCardClient): PortalInfo | null {
  const c = client.getConnection();
  if (!c?.origin) return null;
  const r = refreshed.get(c);
  const own = c.data;
  const fresh = r && r.base === own ? r : null;
  const data = fresh ? fresh.data : own;
  let info = built.get(data);
  if (!info)
    built.set(data, (info = portalInfo({ origin: c.origin, data, receivedAt: fresh ? fresh.at : c.receivedAt })));
  return info;
}

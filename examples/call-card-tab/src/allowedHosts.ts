import { isHostAllowed, type AllowedHosts } from '@b24-callcard/core';

/** Loopback hosts on any port: where the portal simulator runs. */
const isLocal = (host: string): boolean => /^(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/.test(host);

/**
 * The portal hosts this app trusts. `window.name` tells the app which origin is "the portal", and
 * any page that frames the app can set it: without this list, a forged `window.name`
 * (`attacker.example|1|x`) would make the app show that page's data and send REST calls (with
 * the token) there. Set `VITE_B24_ALLOWED_HOSTS` at build time to your portal(s), comma-separated
 * (`example.bitrix24.com` or `*.bitrix24.com`); the loopback hosts of the simulator are always
 * allowed, so the same build runs in the simulator. Anything else is refused (`UNTRUSTED_HOST`).
 */
export function allowedHosts(configured: string | undefined = import.meta.env.VITE_B24_ALLOWED_HOSTS): AllowedHosts {
  const hosts = (configured ?? '')
    .split(',')
    .map((h) => h.trim())
    .filter(Boolean);
  return (host) => isLocal(host) || isHostAllowed(host, hosts);
}

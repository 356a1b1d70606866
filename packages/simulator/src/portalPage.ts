import type { CrmSample } from './crmSample';

/** What the portal page needs to start. */
export interface PortalPageConfig {
  apps: Array<{ url: string; label: string }>;
  placement: string;
  hidden: boolean;
  crm: CrmSample;
  isAdmin: boolean;
  /** Which client's card the page plays: the browser's (default) or the desktop app's (`--client desktop`). */
  clientMode: 'browser' | 'desktop';
  /** The inbound webhook's base URL, e.g. `http://127.0.0.1:4000/rest/1/<code>/`. */
  webhookUrl: string;
}

const json = (v: unknown) => JSON.stringify(v).replace(/</g, '\\u003c');

/** The simulator's portal page: control panel, app frames, message log. */
export function renderPortalPage(config: PortalPageConfig): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>b24-callcard portal simulator</title>
<style>
  :root { font: 14px/1.4 system-ui, sans-serif; color: #1f2d3d; background: #eef2f4; }
  * { box-sizing: border-box; }
  body { margin: 0; display: grid; grid-template-columns: 330px 1fr; grid-template-rows: auto 1fr 260px; height: 100vh; }
  header { grid-column: 1 / 3; background: #2fc6f6; color: #fff; padding: 8px 16px; display: flex; gap: 16px; align-items: center; }
  header h1 { font-size: 16px; margin: 0; }
  header .meta { font-size: 12px; opacity: .9; }
  #panel { grid-row: 2 / 4; overflow: auto; padding: 12px; background: #fff; border-right: 1px solid #d5dde2; }
  #panel h2 { font-size: 12px; text-transform: uppercase; letter-spacing: .05em; color: #6b7a86; margin: 14px 0 6px; }
  #panel button { display: block; width: 100%; text-align: left; margin: 3px 0; padding: 5px 8px; border: 1px solid #cfd8dc; background: #f7f9fa; border-radius: 4px; cursor: pointer; font: inherit; }
  #panel button:hover { background: #e3f6fd; border-color: #2fc6f6; }
  #panel button small { color: #6b7a86; }
  #panel label { display: block; margin: 4px 0; }
  #panel input[type=text], #panel select { width: 100%; padding: 4px; font: inherit; }
  .row { display: flex; gap: 6px; } .row > * { flex: 1; }
  #frames { display: flex; gap: 12px; padding: 12px; overflow: auto; }
  .app { flex: 1; min-width: 280px; display: flex; flex-direction: column; background: #fff; border: 1px solid #d5dde2; border-radius: 6px; }
  .app .title { padding: 6px 10px; border-bottom: 1px solid #d5dde2; font-size: 12px; display: flex; justify-content: space-between; gap: 8px; }
  .app iframe { flex: 1; border: 0; width: 100%; min-height: 220px; }
  body.hidden-frames .app iframe { display: none; }
  body.hidden-frames .app::after { content: 'hidden, as the real background worker'; padding: 10px; color: #6b7a86; font-size: 12px; }
  #log { overflow: auto; background: #10202b; color: #d7e3ea; font: 12px/1.5 ui-monospace, monospace; padding: 6px 10px; }
  #log div { white-space: pre-wrap; word-break: break-all; }
  #log .in { color: #9be7ff; } #log .out { color: #c5f59b; } #log .rest { color: #ffd479; } #log .bad { color: #ff8a80; font-weight: bold; }
  .binds { color: #6b7a86; }
</style>
</head>
<body class="${config.hidden ? 'hidden-frames' : ''}">
<header><h1>Bitrix24 portal simulator</h1><span class="meta" id="meta"></span></header>
<aside id="panel">
  <h2>Placement</h2>
  <div class="row">
    <select id="placement" aria-label="placement"></select>
    <label><input type="checkbox" id="hidden"> hide frames</label>
  </div>
  <div class="row">
    <label><input type="checkbox" id="admin"> user is admin</label>
    <button id="reload">Reload apps</button>
  </div>
  <button id="expire">Expire REST tokens</button>
  <h2>Current client (entityChanged)</h2>
  <div id="crm"></div>
  <h2>Edge cases</h2>
  <div id="edge"></div>
  <h2>Custom</h2>
  <label>Phone <input type="text" id="c-phone" value="+15550999"></label>
  <div class="row">
    <label>Type <select id="c-type"><option>CONTACT</option><option>COMPANY</option><option>LEAD</option><option>DEAL</option><option value="">(none)</option></select></label>
    <label>Id <input type="text" id="c-id" value="17"></label>
  </div>
  <label><input type="checkbox" id="c-id-string"> send the id as a string</label>
  <button id="c-fire">Fire entityChanged</button>
  <h2>Other call-card events</h2>
  <div id="events"></div>
</aside>
<main id="frames"></main>
<section id="log" aria-label="message log"></section>
<script>window.__SIMULATOR_CONFIG__ = ${json(config)};</script>
<script src="/sim/page.js"></script>
</body>
</html>`;
}

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

/** The simulator's portal page: control panel, call card, app frames, message log. */
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
  body { margin: 0; display: grid; grid-template-columns: 340px minmax(0, 1fr); grid-template-rows: auto minmax(0, 1fr) 240px; height: 100vh; }
  header { grid-column: 1 / 3; background: #2fc6f6; color: #fff; padding: 8px 16px; display: flex; gap: 16px; align-items: center; }
  header h1 { font-size: 16px; margin: 0; }
  header .meta { font-size: 12px; opacity: .9; }
  #panel { grid-row: 2 / 4; overflow: auto; padding: 12px; background: #fff; border-right: 1px solid #d5dde2; }
  #panel h2 { font-size: 12px; text-transform: uppercase; letter-spacing: .05em; color: #6b7a86; margin: 14px 0 6px; }
  #panel button { display: block; width: 100%; text-align: left; margin: 3px 0; padding: 5px 8px; border: 1px solid #cfd8dc; background: #f7f9fa; border-radius: 4px; cursor: pointer; font: inherit; }
  #panel button:hover { background: #e3f6fd; border-color: #2fc6f6; }
  #panel button small { color: #6b7a86; }
  #panel label { display: block; margin: 4px 0; }
  #panel input[type=text], #panel select { width: 100%; min-width: 0; padding: 4px; font: inherit; }
  /* Label above, control on the whole width: PAGE_BACKGROUND_WORKER is never cut off. */
  #panel .field { display: block; margin: 6px 0; }
  #panel .field > span { display: block; color: #6b7a86; font-size: 12px; margin-bottom: 2px; }
  #panel #webhook { font: 11px ui-monospace, monospace; }
  .row { display: flex; gap: 6px; align-items: center; } .row > * { flex: 1 1 0; min-width: 0; }
  #calls { font-size: 12px; color: #4a5a66; } .call-row { padding: 2px 0; border-bottom: 1px dotted #d5dde2; }
  #scenario-status { font-size: 12px; color: #4a5a66; min-height: 1.4em; }
  #main { display: flex; gap: 12px; padding: 12px; overflow: auto; min-height: 0; }
  #frames[hidden] { display: none; }
  #frames { flex: 1; display: flex; gap: 12px; min-width: 0; color: #6b7a86; font-size: 13px; }
  .app { flex: 1; min-width: 280px; display: flex; flex-direction: column; background: #fff; border: 1px solid #d5dde2; border-radius: 6px; }
  .app .title { padding: 6px 10px; border-bottom: 1px solid #d5dde2; font-size: 12px; display: flex; justify-content: space-between; gap: 8px; color: #1f2d3d; }
  .app iframe { flex: 1; border: 0; width: 100%; min-height: 220px; }
  body.hidden-frames .app iframe { display: none; }
  body.hidden-frames .app::after { content: 'hidden, as the real background worker'; padding: 10px; color: #6b7a86; font-size: 12px; }
  .binds { color: #6b7a86; }
  /* The call card, as the portal's: dark, compact, the buttons the UI state shows. */
  #card { flex: 0 0 320px; display: flex; gap: 0; background: #2d3a44; color: #eef3f6; border-radius: 10px; box-shadow: 0 4px 16px rgba(0,0,0,.2); align-self: flex-start; overflow: hidden; }
  #card.with-tabs { flex: 1 1 auto; align-self: stretch; }
  #card .card-main { flex: 0 0 320px; padding: 12px 14px; display: flex; flex-direction: column; gap: 6px; }
  #card .card-head { display: flex; justify-content: space-between; font-size: 12px; color: #9fb3c1; text-transform: uppercase; letter-spacing: .04em; }
  #card .card-timer { font: 13px ui-monospace, monospace; color: #9fb3c1; } #card .card-timer.running { color: #7ee07e; }
  #card .card-title { font-size: 18px; font-weight: 600; min-height: 1.3em; word-break: break-word; }
  #card .card-phone, #card .card-client { font-size: 13px; color: #c8d6df; word-break: break-word; }
  #card .card-status { font-size: 13px; color: #ffd479; min-height: 1.2em; word-break: break-word; }
  #card .card-badges { display: flex; flex-wrap: wrap; gap: 4px; }
  #card .badge { font-size: 11px; padding: 1px 6px; border-radius: 8px; background: #41515d; color: #dfe8ee; }
  #card .card-buttons { display: flex; flex-wrap: wrap; gap: 6px; margin-top: 4px; }
  #card .card-button { border: 0; border-radius: 16px; padding: 6px 12px; font: inherit; font-size: 13px; cursor: pointer; background: #55646f; color: #fff; }
  #card .card-button:hover { filter: brightness(1.15); }
  #card .answerButtonClick, #card .makeCallButtonClick, #card .completeTransferButtonClick { background: #3bc8a4; }
  #card .hangupButtonClick, #card .skipButtonClick, #card .cancelTransferButtonClick { background: #f0524f; }
  #card .card-sim { display: flex; flex-wrap: wrap; gap: 4px; align-items: center; margin-top: 8px; padding-top: 8px; border-top: 1px dashed #51616c; font-size: 11px; color: #9fb3c1; }
  #card .card-sim button { font: 11px system-ui, sans-serif; padding: 2px 6px; border: 1px solid #6b7a86; background: transparent; color: #dfe8ee; border-radius: 4px; cursor: pointer; }
  #card .card-empty { display: none; font-size: 13px; color: #9fb3c1; }
  #card:not(.has-call) .card-empty { display: block; }
  #card:not(.has-call) .card-sim, #card:not(.has-call) .card-badges { display: none; }
  #card.closed .card-main > :not(.card-badges):not(.card-head):not(.card-sim) { opacity: .5; }
  #card .card-tabs { display: none; flex: 1; gap: 12px; padding: 12px; background: #eef2f4; color: #6b7a86; min-width: 0; overflow: auto; }
  #card.with-tabs .card-tabs { display: flex; }
  #log { overflow: auto; background: #10202b; color: #d7e3ea; font: 12px/1.5 ui-monospace, monospace; padding: 6px 10px; }
  #log div { white-space: pre-wrap; word-break: break-all; }
  #log .in { color: #9be7ff; } #log .out { color: #c5f59b; } #log .rest { color: #ffd479; } #log .bad { color: #ff8a80; font-weight: bold; }
</style>
</head>
<body class="${config.hidden ? 'hidden-frames' : ''}">
<header><h1>Bitrix24 portal simulator</h1><span class="meta" id="meta"></span></header>
<aside id="panel">
  <h2>Portal</h2>
  <label class="field"><span>Placement</span><select id="placement" aria-label="placement"></select></label>
  <label class="field"><span>Client</span><select id="client-mode" aria-label="client mode"><option value="browser">browser</option><option value="desktop">desktop app</option></select></label>
  <div class="row">
    <label><input type="checkbox" id="hidden"> hide frames</label>
    <label><input type="checkbox" id="admin"> user is admin</label>
  </div>
  <div class="row">
    <button id="reload" type="button">Reload apps</button>
    <button id="expire" type="button">Expire REST tokens</button>
  </div>
  <label class="field"><span>Webhook</span><input type="text" id="webhook" readonly aria-label="inbound webhook"></label>
  <h2>Call scenarios</h2>
  <div id="scenarios"></div>
  <button id="scenario-stop" type="button">Stop the scenario</button>
  <div id="scenario-status"></div>
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
  <button id="c-fire" type="button">Fire entityChanged</button>
  <h2 id="events-title">Other call-card events</h2>
  <div id="events"></div>
  <h2>Open calls (every user)</h2>
  <div id="calls"></div>
</aside>
<main id="main">
  <section id="card" aria-label="call card"></section>
  <div id="frames"></div>
</main>
<section id="log" aria-label="message log"></section>
<script>window.__SIMULATOR_CONFIG__ = ${json(config)};</script>
<script src="/sim/page.js"></script>
</body>
</html>`;
}

#!/usr/bin/env node
import { statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { PLACEMENTS } from './protocol';
import { startSimulator } from './server';

const HELP = `Usage: b24-callcard-simulator [app-url...] [options]

Runs a local Bitrix24 portal that loads your app(s) in a frame, speaks the portal's side of the
frame protocol, fires call-card events from a control panel and answers REST from a CRM sample.

Options:
  --port <n>          port of the portal page and REST (default 4000, 0 = any free port)
  --host <addr>       interface to listen on (default 127.0.0.1)
  --placement <p>     PAGE_BACKGROUND_WORKER (default), CALL_CARD or DEFAULT
  --serve <dir>       serve a folder (an app build) on its own port and load it; repeatable
  --hidden            start with the app frames hidden, like the real worker
  --client <c>        browser (default) or desktop: whose call card the page plays
  -h, --help          show this help

Example: b24-callcard-simulator http://localhost:5173/`;

const usage = (problem: string): never => {
  console.error(`${problem}\n\n${HELP}`);
  process.exit(2);
};

const args = (() => {
  try {
    return parseArgs({
      allowPositionals: true,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        placement: { type: 'string' },
        serve: { type: 'string', multiple: true },
        hidden: { type: 'boolean' },
        client: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    // An unknown option, or an option without its value.
    return usage((e as Error).message);
  }
})();
const { values, positionals } = args;
const placement = values.placement?.toUpperCase();
if (placement !== undefined && !(PLACEMENTS as readonly string[]).includes(placement)) {
  usage(`Unknown --placement ${values.placement}: use ${PLACEMENTS.join(', ')}`);
}

if (values.help) {
  console.log(HELP);
  process.exit(0);
}
const port = values.port === undefined ? 4000 : Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  usage(`Invalid --port ${values.port}`);
}
const clientName = values.client?.toLowerCase() ?? 'browser';
const client =
  clientName === 'browser' || clientName === 'desktop'
    ? clientName
    : usage(`Unknown --client ${values.client}: use browser or desktop`);
for (const url of positionals) {
  let parsed: URL | null = null;
  try {
    parsed = new URL(url);
  } catch {
    // Not a URL at all.
  }
  // `localhost:5273` parses as a URL with the scheme `localhost:`: the frame would stay blank.
  if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
    const hint = !url.includes('://') && /^\S+$/.test(url) ? `: did you mean http://${url} ?` : '';
    usage(`Not an app URL: ${url}${hint} (app URLs start with http:// or https://)`);
  }
}
for (const dir of values.serve ?? []) {
  const info = statSync(dir, { throwIfNoEntry: false });
  if (!info) usage(`--serve ${dir}: no such directory`);
  else if (!info.isDirectory()) usage(`--serve ${dir}: not a directory (give the folder of the app's build)`);
}

const sim = await startSimulator({
  port,
  host: values.host,
  apps: positionals,
  serve: values.serve,
  placement,
  hidden: values.hidden,
  clientMode: client,
}).catch((e: unknown) => {
  if ((e as { code?: unknown } | null)?.code !== 'EADDRINUSE') throw e;
  console.error(`Port ${port} is in use: pick another with --port (0 picks a free one).`);
  process.exit(1);
});
console.log(`Bitrix24 portal simulator: ${sim.url}`);
for (const app of sim.apps) console.log(`  app: ${app.url}  (${app.label})`);
console.log(`  inbound webhook: ${sim.webhookUrl}  (append a method, e.g. telephony.externalCall.show)`);
const stop = () => void sim.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

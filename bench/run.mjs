// pnpm bench: sizes, browser timings, dispatch throughput, render counts and memory, in one run,
// printed as one markdown table and written to BENCHMARKS.md. Figures are printed, never asserted.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { measureBrowser } from './browser.mjs';
import { at, fmtBytes, fmtInt, fmtMs, mark, sleep } from './lib.mjs';
import { measureFeatureCosts } from './featureCosts.mjs';
import { measureSizes } from './sizes.mjs';

const t0 = Date.now();
const log = (...a) => console.error(...a);

/** Runs a bench script in its own Node process; retries once if a concurrent rebuild got in the way. */
async function child(args, tries = 3) {
  for (let i = 1; ; i++) {
    const r = await new Promise((resolve) => {
      const p = spawn(process.execPath, args, { cwd: at('.'), stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      p.stdout.on('data', (d) => (out += d));
      p.stderr.on('data', (d) => (err += d));
      p.on('close', (code) => resolve({ code, out, err }));
    });
    if (r.code === 0) return JSON.parse(r.out.trim().split('\n').pop());
    if (i >= tries) throw new Error(`node ${args.join(' ')} failed:\n${r.err}`);
    log(`  node ${args.join(' ')} failed (exit ${r.code}), retrying in 20 s`);
    await sleep(20_000);
  }
}

log('sizes (esbuild, minified; gzip -9, brotli 11)…');
const sizes = await measureSizes();
const features = await measureFeatureCosts();
log('store dispatch and render counts (tinybench, jsdom)…');
const dispatch = await child(['bench/dispatch.mjs']);
log('memory (node --expose-gc)…');
const memory = {};
for (const kind of ['subscribe', 'events', 'handlers', 'react', 'vue'])
  memory[kind] = await child(['--expose-gc', 'bench/memory.mjs', kind]);
log('browser (Chromium in the simulator)…');
const browser = await measureBrowser((m) => log(m));

// ---------------------------------------------------------------- table
const rows = [];
const row = (area, what, result, target = '', ok = null) => rows.push([area, what, result, target, mark(ok)]);
const sz = (s) => `${fmtBytes(s.gzip)} gz · ${fmtBytes(s.brotli)} br · ${fmtBytes(s.raw)} min`;

row('size', '`@b24-callcard/core` ESM entry, all exports', sz(sizes.coreEntry));
const floor = sizes.workerBare.gzip;
const vsFloor = (w) => `${(w.gzip / floor).toFixed(2)}× the floor`;
row(
  'size',
  'entity-only worker, built-in transport: `createCallCardClient({ transport: frameTransport() })` + subscribe + render',
  `${sz(sizes.workerCore)} · ${vsFloor(sizes.workerCore)}`,
  '≤ 3.0 kB gz',
  sizes.workerCore.gzip <= 3000,
);
row(
  'size',
  'entity-only worker on `getDefaultCallCardClient()` (BX24 auto-detection + frame transport)',
  `${sz(sizes.workerDefault)} · ${vsFloor(sizes.workerDefault)}`,
  '≤ 3.5 kB gz',
  sizes.workerDefault.gzip <= 3500,
);
row(
  'size',
  'reference floor: the same worker on the bare wire protocol, entity only (`bench/reference/bare-worker.js`)',
  sz(sizes.workerBare),
);
for (const f of features.rows) {
  row('size', `what ${f.label} adds to the entity-only worker (\`bench/featureCosts.mjs\`)`, `${fmtBytes(f.bytes)} gz`);
}
row('size', '`@b24-callcard/react` ESM entry (react, core external)', sz(sizes.reactEntry));
row('size', '`@b24-callcard/vue` ESM entry (vue, core external)', sz(sizes.vueEntry));
row('size', 'minimal worker, React + `useCallCardEntity` (react, react-dom external)', sz(sizes.workerReact));
row('size', 'minimal worker, Vue + `useCallCardEntity` (vue external)', sz(sizes.workerVue));
for (const [name, w, limit] of [
  ['React hook', sizes.workerReact, 300],
  ['Vue composable', sizes.workerVue, 450],
]) {
  const added = w.gzip - sizes.workerDefault.gzip;
  row(
    'size',
    `what the ${name} adds to a worker (its worker − the \`getDefaultCallCardClient()\` worker, both on the default client)`,
    `${fmtBytes(added)} gz`,
    `≤ ${limit} B gz`,
    added <= limit,
  );
}
row(
  'size',
  'library only: minimal framework-free worker on `@bitrix24/b24jssdk` (`initializeB24Frame` + `bindEvent`)',
  sz(sizes.workerB24),
);
// Like with like, from this one run: library only (framework-free workers), then whole apps
// (the framework bundled in on both sides). The classic BX24 script is not on npm: not measured.
for (const [name, w] of [
  ['our framework-free worker, built-in transport', sizes.workerCore],
  ['our framework-free worker on the default client', sizes.workerDefault],
]) {
  row(
    'size',
    `library only: b24jssdk worker / ${name}`,
    `${(sizes.workerB24.gzip / w.gzip).toFixed(1)}× gz · ${(sizes.workerB24.brotli / w.brotli).toFixed(1)}× br`,
  );
}
for (const [name, ours, theirs] of [
  ['React', sizes.appReact, sizes.appReactB24],
  ['Vue', sizes.appVue, sizes.appVueB24],
]) {
  row('size', `whole app, ${name} + our hook (${name} bundled in)`, sz(ours));
  row('size', `whole app, ${name} + \`@bitrix24/b24jssdk\` (${name} bundled in)`, sz(theirs));
  row(
    'size',
    `whole app: ${name} + b24jssdk / ${name} + ours`,
    `${(theirs.gzip / ours.gzip).toFixed(1)}× gz · ${(theirs.brotli / ours.brotli).toFixed(1)}× br`,
  );
}

const p = browser.probe;
const MODES = [
  ['ours-frame', 'ours-frame (built-in frame transport)'],
  ['ours-b24', 'ours-b24 (our transport over b24jssdk)'],
  ['plain', 'plain `@bitrix24/b24jssdk`'],
];
for (const [key, label] of MODES) {
  const m = p[key];
  row('browser', `${label}: iframe inserted → getInitData at the portal`, fmtMs(m.init));
  row('browser', `${label}: iframe inserted → placementBindEvent at the portal`, fmtMs(m.bind));
  const how = Number.isNaN(m.deliverDelay)
    ? `: no event arrived up to bind + 1200 ms (${m.probes} probe frames)`
    : m.deliverDelay === 0
      ? `= bind + 0 ms: ${m.arrivedAtZero}/${m.samples} events fired at bind + 0 arrived`
      : `= bind + ${m.deliverDelay} ms: lost at bind + ${m.lostBelow} ms, ${m.arrivedAtZero}/${m.samples} fired at bind + 0 arrived, ${m.probes} probe frames`;
  const binds = m.extraBinds ? `; ⚠ ${m.extraBinds} frame(s) bound ≠ 1 time` : '';
  row('browser', `${label}: iframe inserted → deliverable`, `${fmtMs(m.deliverable)} ${how}${binds}`);
}
row(
  'browser',
  'our own share, ours-frame: getInitData answered → placementBindEvent at the portal',
  fmtMs(p['ours-frame'].ownShare, 2),
  '≤ 5 ms',
  p['ours-frame'].ownShare <= 5,
);
row(
  'browser',
  'same for ours-b24 / plain b24jssdk (SDK time included)',
  `${fmtMs(p['ours-b24'].ownShare, 2)} / ${fmtMs(p.plain.ownShare, 2)}`,
);
{
  const r = p.plain.deliverable / p['ours-frame'].deliverable;
  row('browser', 'ratio deliverable plain b24jssdk / ours-frame', `${r.toFixed(1)}×`, '≥ 10×', r >= 10);
  row(
    'browser',
    'ratio deliverable plain b24jssdk / ours-b24',
    `${(p.plain.deliverable / p['ours-b24'].deliverable).toFixed(1)}×`,
  );
}
for (const load of ['cold', 'cached']) {
  const st = browser.startup[load];
  row(
    'browser',
    `start-up, ${load} load: script evaluation → bind sent (ours-frame / plain b24jssdk / bare floor)`,
    `${fmtMs(st['ours-frame'], 2)} / ${fmtMs(st.plain, 2)} / ${fmtMs(st.bare, 2)}`,
  );
}
row(
  'browser',
  'portal fire → app handler (ours-frame / ours-b24 / plain)',
  MODES.map(([k]) => fmtMs(p[k].fireToHandler, 2)).join(' / '),
);
for (const [name, e] of [
  ['React', browser.react],
  ['Vue', browser.vue],
]) {
  row(
    'browser',
    `${name} example: entityChanged fired → \`[data-testid="crm"]\` shows it`,
    `${fmtMs(e.fireToDom, 2)} (of which message in frame → DOM ${fmtMs(e.messageToDom, 2)})`,
  );
}
row(
  'browser',
  `simulator: ${fmtInt(browser.fireScale.fires)} \`fire()\` calls with ${browser.fireScale.frames} bound frames, in the portal page`,
  `${fmtMs(browser.fireScale.ms)} (${fmtMs(browser.fireScale.perFire, 3)} a fire)`,
);
row(
  'browser',
  'simulator `fire()` call itself, in the portal page',
  fmtMs((browser.react.fireCall + browser.vue.fireCall) / 2, 2),
);

for (const n of ['1', '100', '10000']) {
  const t = dispatch.throughput[n];
  row(
    'dispatch',
    `events/s, createCallCardClient + createMockTransport, ${fmtInt(Number(n))} subscriber(s)`,
    `${fmtInt(t.eventsPerSec)} events/s ±${t.rme.toFixed(1)} % (${fmtInt(t.eventsPerSec * Number(n))} listener calls/s)`,
  );
}
for (const [name, r] of [
  ['React', dispatch.react],
  ['Vue', dispatch.vue],
]) {
  row('renders', `${name}: renders for 1 000 events, half of them repeats`, `${r.renders}`, '500', r.renders === 500);
}
const MEM = [
  ['subscribe', 'client.subscribe() + unsubscribe'],
  ['events', 'events through the client (soak: a subscriber and an `onCallCardEvent` handler, every event a change)'],
  ['handlers', '`onCallCardEvent` handler added + removed (soak: the event stays bound once)'],
  ['react', 'React mount/unmount with `useCallCardEntity` (jsdom)'],
  ['vue', 'Vue mount/unmount with `useCallCardEntity` (jsdom)'],
];
for (const [key, label] of MEM) {
  const m = memory[key];
  const mb = (b) => `${(b / 1e6).toFixed(2)} MB`;
  const signed = (b) => `${b >= 0 ? '+' : '−'}${fmtBytes(Math.abs(b))}`;
  // Flat: a second batch of the same size adds < 10 bytes per cycle (a leak keeps growing).
  row(
    'memory',
    `${fmtInt(m.cycles)} × ${label}, heap after gc()`,
    `${mb(m.before)} → ${mb(m.after)} (${signed(m.delta)}); next ${fmtInt(m.cycles)}: ${signed(m.growth2)}${m.stillDelivers ? '' : '; STORE NO LONGER DELIVERS'}`,
    'flat (< 10 B/cycle on the 2nd batch)',
    m.growth2 < 10 * m.cycles && m.stillDelivers,
  );
}

const esc = (s) => String(s).replace(/\|/g, '\\|');
const table = [
  '| area | measure | result | target | |',
  '| --- | --- | --- | --- | --- |',
  ...rows.map((r) => `| ${r.map(esc).join(' | ')} |`),
].join('\n');

const chromium = `Chromium ${browser.version}`;
const mem = `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM`;
const cpus = `${os.availableParallelism?.() ?? os.cpus().length} CPUs (nproc), ${os.cpus()[0]?.model?.trim() ?? 'unknown CPU'}`;
const doc = `# Benchmarks

Machine: ${cpus}, ${mem}, Node ${process.version}, ${chromium} (headless), ${new Date().toISOString()}.
Rerun: pnpm bench

${table}

The target column holds the project's performance targets; each mark is computed from the measured figure, and a miss
is shown as one. The budgets that CI enforces are
size-limit's, in \`.size-limit.json\`.

How: sizes are esbuild bundles (bundle, minify, ESM, browser), compressed with node:zlib at max level. The reference floor is
a measuring stick kept in \`bench/\`, never shipped: the least code that shows the entity over the wire protocol with origin,
source and callback-id checks and payload validation, and without the packages' other features (BX24 detection, allowedHosts,
error classes, destroy, the ordered notification queue, REST auth and refresh, SSR guards, the other 16 events). Feature costs:
the entity-only worker bundled as it is and again using one more feature, as a user would write it; the difference is what that
feature costs a worker that uses it (one that does not pays nothing). Browser rows:
the probe app (\`e2e/fixtures/probe-app\`) in the simulator, ${p['ours-frame'].samples} fresh iframes per mode (after 2 warm-up frames, modes
interleaved), medians of the portal page's \`performance.now()\` marks; "deliverable" is the bind time plus the smallest delay after the
bind (at the portal) at which a fired \`entityChanged\` reaches the app's handler (each delay on a fresh frame, confirmed 3×, then bisected).
Example rows: ${browser.react.samples} fires per example, DOM change seen by a MutationObserver in the frame. Dispatch: tinybench, mean
latency. Renders: React with \`act\` per event, Vue with \`nextTick\` per event. Memory: a child process with \`--expose-gc\`, heap used
after gc() before and after the cycles and after a second batch of the same size. Size limits for \`pnpm size\` live in
\`.size-limit.json\` (regenerate with \`node bench/size-limit.mjs\`). Total bench time: ${Math.round((Date.now() - t0) / 1000)} s (build excluded).
`;
writeFileSync(at('BENCHMARKS.md'), doc);
console.log(doc);

// Bundle sizes: every bundle is made by esbuild (bundle + minify, ESM, browser), then
// compressed with node:zlib at max level (gzip -9, brotli quality 11).
import { Buffer } from 'node:buffer';
import { build } from 'esbuild';
import { constants, brotliCompressSync, gzipSync } from 'node:zlib';
import { at } from './lib.mjs';

const DIRS = {
  core: at('packages/core'),
  react: at('packages/react'),
  vue: at('packages/vue'),
  reactExample: at('examples/react-worker'),
  vueExample: at('examples/vue-worker'),
  probe: at('e2e/fixtures/probe-app'), // where @bitrix24/b24jssdk is installed
};

const compress = (buf) => ({
  raw: buf.length,
  gzip: gzipSync(buf, { level: 9 }).length,
  brotli: brotliCompressSync(buf, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_SIZE_HINT]: buf.length,
    },
  }).length,
});

/** Bundles `entry` (a file) or `stdin` (source text, `loader` js or ts) and compresses the result. */
export async function bundle({ entry, stdin, resolveDir, loader = 'js', external = [], plugins = [], nodePaths = [] }) {
  const r = await build({
    ...(entry
      ? { entryPoints: [entry] }
      : { stdin: { contents: stdin, resolveDir, loader, sourcefile: `bench-entry.${loader}` } }),
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2020',
    treeShaking: true,
    write: false,
    legalComments: 'none',
    external,
    nodePaths,
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
    plugins,
  });
  return compress(Buffer.from(r.outputFiles[0].contents));
}

const FW = ['react', 'react-dom', 'react-dom/client', 'react/jsx-runtime', 'vue'];

// The same minimal worker three ways: show the client the call card shows.
const REACT_WORKER = `
import { createElement as h } from 'react';
import { createRoot } from 'react-dom/client';
import { useCallCardEntity } from '@b24-callcard/react';
function Worker() {
  const { entity, status } = useCallCardEntity();
  return h('p', null, entity ? (entity.phoneNumber ?? '') + ' ' + (entity.entityType ?? '') + ' ' + (entity.entityId ?? '') : status);
}
createRoot(document.getElementById('root')).render(h(Worker));
`;
const VUE_WORKER = `
import { createApp, h } from 'vue';
import { useCallCardEntity } from '@b24-callcard/vue';
createApp({
  setup() {
    const { entity, status } = useCallCardEntity();
    return () => h('p', entity.value ? (entity.value.phoneNumber ?? '') + ' ' + (entity.value.entityType ?? '') + ' ' + (entity.value.entityId ?? '') : status.value);
  },
}).mount('#app');
`;
const B24_WORKER = `
import { initializeB24Frame } from '@bitrix24/b24jssdk';
const p = document.getElementById('app');
initializeB24Frame().then((b24) =>
  b24.placement.bindEvent('BackgroundCallCard::entityChanged', (e) => {
    p.textContent = e.PHONE_NUMBER + ' ' + e.CRM_ENTITY_TYPE + ' ' + e.CRM_ENTITY_ID;
  }),
);
`;
// The same React and Vue workers written with @bitrix24/b24jssdk directly (no code of ours), to
// compare whole apps: framework included on both sides.
const REACT_B24_WORKER = `
import { createElement as h, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { initializeB24Frame } from '@bitrix24/b24jssdk';
function Worker() {
  const [e, setE] = useState(null);
  useEffect(() => {
    initializeB24Frame().then((b24) => b24.placement.bindEvent('BackgroundCallCard::entityChanged', setE));
  }, []);
  return h('p', null, e ? e.PHONE_NUMBER + ' ' + e.CRM_ENTITY_TYPE + ' ' + e.CRM_ENTITY_ID : 'connecting');
}
createRoot(document.getElementById('root')).render(h(Worker));
`;
const VUE_B24_WORKER = `
import { createApp, h, shallowRef } from 'vue';
import { initializeB24Frame } from '@bitrix24/b24jssdk';
createApp({
  setup() {
    const e = shallowRef(null);
    initializeB24Frame().then((b24) => b24.placement.bindEvent('BackgroundCallCard::entityChanged', (p) => (e.value = p)));
    return () => h('p', e.value ? e.value.PHONE_NUMBER + ' ' + e.value.CRM_ENTITY_TYPE + ' ' + e.value.CRM_ENTITY_ID : 'connecting');
  },
}).mount('#app');
`;

/**
 * A framework-free worker (same rendering as the b24jssdk one) on the client `make` gives, with
 * `names` imported from `from`: our core, or the bare-protocol floor. `extra` is added code (a
 * feature the worker uses, with `client` in scope).
 */
export const frameworkFreeWorker = (names, make, from, extra = '') => `
import { ${names} } from '${from}';
const p = document.getElementById('app');
const client = ${make};
client.subscribe((s) => {
  const e = s.entity;
  p.textContent = e ? (e.phoneNumber ?? '') + ' ' + (e.entityType ?? '') + ' ' + (e.entityId ?? '') : s.status;
});
${extra}
`;
/** The entity-only worker on the built-in frame transport, with more names and code for a feature. */
export const frameWorker = (names = '', extra = '') =>
  frameworkFreeWorker(
    `createCallCardClient, frameTransport${names ? ', ' + names : ''}`,
    'createCallCardClient({ transport: frameTransport() })',
    '@b24-callcard/core',
    extra,
  );
const CORE_WORKER = frameWorker();
const DEFAULT_WORKER = frameworkFreeWorker(
  'getDefaultCallCardClient',
  'getDefaultCallCardClient()',
  '@b24-callcard/core',
);
const BARE_WORKER = frameworkFreeWorker('createBareClient', 'createBareClient()', './reference/bare-worker.js');

export async function measureSizes() {
  const rows = {};
  rows.coreEntry = await bundle({ entry: `${DIRS.core}/dist/index.js` });
  rows.reactEntry = await bundle({ entry: `${DIRS.react}/dist/index.js`, external: [...FW, '@b24-callcard/core'] });
  rows.vueEntry = await bundle({ entry: `${DIRS.vue}/dist/index.js`, external: [...FW, '@b24-callcard/core'] });
  rows.workerDefault = await bundle({ stdin: DEFAULT_WORKER, resolveDir: DIRS.react });
  rows.workerReact = await bundle({ stdin: REACT_WORKER, resolveDir: DIRS.reactExample, external: FW });
  rows.workerVue = await bundle({ stdin: VUE_WORKER, resolveDir: DIRS.vueExample, external: FW });
  rows.workerCore = await bundle({ stdin: CORE_WORKER, resolveDir: DIRS.react });
  rows.workerB24 = await bundle({ stdin: B24_WORKER, resolveDir: DIRS.probe });
  rows.workerBare = await bundle({ stdin: BARE_WORKER, resolveDir: at('bench') });
  // Whole apps: the framework bundled in, on both sides.
  const b24Modules = `${DIRS.probe}/node_modules`;
  rows.appReact = await bundle({ stdin: REACT_WORKER, resolveDir: DIRS.reactExample });
  rows.appVue = await bundle({ stdin: VUE_WORKER, resolveDir: DIRS.vueExample });
  rows.appReactB24 = await bundle({ stdin: REACT_B24_WORKER, resolveDir: DIRS.reactExample, nodePaths: [b24Modules] });
  rows.appVueB24 = await bundle({ stdin: VUE_B24_WORKER, resolveDir: DIRS.vueExample, nodePaths: [b24Modules] });
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(await measureSizes());
}

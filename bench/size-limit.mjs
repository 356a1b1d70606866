// Writes /.size-limit.json: each limit is size-limit's own current gzip figure rounded up to the
// next 100 bytes, so `pnpm size` passes today and fails on growth. Run it by hand after an
// intended size change: `node bench/size-limit.mjs` (pnpm bench does not touch the limits).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as prettier from 'prettier';
import { at } from './lib.mjs';

const CHECKS = [
  {
    name: 'core with the built-in transport',
    path: 'packages/core/dist/index.js',
    import: '{ createCallCardClient, frameTransport }',
  },
  {
    name: 'core with the default client (BX24 auto-detection + frame transport)',
    path: 'packages/core/dist/index.js',
    import: '{ getDefaultCallCardClient }',
  },
  {
    name: 'react adapter (core + react, react external)',
    path: 'packages/react/dist/index.js',
    import: '{ useCallCardEntity }',
    ignore: ['react'],
  },
  {
    name: 'vue adapter (core + vue, vue external)',
    path: 'packages/vue/dist/index.js',
    import: '{ useCallCardEntity }',
    ignore: ['vue'],
  },
].map((c) => ({ ...c, gzip: true }));

const file = at('.size-limit.json');
const write = async (checks) =>
  writeFileSync(
    file,
    await prettier.format(JSON.stringify(checks), { ...(await prettier.resolveConfig(file)), filepath: file }),
  );

/** Runs size-limit on the checks (limits removed) and returns their sizes in bytes. */
export async function sizeLimitFigures() {
  const previous = existsSync(file) ? readFileSync(file, 'utf8') : null;
  await write(CHECKS);
  try {
    const out = execFileSync(at('node_modules/.bin/size-limit'), ['--json'], { cwd: at('.'), encoding: 'utf8' });
    return JSON.parse(out).map((r) => ({ name: r.name, size: r.size }));
  } catch (e) {
    if (previous !== null) writeFileSync(file, previous); // keep the old limits
    throw e;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const figures = await sizeLimitFigures();
  await write(CHECKS.map((c, i) => ({ ...c, limit: `${Math.ceil(figures[i].size / 100) * 100} B` })));
  for (const f of figures) console.log(`${f.name}: ${f.size} B gzip → limit ${Math.ceil(f.size / 100) * 100} B`);
  console.log(`wrote ${file}`);
}

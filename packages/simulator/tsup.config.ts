import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.shared';

export default defineConfig([
  packageBuild({ index: 'src/index.ts' }, { platform: 'node', target: 'node20', shims: true }),
  packageBuild(
    { cli: 'src/cli.ts' },
    { platform: 'node', target: 'node20', format: ['esm'], dts: false, clean: false },
  ),
  // The portal page's script, for the browser.
  packageBuild(
    { page: 'src/page/main.ts' },
    {
      platform: 'browser',
      format: ['iife'],
      dts: false,
      clean: false,
      sourcemap: false,
      minify: true,
      splitting: false,
    },
  ),
]);

import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.shared';

export default defineConfig(
  packageBuild(
    { index: 'src/index.ts', testing: 'src/testing/index.ts' },
    // The public types name DOM types (the `window` option): consumers without the DOM lib get it.
    { dts: { banner: '/// <reference lib="dom" />' } },
  ),
);

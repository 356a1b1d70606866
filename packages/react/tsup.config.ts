import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.shared';

export default defineConfig(
  packageBuild(
    { index: 'src/index.ts' },
    { external: ['react', '@b24-callcard/core'], banner: { js: "'use client';" }, treeshake: false },
  ),
);

import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.shared';

export default defineConfig(
  packageBuild(
    { index: 'src/index.ts' },
    {
      external: ['react', '@b24-callcard/core'],
      banner: { js: "'use client';" },
      treeshake: false,
      // One entry: no shared chunks. Splitting would make the CJS build put helpers before the banner.
      splitting: false,
    },
  ),
);

import type { Options } from 'tsup';

/** One build config for every package: ESM + CJS + .d.ts, no minification (consumers minify). */
export const packageBuild = (entry: Record<string, string>, extra: Options = {}): Options => ({
  entry,
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  treeshake: true,
  splitting: true,
  target: 'es2020',
  outDir: 'dist',
  ...extra,
});

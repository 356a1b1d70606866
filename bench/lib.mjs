// Shared helpers of the benchmark scripts (plain Node ESM, no build step).
import { createRequire } from 'node:module';
import { realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const at = (...p) => join(ROOT, ...p);

export const median = (xs) => {
  const s = xs.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (!s.length) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Resolves a package the way `fromDir`'s own code would (pnpm keeps framework deps per package). */
export const requireFrom = (fromDir) => createRequire(join(fromDir, 'package.json'));

/** The file URL of `specifier` resolved from `fromDir`, symlinks followed (what Node's ESM loader uses). */
export const urlFrom = (fromDir, specifier) =>
  pathToFileURL(realpathSync(requireFrom(fromDir).resolve(specifier))).href;

/** The package folder of `name` as seen from `fromDir`. */
export const pkgDir = (fromDir, name) => dirname(realpathSync(requireFrom(fromDir).resolve(`${name}/package.json`)));

export const fmtBytes = (n) => (n >= 1000 ? `${(n / 1000).toFixed(2)} kB` : `${n} B`);
export const fmtMs = (n, digits = 1) => (Number.isFinite(n) ? `${n.toFixed(digits)} ms` : 'n/a');
export const fmtInt = (n) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : 'n/a');
export const mark = (ok) => (ok === null || ok === undefined ? '' : ok ? '✅ pass' : '❌ miss');
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

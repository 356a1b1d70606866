// `pnpm docs:check`: type-checks the code of the docs site against the workspace packages' sources.
//
// - Every ```ts, ```tsx and ```vue block of docs/**/*.md (not the generated docs/api/) is written
//   to its own module under node_modules/.cache/docs-check/<page>/. A block labelled with a file
//   name, as in a VitePress code group (```tsx [Worker.tsx]), is written under that name, so the
//   page's other blocks can import it (`import { Worker } from './Worker'`); labels are unique
//   per page. Blocks of different pages never see each other.
// - docs/snippets/ (the tested files the recipes import with `<<< @/snippets/...`) and the site
//   config are checked with them.
// - A block that is deliberately partial opts out with `no-check` in its fence: ```ts no-check.
//   Use it sparingly: a block that does not compile misleads whoever copies it.
// - A block may use, without declaring them, the names in GLOBALS below: `client` (a
//   CallCardClient, as a page's earlier block created it) and `App` (the app's root component).
//
// Errors are reported at their line in the Markdown file. vue-tsc checks .ts, .tsx and .vue alike.
// It also checks that every link to a heading (`events.md#errors`) finds that heading.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const docs = join(root, 'docs');
const out = join(root, 'node_modules/.cache/docs-check');

const GLOBALS = `import type { CallCardClient } from '@b24-callcard/core';

declare global {
  /** A call-card client, as \`createCallCardClient(...)\` returns it (created in an earlier block). */
  const client: CallCardClient;
  /** The app's root component (React or Vue). */
  function App(): null;
}
export {};
`;

const LANGS = { ts: 'ts', typescript: 'ts', tsx: 'tsx', vue: 'vue' };

/** Every Markdown page, except the generated API reference and VitePress's own folders. */
function pages(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) {
      return ['api', '.vitepress', 'node_modules'].includes(e.name) && dir === docs ? [] : pages(path);
    }
    return e.name.endsWith('.md') ? [path] : [];
  });
}

/** The code blocks of a Markdown page: `{ lang, line, code, skip }`, `line` being the fence's (1-based). */
function blocks(markdown) {
  const lines = markdown.split('\n');
  const found = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})\s*([\w-]*)(.*)$/.exec(lines[i]);
    if (!open) continue;
    const [, indent, fence, lang, meta] = open;
    const body = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const close = new RegExp(`^\\s*${fence[0]}{${fence.length},}\\s*$`);
      if (close.test(lines[j])) break;
      body.push(lines[j].startsWith(indent) ? lines[j].slice(indent.length) : lines[j].trimStart());
    }
    const label = /\[([\w.-]+\.(?:tsx?|vue))\]/.exec(meta)?.[1];
    found.push({
      lang: LANGS[lang.toLowerCase()],
      line: i + 1,
      code: body.join('\n'),
      skip: /\bno-check\b/.test(meta),
      label,
    });
    i = j;
  }
  return found.filter((b) => b.lang);
}

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'globals.d.ts'), GLOBALS);

/** Generated file (relative to `out`, with `/`) → where its block starts in the docs. */
const origin = new Map();
const problems = [];
let checked = 0;
let skipped = 0;
for (const page of pages(docs)) {
  const rel = relative(root, page);
  const dir = relative(docs, page).replace(/\.md$/, '').split(sep).join('/');
  mkdirSync(join(out, dir), { recursive: true });
  for (const b of blocks(readFileSync(page, 'utf8'))) {
    if (b.skip) {
      skipped++;
      continue;
    }
    const name = `${dir}/${b.label ?? `L${b.line}.${b.lang}`}`;
    if (origin.has(name)) {
      problems.push(`${rel}:${b.line}: a second block labelled ${b.label} (labels are file names: unique per page)`);
      continue;
    }
    // A module of its own (top-level await allowed, names never clash with another block's).
    writeFileSync(join(out, name), b.lang === 'vue' ? b.code + '\n' : b.code + '\nexport {};\n');
    origin.set(name, { page: rel, line: b.line });
    checked++;
  }
}

// Links to a heading (`page.md#heading`, `#heading`): VitePress checks that the page exists, not
// the heading. Headings are slugged as VitePress does.
const slugify = (text) =>
  text
    .normalize('NFKD')
    .replace(/[\u0300-\u036F]/g, '')
    // eslint-disable-next-line no-control-regex -- VitePress's slugify drops control characters
    .replace(/[\u0000-\u001f]/g, '')
    .replace(/[\s~`!@#$%^&*()\-_+=[\]{}|\\;:"'“”‘’<>,.?/]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-+|-+$/g, '')
    .replace(/^(\d)/, '_$1')
    .toLowerCase();
/** The lines of a page outside its code fences, with their numbers. */
const prose = (markdown) => {
  const lines = [];
  let fence = null;
  markdown.split('\n').forEach((text, i) => {
    const f = /^\s*(`{3,}|~{3,})/.exec(text)?.[1];
    if (fence ? f && f[0] === fence[0] && f.length >= fence.length : f) fence = fence ? null : f;
    else if (!fence) lines.push({ text, line: i + 1 });
  });
  return lines;
};
const anchors = new Map();
const anchorsOf = (page) => {
  if (!anchors.has(page)) {
    const seen = new Map();
    for (const { text } of prose(readFileSync(page, 'utf8'))) {
      const h = /^#{1,6}\s+(.*?)\s*(?:\{#([\w-]+)\})?\s*$/.exec(text);
      if (!h) continue;
      let slug = h[2] ?? slugify(h[1].replace(/\[([^\]]*)\]\([^)]*\)/g, '$1'));
      const n = seen.get(slug) ?? 0;
      seen.set(slug, n + 1);
      if (n > 0 && !h[2]) slug += `-${n}`;
    }
    anchors.set(page, new Set(seen.keys()));
  }
  return anchors.get(page);
};
for (const page of pages(docs)) {
  for (const { text, line } of prose(readFileSync(page, 'utf8'))) {
    for (const [, target, hash] of text.replace(/`[^`]*`/g, '').matchAll(/\]\(([^)\s#]*\.md|)#([^)\s]+)\)/g)) {
      const file = target ? join(dirname(page), target) : page;
      if (relative(docs, file).startsWith(`api${sep}`) || !existsSync(file)) continue; // generated / VitePress reports it
      if (!anchorsOf(file).has(decodeURIComponent(hash))) {
        problems.push(`${relative(root, page)}:${line}: no heading #${hash} in ${relative(root, file)}`);
      }
    }
  }
}
if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}

const up = relative(out, root).split(sep).join('/');
writeFileSync(
  join(out, 'tsconfig.json'),
  JSON.stringify(
    {
      extends: `${up}/tsconfig.base.json`,
      compilerOptions: { noEmit: true, types: ['node'], declaration: false },
      include: ['**/*.ts', '**/*.tsx', '**/*.vue', `${up}/docs/snippets/**/*`, `${up}/docs/.vitepress/config.ts`],
    },
    null,
    2,
  ),
);

const vueTsc = createRequire(import.meta.url).resolve('vue-tsc/bin/vue-tsc.js');
const run = spawnSync(process.execPath, [vueTsc, '--noEmit', '--pretty', 'false', '-p', join(out, 'tsconfig.json')], {
  cwd: root,
  encoding: 'utf8',
});
const report = `${run.stdout}${run.stderr}`
  // Point each error at the Markdown page and line it came from.
  .replace(
    /(?:[^\s(]*[\\/])?node_modules[\\/]\.cache[\\/]docs-check[\\/]([^\s(]+)\((\d+),(\d+)\)/g,
    (all, file, l, c) => {
      const o = origin.get(file.replaceAll('\\', '/'));
      return o ? `${o.page}:${o.line + Number(l)}:${c}` : all;
    },
  )
  .trim();
if (run.status !== 0) {
  console.error(report || `vue-tsc failed (${run.error?.message ?? `exit ${run.status}`})`);
  console.error(`docs:check: the docs' code does not compile (${checked} blocks checked)`);
  process.exit(1);
}
console.log(
  `docs:check: ${checked} code blocks, docs/snippets and the site config compile (${skipped} marked no-check)`,
);

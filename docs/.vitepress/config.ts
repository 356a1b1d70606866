import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type DefaultTheme } from 'vitepress';

const docs = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The guides and recipes, in reading order. Every page outside `api/` must be listed here. */
const guide: DefaultTheme.SidebarItem[] = [
  {
    text: 'Introduction',
    items: [
      { text: 'Getting started', link: '/guide/getting-started' },
      { text: 'The two placements', link: '/guide/placements' },
    ],
  },
  {
    text: 'The call card',
    items: [
      { text: 'Events', link: '/guide/events' },
      { text: 'Commands', link: '/guide/commands' },
      { text: 'Call state', link: '/guide/call-state' },
      { text: 'REST and tokens', link: '/guide/rest' },
    ],
  },
  {
    text: 'Shipping',
    items: [
      { text: 'Deploying to a portal', link: '/guide/deploying' },
      { text: 'Testing', link: '/guide/testing' },
      { text: 'Security', link: '/guide/security' },
      { text: 'Troubleshooting', link: '/guide/troubleshooting' },
    ],
  },
  {
    text: 'Migrating',
    items: [
      { text: 'From BX24', link: '/guide/migrating-from-bx24' },
      { text: 'From @bitrix24/b24jssdk', link: '/guide/migrating-from-b24jssdk' },
    ],
  },
  {
    text: 'Recipes',
    items: [
      { text: 'Save notes on hang-up', link: '/recipes/save-notes-on-hangup' },
      { text: 'CRM name as the card title', link: '/recipes/crm-name-as-title' },
      { text: 'Keep the tab open', link: '/recipes/keep-tab-open' },
      { text: 'Raise a call from a backend', link: '/recipes/raise-a-call-from-a-backend' },
    ],
  },
];

/** The API reference's sidebar, as TypeDoc wrote it (`pnpm docs:api`), with the packages' own names. */
function apiSidebar(): DefaultTheme.SidebarItem[] {
  const file = join(docs, 'api/typedoc-sidebar.json');
  if (!existsSync(file)) throw new Error('docs/api is missing: run `pnpm docs:api` (TypeDoc) first');
  const items = JSON.parse(readFileSync(file, 'utf8')) as DefaultTheme.SidebarItem[];
  // core has two entry points, which TypeDoc names after their files: name them as they are
  // imported (as scripts/typedoc-module-names.mjs does for the pages' titles).
  for (const pkg of items) {
    for (const mod of pkg.items ?? []) {
      if (!mod.link || mod.link.endsWith('.md') || mod.text?.startsWith(pkg.text!)) continue;
      mod.text = mod.text === 'index' ? pkg.text : `${pkg.text}/${mod.text}`;
    }
  }
  return [{ text: 'API reference', link: '/api/', items }];
}

/** Every page outside `api/` is in the sidebar, and every sidebar link is a page. */
function checkSidebar(): void {
  const links = new Set<string>();
  const walk = (items: DefaultTheme.SidebarItem[]): void =>
    items.forEach((i) => (i.link && links.add(i.link), walk(i.items ?? [])));
  walk(guide);
  const pages = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? pages(join(dir, e.name)) : e.name.endsWith('.md') ? [join(dir, e.name)] : [],
    );
  const found = ['guide', 'recipes']
    .filter((d) => existsSync(join(docs, d)))
    .flatMap((d) => pages(join(docs, d)))
    .map((f) => '/' + relative(docs, f).replace(/\.md$/, ''));
  const problems = [
    ...[...links].filter((l) => !found.includes(l)).map((l) => `the sidebar links ${l}, which has no page`),
    ...found.filter((p) => !links.has(p)).map((p) => `${p}.md is not in the sidebar (docs/.vitepress/config.ts)`),
  ];
  if (problems.length === 0) return;
  const message = `docs: ${problems.join('; ')}`;
  // A build must be complete; the dev server only warns, so that a page can be written step by step.
  if (process.argv.includes('build')) throw new Error(message);
  console.warn(message);
}

checkSidebar();

export default defineConfig({
  title: 'b24-callcard',
  description:
    'Typed building blocks for Bitrix24 telephony apps: call-card events for React and Vue, and a local portal simulator.',
  lang: 'en-US',
  cleanUrls: true,
  lastUpdated: false,
  // The local search index (about 0.8 MB, the API reference included) is one chunk, loaded when
  // the search opens: above Vite's default warning size, and meant to be.
  vite: { build: { chunkSizeWarningLimit: 1024 } },
  themeConfig: {
    nav: [
      { text: 'Guide', link: '/guide/getting-started', activeMatch: '^/guide/' },
      { text: 'Recipes', link: '/recipes/save-notes-on-hangup', activeMatch: '^/recipes/' },
      { text: 'API', link: '/api/', activeMatch: '^/api/' },
    ],
    sidebar: { '/guide/': guide, '/recipes/': guide, '/api/': apiSidebar() },
    outline: { level: [2, 3] },
    search: { provider: 'local' },
    socialLinks: [{ icon: 'github', link: 'https://github.com/b24-callcard/b24-callcard' }],
    footer: { message: 'MIT License' },
  },
});

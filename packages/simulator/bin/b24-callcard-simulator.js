#!/usr/bin/env node
// The command's entry. It lives outside dist/ so that package managers can link it at install
// time, before anything is built; it runs the built CLI.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(fileURLToPath(cli))) {
  console.error('The simulator is not built yet: run `pnpm build` at the repository root first.');
  process.exit(1);
}
await import(cli.href);

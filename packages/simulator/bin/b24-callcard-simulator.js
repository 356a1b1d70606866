#!/usr/bin/env node
// The command's entry. It lives outside dist/ so that package managers can link it at install
// time, before anything is built; it runs the built CLI.
import('../dist/cli.js').catch((error) => {
  if (error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/cli.js')) {
    console.error('The simulator is not built yet: run `pnpm build` at the repository root first.');
    process.exit(1);
  }
  throw error;
});

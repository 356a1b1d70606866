import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The built packages as a consumer gets them (dist/, not the sources the unit tests read).
const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = (name: string) => join(root, 'packages', name);

describe('the built packages, as a consumer uses them', () => {
  it("the React CJS build starts with 'use client' (a directive only counts as the first statement)", () => {
    for (const file of ['index.cjs', 'index.js']) {
      expect(readFileSync(join(pkg('react'), 'dist', file), 'utf8').startsWith("'use client';"), file).toBe(true);
    }
  });

  it('core type-checks in a project without the DOM lib and with an ES2020 lib', () => {
    const dir = mkdtempSync(join(tmpdir(), 'b24-consumer-'));
    mkdirSync(join(dir, 'node_modules', '@b24-callcard'), { recursive: true });
    symlinkSync(pkg('core'), join(dir, 'node_modules', '@b24-callcard', 'core'));
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'es2020',
          module: 'node16',
          moduleResolution: 'node16',
          lib: ['es2020'],
          types: [],
          strict: true,
          noEmit: true,
          skipLibCheck: false,
        },
        files: ['consumer.ts'],
      }),
    );
    writeFileSync(
      join(dir, 'consumer.ts'),
      `import { createCallCardClient, frameTransport, CallCardTransportError } from '@b24-callcard/core';
const client = createCallCardClient({ transport: frameTransport({ allowedHosts: ['*.bitrix24.com'] }) });
const cause: unknown = new CallCardTransportError('x', 1).cause;
const entity = client.getState().entity;
// @ts-expect-error the phone number may be null
const phone: string = entity!.phoneNumber;
export { cause, phone };
`,
    );
    const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    const run = () => execFileSync(process.execPath, [tsc, '-p', dir], { encoding: 'utf8', stdio: 'pipe' });
    expect(run).not.toThrow();
  });

  it('its CJS and ESM builds loaded together agree on errors and share one default client', () => {
    const script = `
      const cjs = require(${JSON.stringify(pkg('core'))});
      import(${JSON.stringify(join(pkg('core'), 'dist', 'index.js'))}).then((esm) => {
        // No window here: the ESM transport's unsupported error must read as unsupported in the CJS client.
        const client = cjs.createCallCardClient({ transport: esm.autoTransport(), onError: () => {} });
        client.start();
        const { status, error } = client.getState();
        console.log(JSON.stringify({
          status, code: error.code, reason: error.reason,
          shared: cjs.getDefaultCallCardClient() === esm.getDefaultCallCardClient(),
        }));
      });`;
    const out = execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual({ status: 'unsupported', code: 'UNSUPPORTED', reason: 'NO_WINDOW', shared: true });
  });
});

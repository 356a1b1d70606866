import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The allowedHosts warning is for development only: a production bundle must not carry it.
const bundle = async (nodeEnv: string): Promise<string> => {
  const r = await build({
    stdin: {
      contents: `import { frameTransport } from './frameTransport'; console.log(frameTransport());`,
      resolveDir: fileURLToPath(new URL('.', import.meta.url)),
      loader: 'ts',
    },
    bundle: true,
    minify: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    define: { 'process.env.NODE_ENV': JSON.stringify(nodeEnv) },
    logLevel: 'silent',
  });
  return r.outputFiles[0]!.text;
};

describe('frameTransport in user bundles', () => {
  it('keeps the allowedHosts warning in development builds and drops it from production builds', async () => {
    expect(await bundle('development')).toContain('without allowedHosts');
    const production = await bundle('production');
    expect(production).not.toContain('without allowedHosts');
    expect(production).not.toContain('console.warn');
  });
});

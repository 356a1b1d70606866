import { buildSync } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Minifiers rename classes, so an error's `name` must not come from its constructor's name. This
// bundles core the way an app's production build does and checks every error class there.
describe('error names in a minified bundle', () => {
  const { outputFiles } = buildSync({
    entryPoints: [fileURLToPath(new URL('./index.ts', import.meta.url))],
    bundle: true,
    minify: true,
    format: 'cjs',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
  });
  const code = outputFiles[0]!.text;
  const mod = { exports: {} as Record<string, new (...args: unknown[]) => Error> };
  new Function('module', 'exports', code)(mod, mod.exports);
  const classes = [
    'CallCardError',
    'CallCardPayloadError',
    'CallCardUnsupportedError',
    'CallCardTransportError',
    'CallCardListenerError',
    'CallCardRestError',
    'CallCardRegistrationError',
  ];

  it('the bundle really renamed the classes', () => {
    expect(code).not.toMatch(/class CallCard\w*Error/);
  });

  it.each(classes)('%s keeps its name', (name) => {
    const Ctor = mod.exports[name]!;
    expect(typeof Ctor).toBe('function');
    const error = new Ctor('A', 'b', 'c', 1);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe(name);
    expect(String(error)).toMatch(new RegExp(`^${name}: `));
  });
});

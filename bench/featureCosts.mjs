// What single features of the default client cost in a bundle: the core-only worker is bundled
// from core's sources as it is, and again with one module swapped for a stub that drops that
// feature (same exports, so the rest of the code is unchanged). The difference is the feature's
// share of the gzip size. The stubs exist only here, for measuring; nothing ships them.
import { at } from './lib.mjs';
import { bundle, frameworkFreeWorker } from './sizes.mjs';

const STUBS = {
  // BX24 auto-detection off: the default transport is the built-in frame transport alone.
  bx24: {
    file: 'transports/autoTransport.ts',
    contents: `import { frameTransport } from './frameTransport';
export const autoTransport = frameTransport;`,
  },
  // Only entityChanged: client.on knows no other event, so no rules for the other 16.
  events: {
    file: 'events.ts',
    contents: `import { parseEntityChangedPayload } from './parseEntityChangedPayload';
export const CALL_CARD_EVENTS = ['entityChanged'];
export const callCardEventName = (placement) =>
  placement === 'PAGE_BACKGROUND_WORKER' ? 'BackgroundCallCard::entityChanged' : placement === 'CALL_CARD' ? 'CallCard::EntityChanged' : null;
export function parseCallCardEvent(event, raw) {
  const r = parseEntityChangedPayload(raw);
  return r.ok ? { ok: true, value: r.entity } : r;
}`,
  },
};

const WORKER = frameworkFreeWorker('createCallCardClient', './packages/core/src/index.ts');

async function gz(stubbed) {
  const files = new Map(stubbed.map((k) => [at('packages/core/src', STUBS[k].file), STUBS[k].contents]));
  const stub = {
    name: 'stub',
    setup(b) {
      b.onLoad({ filter: /packages[\\/]core[\\/]src[\\/].*\.ts$/ }, (args) =>
        files.has(args.path) ? { contents: files.get(args.path), loader: 'ts' } : undefined,
      );
    },
  };
  return (await bundle({ stdin: WORKER, resolveDir: at('.'), loader: 'ts', plugins: [stub] })).gzip;
}

export async function measureFeatureCosts() {
  const full = await gz([]);
  const noBx24 = await gz(['bx24']);
  const noEvents = await gz(['events']);
  const neither = await gz(['bx24', 'events']);
  return { full, bx24: full - noBx24, events: full - noEvents, neither };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(await measureFeatureCosts());
}

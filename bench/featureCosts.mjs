// What single features add to the entity-only worker (built-in frame transport): the worker is
// bundled as it is and again using one more feature, exactly as a user would write it. The
// difference is what a worker pays for that feature; a worker that does not use it pays nothing.
import { at } from './lib.mjs';
import { bundle, frameWorker } from './sizes.mjs';

const FEATURES = {
  events: [
    "one more event: `onCallCardEvent(client, 'hangupButtonClick', …)`",
    'onCallCardEvent',
    "onCallCardEvent(client, 'hangupButtonClick', () => console.log('bye'));",
  ],
  callState: [
    'call state: `getCallStateStore(client).subscribe(…)`',
    'getCallStateStore',
    'getCallStateStore(client).subscribe(console.log);',
  ],
  commands: [
    "commands: `callCardCommand(client, 'CallCardSetStatusText', …)`",
    'callCardCommand',
    "callCardCommand(client, 'CallCardSetStatusText', { statusText: 'VIP' }).catch(console.error);",
  ],
  rest: [
    'REST with token refresh: `createRestCaller(client)(…)`',
    'createRestCaller',
    "createRestCaller(client)('user.current').then(console.log);",
  ],
  allowedHosts: ['`allowedHosts` (same worker, `frameTransport({ allowedHosts })`)', null, null],
};

const gz = async (stdin) => (await bundle({ stdin, resolveDir: at('packages/react') })).gzip;

export async function measureFeatureCosts() {
  const base = await gz(frameWorker());
  const out = { base, rows: [] };
  for (const [label, name, code] of Object.values(FEATURES)) {
    const with_ = name
      ? await gz(frameWorker(name, code))
      : await gz(frameWorker().replace('frameTransport()', "frameTransport({ allowedHosts: ['*.bitrix24.com'] })"));
    out.rows.push({ label, bytes: with_ - base });
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(await measureFeatureCosts());
}

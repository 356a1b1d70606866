/** What the REST log shows of a call's parameters: tokens masked, every part bounded. */
import { SECRET_KEYS } from '../protocol';

/** Keys whose values are secrets (the same list the message log masks): shown as their first 4 characters and `…`. */
const SECRET = new RegExp(`^(${SECRET_KEYS})$`, 'i');

/** Longest string value shown. */
export const MAX_STRING = 200;
/** Most keys (or items) shown of one object (or array). */
export const MAX_KEYS = 50;
/** Deepest nesting shown. */
export const MAX_DEPTH = 5;
/** Longest logged parameters, as JSON; larger ones are replaced by a preview. */
export const MAX_PARAMS = 4000;

/** `abcdef…` → `abcd…`. */
export const maskSecret = (value: unknown): string => {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? '');
  return `${text.slice(0, 4)}…`;
};

const cut = (text: string): string =>
  text.length <= MAX_STRING ? text : `${text.slice(0, MAX_STRING)}… (${text.length - MAX_STRING} more characters)`;

function bounded(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return cut(value);
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= MAX_DEPTH) return Array.isArray(value) ? '[…]' : '{…}';
  if (Array.isArray(value)) {
    const items = value.slice(0, MAX_KEYS).map((v) => bounded(v, depth + 1));
    if (value.length > MAX_KEYS) items.push(`… (${value.length - MAX_KEYS} more items)`);
    return items;
  }
  const out: Record<string, unknown> = {};
  let count = 0;
  let more = 0;
  for (const key in value) {
    if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
    if (count >= MAX_KEYS) {
      more++;
      continue;
    }
    count++;
    const v = (value as Record<string, unknown>)[key];
    // defineProperty: a `__proto__` key stays a plain key of the copy.
    Object.defineProperty(out, cut(key), {
      value: SECRET.test(key) && v !== undefined && v !== null && v !== '' ? maskSecret(v) : bounded(v, depth + 1),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  if (more) out['…'] = `${more} more keys`;
  return out;
}

/**
 * The parameters of a REST call as the log shows them: secrets (`auth`, `AUTH_ID`, `REFRESH_ID`,
 * `access_token`, …, at any depth) masked, strings cut at {@link MAX_STRING}, objects and arrays at
 * {@link MAX_KEYS} entries and {@link MAX_DEPTH} levels; if the result is still over
 * {@link MAX_PARAMS} characters of JSON, `{ '…': 'N characters', preview }` instead. A 1 MB body
 * therefore costs a few kilobytes in the log, in the page and in every event-stream client.
 */
export function logParams(params: Record<string, unknown>): Record<string, unknown> {
  const shown = bounded(params, 0) as Record<string, unknown>;
  const json = JSON.stringify(shown);
  if (json.length <= MAX_PARAMS) return shown;
  return { '…': `parameters cut: ${json.length} characters`, preview: json.slice(0, 1000) };
}

// jsdom globals for React and Vue in Node, and the frameworks resolved where the adapters find them.
import { JSDOM } from 'jsdom';
import { at, pkgDir, urlFrom } from './lib.mjs';

export function installDom() {
  const dom = new JSDOM('<!doctype html><html><body></body></html>', {
    url: 'http://localhost/',
    pretendToBeVisual: true,
  });
  const w = dom.window;
  globalThis.window = w;
  globalThis.document = w.document;
  for (const k of [
    'navigator',
    'HTMLElement',
    'Element',
    'Node',
    'Text',
    'Comment',
    'SVGElement',
    'MutationObserver',
    'Event',
    'CustomEvent',
    'getComputedStyle',
    'requestAnimationFrame',
    'cancelAnimationFrame',
  ]) {
    if (!(k in globalThis) || k === 'navigator') {
      try {
        globalThis[k] = typeof w[k] === 'function' && !/^[A-Z]/.test(k) ? w[k].bind(w) : w[k];
      } catch {
        Object.defineProperty(globalThis, k, { value: w[k], configurable: true });
      }
    }
  }
  globalThis.IS_REACT_ACT_ENVIRONMENT = true;
  return dom;
}

export const core = () => import(at('packages/core/dist/index.js'));
export const testing = () => import(at('packages/core/dist/testing.js'));

/** React, react-dom/client and our adapter: one React instance, the one the adapter imports. */
export async function loadReact() {
  const dir = at('packages/react');
  const React = await import(urlFrom(dir, 'react'));
  const client = await import(urlFrom(dir, 'react-dom/client'));
  const adapter = await import(at('packages/react/dist/index.js'));
  return {
    React: React.default ?? React,
    createRoot: client.createRoot ?? client.default.createRoot,
    act: (React.default ?? React).act,
    adapter,
  };
}

/** Vue and our adapter: vue's Node ESM entry (index.mjs) re-exports its CJS build, as the adapter sees it. */
export async function loadVue() {
  const dir = at('packages/vue');
  const vue = await import(new URL('index.mjs', `file://${pkgDir(dir, 'vue')}/`).href);
  const adapter = await import(at('packages/vue/dist/index.js'));
  return { vue, adapter };
}

import type { App, InjectionKey } from 'vue';
import { getDefaultCallCardClient, type CallCardClient } from '@b24-callcard/core';
import { tryInject } from './scope';

/** The injection key under which {@link callCardPlugin} provides the client. */
export const CALL_CARD_CLIENT_KEY: InjectionKey<CallCardClient> = Symbol('b24-callcard-client');

/** Options of {@link callCardPlugin}. */
export interface CallCardPluginOptions {
  /** The client the app's composables use. Default: the page's default client. */
  readonly client?: CallCardClient;
}

/**
 * Provides a call-card client to the whole app.
 *
 * @example
 * createApp(App).use(callCardPlugin, { client: createCallCardClient({ transport }) }).mount('#app');
 */
export const callCardPlugin = {
  install(app: App, options: CallCardPluginOptions = {}): void {
    app.provide(CALL_CARD_CLIENT_KEY, options.client ?? getDefaultCallCardClient());
  },
};

/**
 * The client a composable should use: the one given, else the one {@link callCardPlugin} (or a
 * parent's `provide`) put in scope, else the page's default client. Safe outside components.
 */
export function useCallCardClient(client?: CallCardClient): CallCardClient {
  return client ?? tryInject(CALL_CARD_CLIENT_KEY) ?? getDefaultCallCardClient();
}

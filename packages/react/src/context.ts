'use client';
import { createContext, createElement, useContext, type ReactNode } from 'react';
import { getDefaultCallCardClient, type CallCardClient } from '@b24-callcard/core';

const CallCardContext = createContext<CallCardClient | null>(null);

/** Props of {@link CallCardProvider}. */
export interface CallCardProviderProps {
  /** The client the hooks below this provider use. */
  readonly client: CallCardClient;
  /** The subtree. */
  readonly children?: ReactNode;
}

/**
 * Provides a call-card client to the hooks below it (tests, a custom transport, several clients).
 *
 * @example
 * <CallCardProvider client={createCallCardClient({ transport: frameTransport({ allowedHosts: ['*.bitrix24.com'] }) })}>
 *   <App />
 * </CallCardProvider>
 */
export function CallCardProvider({ client, children }: CallCardProviderProps): ReactNode {
  return createElement(CallCardContext.Provider, { value: client }, children);
}

/**
 * The client a hook should use: the one given, else the nearest {@link CallCardProvider}'s, else
 * the page's default client (`getDefaultCallCardClient()`).
 */
export function useCallCardClient(client?: CallCardClient): CallCardClient {
  const fromContext = useContext(CallCardContext);
  return client ?? fromContext ?? getDefaultCallCardClient();
}

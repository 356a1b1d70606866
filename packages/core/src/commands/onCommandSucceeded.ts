import type { CallCardClient } from '../client/createCallCardClient';
import type { Unsubscribe } from '../types';

/** A command that succeeded, with the parameters that were sent. */
export type CommandListener = (command: string, params: Readonly<Record<string, unknown>>) => void;

const listeners = new WeakMap<CallCardClient, Set<CommandListener>>();

/**
 * @internal Calls `listener` after each command of `client` that succeeded (the portal does not
 * echo a command as a button event: the call state follows commands through this).
 */
export function onCommandSucceeded(client: CallCardClient, listener: CommandListener): Unsubscribe {
  let set = listeners.get(client);
  if (!set) listeners.set(client, (set = new Set()));
  set.add(listener);
  return () => void set.delete(listener);
}

/** @internal Tells the listeners of `client` that `command` succeeded. */
export function commandSucceeded(
  client: CallCardClient,
  command: string,
  params: Readonly<Record<string, unknown>>,
): void {
  for (const l of [...(listeners.get(client) ?? [])]) {
    try {
      l(command, params);
    } catch (e) {
      client.report(e);
    }
  }
}

import { shallowRef } from 'vue';

/**
 * The last problem the client survived (an invalid payload, a failed bind...), for the page to
 * show. The client reports these to `onError` and keeps working; its state is left as it was.
 */
export const lastProblem = shallowRef<Error | null>(null);

/** The client's `onError`: logs the problem and keeps it for the page. */
export const reportProblem = (e: unknown): void => {
  console.error(e);
  lastProblem.value = e instanceof Error ? e : new Error(String(e));
};

/** Bitrix24's REST answer shapes. */

/** A REST answer: HTTP status and the JSON body Bitrix24 would send. */
export interface RestAnswer {
  status: number;
  body: Record<string, unknown>;
}

/** An error answer: `{ error, error_description }`. */
export const restError = (status: number, error: string, description: string): RestAnswer => ({
  status,
  body: { error, error_description: description },
});

/** A success answer: `{ result, ...extra, time }`, `time` as the portal reports it (all at `now`). */
export const restResult = (result: unknown, extra: Record<string, unknown> = {}, now = Date.now()): RestAnswer => {
  const seconds = now / 1000;
  const date = new Date(now).toISOString();
  return {
    status: 200,
    body: {
      result,
      ...extra,
      time: { start: seconds, finish: seconds, duration: 0, processing: 0, date_start: date, date_finish: date },
    },
  };
};

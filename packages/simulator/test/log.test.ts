import { describe, expect, it } from 'vitest';
import { createLog, MAX_TOTAL } from '../src/page/log';
import { LOG_LINE_MAX } from '../src/protocol';

describe('the page log', () => {
  it('masks tokens and cuts each line', () => {
    const log = createLog(() => 0);
    const e = log.add('portal→app', 'app', `cb:{"AUTH_ID":"0123456789abcdef"}${'x'.repeat(LOG_LINE_MAX * 3)}`);
    expect(e.text).not.toContain('0123456789abcdef');
    expect(e.text.length).toBeLessThan(LOG_LINE_MAX + 40);
  });

  it('keeps its total size capped however many 1 MB messages arrive', () => {
    const log = createLog(() => 0);
    const big = 'y'.repeat(1_000_000);
    for (let i = 0; i < 5000; i++) log.add('app→portal', 'app', big);
    expect(log.size).toBeLessThanOrEqual(MAX_TOTAL);
    expect(log.entries.length).toBeLessThanOrEqual(Math.ceil(MAX_TOTAL / LOG_LINE_MAX) + 1);
    expect(log.entries.at(-1)!.text.startsWith('yyyy')).toBe(true);
  });
});

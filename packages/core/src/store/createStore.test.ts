import { afterEach, describe, expect, it, vi } from 'vitest';
import { CallCardListenerError, createStore, type Store } from '@b24-callcard/core';

afterEach(() => vi.restoreAllMocks());

describe('createStore: state and identity', () => {
  it('starts with the initial state and keeps the same value until a real change', () => {
    const initial = { n: 0 };
    const store = createStore(initial);
    const listener = vi.fn();
    store.subscribe(listener);
    expect(store.getState()).toBe(initial);
    store.setState(initial);
    expect(listener).not.toHaveBeenCalled();
    const next = { n: 0 }; // equal but not identical: a change
    store.setState(next);
    expect(store.getState()).toBe(next);
    expect(listener).toHaveBeenCalledTimes(1);
    expect(listener).toHaveBeenCalledWith(next, initial);
  });

  it('compares with Object.is: NaN is NaN, +0 is not -0', () => {
    const store = createStore(NaN);
    const listener = vi.fn();
    store.subscribe(listener);
    store.setState(NaN);
    expect(listener).not.toHaveBeenCalled();
    store.setState(0);
    store.setState(-0);
    expect(listener.mock.calls).toEqual([
      [0, NaN],
      [-0, 0],
    ]);
    expect(Object.is(store.getState(), -0)).toBe(true);
  });

  it('getServerState returns the initial state, whatever happened since', () => {
    const initial = { n: 0 };
    const store = createStore(initial);
    store.subscribe(() => {});
    store.setState({ n: 1 });
    store.setState({ n: 2 });
    expect(store.getServerState()).toBe(initial);
    expect(store.getState()).toEqual({ n: 2 });
  });
});

describe('createStore: notification', () => {
  it('calls every listener with the new and the previous state, in subscription order', () => {
    const store = createStore('a');
    const calls: string[] = [];
    store.subscribe((s, prev) => calls.push(`1:${prev}->${s}`));
    store.subscribe((s, prev) => calls.push(`2:${prev}->${s}`));
    store.setState('b');
    expect(calls).toEqual(['1:a->b', '2:a->b']);
  });

  it('delivers a change made by a listener after the current one, in order, to every listener', () => {
    const store = createStore(0);
    const calls: string[] = [];
    store.subscribe((s, prev) => {
      calls.push(`A:${prev}->${s}`);
      if (s < 3) store.setState(s + 1);
    });
    store.subscribe((s, prev) => calls.push(`B:${prev}->${s}`));
    store.subscribe((s, prev) => calls.push(`C:${prev}->${s}`));
    store.setState(1);
    expect(calls).toEqual(['A:0->1', 'B:0->1', 'C:0->1', 'A:1->2', 'B:1->2', 'C:1->2', 'A:2->3', 'B:2->3', 'C:2->3']);
    expect(store.getState()).toBe(3);
  });

  it('a re-entrant change back to the previous value is still delivered in order', () => {
    const store = createStore('x');
    const seen: string[] = [];
    store.subscribe((s) => s === 'y' && store.setState('x'));
    store.subscribe((s, prev) => seen.push(`${prev}->${s}`));
    store.setState('y');
    expect(seen).toEqual(['x->y', 'y->x']);
    expect(store.getState()).toBe('x');
  });

  it('does not call a listener removed before its turn', () => {
    const store = createStore(0);
    const second = vi.fn();
    let offSecond = () => {};
    store.subscribe(() => offSecond());
    offSecond = store.subscribe(second);
    store.setState(1);
    expect(second).not.toHaveBeenCalled();
    store.setState(2);
    expect(second).not.toHaveBeenCalled();
  });

  it('does not deliver a queued change to a listener removed while an earlier change was delivered', () => {
    const store = createStore(0);
    const late = vi.fn();
    let offLate = () => {};
    store.subscribe((s) => {
      if (s === 1) {
        store.setState(2); // queued behind the current delivery
        offLate();
      }
    });
    offLate = store.subscribe(late);
    store.setState(1);
    expect(late).not.toHaveBeenCalled();
    expect(store.getState()).toBe(2);
  });

  it('keeps two subscriptions of the same function apart; unsubscribing twice is harmless', () => {
    const store = createStore(0);
    const fn = vi.fn();
    const off = store.subscribe(fn);
    store.subscribe(fn);
    off();
    off();
    store.setState(1);
    expect(fn).toHaveBeenCalledTimes(1);
  });
});

describe('createStore: errors', () => {
  it('reports a throwing listener as a CallCardListenerError holding what it threw; the others still run', () => {
    const onError = vi.fn();
    const store = createStore(0, { onError });
    const boom = new Error('boom');
    const before = vi.fn();
    const after = vi.fn();
    store.subscribe(before);
    store.subscribe(() => {
      throw boom;
    });
    store.subscribe(after);
    store.setState(1);
    expect(before).toHaveBeenCalledWith(1, 0);
    expect(after).toHaveBeenCalledWith(1, 0);
    expect(onError).toHaveBeenCalledTimes(1);
    const error = onError.mock.calls[0]![0];
    expect(error).toBeInstanceOf(CallCardListenerError);
    expect(error.code).toBe('LISTENER');
    expect(error.cause).toBe(boom);
  });

  it('keeps any thrown value as the cause', () => {
    const onError = vi.fn();
    const store = createStore(0, { onError });
    store.subscribe(() => {
      throw 'a string';
    });
    store.setState(1);
    expect(onError.mock.calls[0]![0].cause).toBe('a string');
  });

  it('a throw in one re-entrant round does not stop the next one', () => {
    const onError = vi.fn();
    const store = createStore(0, { onError });
    const seen: number[] = [];
    store.subscribe((s) => {
      if (s === 1) {
        store.setState(2);
        throw new Error('after queueing');
      }
    });
    store.subscribe((s) => seen.push(s));
    store.setState(1);
    expect(seen).toEqual([1, 2]);
    expect(onError).toHaveBeenCalledTimes(1);
  });

  it('defaults onError to console.error', () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    const store = createStore(0);
    store.subscribe(() => {
      throw new Error('x');
    });
    store.setState(1);
    expect(spy).toHaveBeenCalledTimes(1);
    expect(spy.mock.calls[0]![0]).toBeInstanceOf(CallCardListenerError);
  });

  it('an onError that throws does not stop the notification', () => {
    const onError = vi.fn(() => {
      throw new Error('onError broke');
    });
    const store = createStore(0, { onError });
    const good = vi.fn();
    store.subscribe(() => {
      throw new Error('first');
    });
    store.subscribe(() => {
      throw new Error('second');
    });
    store.subscribe(good);
    expect(() => store.setState(1)).not.toThrow();
    expect(onError).toHaveBeenCalledTimes(2);
    expect(good).toHaveBeenCalledWith(1, 0);
    // The store still works afterwards.
    store.setState(2);
    expect(good).toHaveBeenLastCalledWith(2, 1);
  });
});

describe('createStore: onFirstSubscribe', () => {
  it('runs on every 0 → 1 subscriber transition, and only then', () => {
    const onFirstSubscribe = vi.fn();
    const store = createStore(0, { onFirstSubscribe });
    expect(onFirstSubscribe).not.toHaveBeenCalled();
    const offA = store.subscribe(() => {});
    expect(onFirstSubscribe).toHaveBeenCalledTimes(1);
    const offB = store.subscribe(() => {});
    expect(onFirstSubscribe).toHaveBeenCalledTimes(1);
    offA();
    offA(); // a second unsubscribe does not count
    expect(onFirstSubscribe).toHaveBeenCalledTimes(1);
    offB();
    store.subscribe(() => {});
    expect(onFirstSubscribe).toHaveBeenCalledTimes(2);
  });

  it('runs after the listener is in: a change made from it reaches the first subscriber', () => {
    const listener = vi.fn();
    const store: Store<number> = createStore(0, { onFirstSubscribe: () => store.setState(1) });
    store.subscribe(listener);
    expect(listener).toHaveBeenCalledWith(1, 0);
  });

  it('setState alone never calls it', () => {
    const onFirstSubscribe = vi.fn();
    const store = createStore(0, { onFirstSubscribe });
    store.setState(1);
    expect(onFirstSubscribe).not.toHaveBeenCalled();
    expect(store.getState()).toBe(1);
  });
});

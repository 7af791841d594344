import { describe, expect, it, vi } from 'vitest';
import { Busy } from './busy.svelte';
import type { IpcError } from './types';

/** A promise the test settles by hand, to look at the state while a run is under way. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const wrongPin: IpcError = { code: 'pin_wrong', message: 'wrong PIN', wait_seconds: null, remaining: 2, fields: [] };

describe('Busy', () => {
  it('starts idle with no error', () => {
    const action = new Busy();
    expect(action.busy).toBe(false);
    expect(action.error).toBeNull();
  });

  it('is busy while the task runs, then returns its result and is idle', async () => {
    const action = new Busy();
    const gate = deferred<string>();
    const running = action.run(() => gate.promise);
    expect(action.busy).toBe(true);
    gate.resolve('done');
    await expect(running).resolves.toBe('done');
    expect(action.busy).toBe(false);
    expect(action.error).toBeNull();
  });

  it('calls the task at once, in the same tick', () => {
    const action = new Busy();
    const task = vi.fn(async () => {});
    void action.run(task);
    expect(task).toHaveBeenCalledOnce();
  });

  it('accepts a task that does not return a promise', async () => {
    const action = new Busy();
    await expect(action.run(() => 42)).resolves.toBe(42);
    expect(action.busy).toBe(false);
  });

  it('stores what the task threw, as thrown, returns undefined and is idle', async () => {
    const action = new Busy();
    const gate = deferred<string>();
    const running = action.run(() => gate.promise);
    expect(action.busy).toBe(true);
    gate.reject(wrongPin);
    await expect(running).resolves.toBeUndefined();
    expect(action.busy).toBe(false);
    expect(action.error).toBe(wrongPin);
  });

  it('also stores a synchronous throw', async () => {
    const action = new Busy();
    const boom = new Error('boom');
    await expect(
      action.run(() => {
        throw boom;
      }),
    ).resolves.toBeUndefined();
    expect(action.error).toBe(boom);
    expect(action.busy).toBe(false);
  });

  it('clears the previous error when the next run starts, and keeps it off after success', async () => {
    const action = new Busy();
    await action.run(() => Promise.reject(wrongPin));
    expect(action.error).toBe(wrongPin);

    const gate = deferred<number>();
    const running = action.run(() => gate.promise);
    expect(action.error).toBeNull();
    gate.resolve(1);
    await running;
    expect(action.error).toBeNull();
  });

  it('keeps an error the task reported itself when the task then succeeds', async () => {
    const action = new Busy();
    await action.run(async () => {
      action.error = wrongPin;
    });
    expect(action.error).toBe(wrongPin);
  });

  it('ignores a second run while one is under way', async () => {
    const action = new Busy();
    const gate = deferred<string>();
    const first = action.run(() => gate.promise);
    const second = vi.fn(async () => 'second');

    await expect(action.run(second)).resolves.toBeUndefined();
    expect(second).not.toHaveBeenCalled();
    expect(action.busy).toBe(true);

    gate.resolve('first');
    await expect(first).resolves.toBe('first');
    expect(action.busy).toBe(false);
  });

  it('does not clear the error of the run under way when a second run is ignored', async () => {
    const action = new Busy();
    action.error = wrongPin;
    const gate = deferred<void>();
    const first = action.run(() => gate.promise);
    action.error = wrongPin;
    await action.run(async () => {});
    expect(action.error).toBe(wrongPin);
    gate.resolve();
    await first;
  });

  it('runs again once the previous run has finished', async () => {
    const action = new Busy();
    await action.run(async () => 'one');
    await expect(action.run(async () => 'two')).resolves.toBe('two');
  });
});

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { installLockGuard } from './lockGuard';

function setVisibility(state: 'hidden' | 'visible') {
  Object.defineProperty(document, 'visibilityState', { value: state, configurable: true });
  document.dispatchEvent(new Event('visibilitychange'));
}

describe('lock guard', () => {
  let remove: () => void = () => {};
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => {
    remove();
    setVisibility('visible');
    vi.useRealTimers();
  });

  function install(active = true, idle = 60) {
    const lock = vi.fn(async () => null);
    const showUnlock = vi.fn();
    remove = installLockGuard({ shouldLock: () => active, lock, showUnlock, idleSeconds: () => idle });
    return { lock, showUnlock };
  }

  it('locks when the app is hidden', () => {
    const { lock, showUnlock } = install();
    setVisibility('hidden');
    expect(lock).toHaveBeenCalledTimes(1);
    expect(showUnlock).toHaveBeenCalledTimes(1);
  });

  it('locks after the idle time, and activity restarts the wait', async () => {
    const { lock } = install(true, 60);
    await vi.advanceTimersByTimeAsync(59_000);
    window.dispatchEvent(new Event('pointerdown'));
    await vi.advanceTimersByTimeAsync(59_000);
    expect(lock).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(lock).toHaveBeenCalledTimes(1);
  });

  it('does nothing when locking is not wanted (onboarding)', async () => {
    const { lock, showUnlock } = install(false, 1);
    setVisibility('hidden');
    await vi.advanceTimersByTimeAsync(5_000);
    expect(lock).not.toHaveBeenCalled();
    expect(showUnlock).not.toHaveBeenCalled();
  });

  it('stops listening once removed', async () => {
    const { lock } = install(true, 1);
    remove();
    setVisibility('hidden');
    await vi.advanceTimersByTimeAsync(5_000);
    expect(lock).not.toHaveBeenCalled();
  });

  it('shows Unlock even when the lock command fails', async () => {
    const lock = vi.fn(async () => {
      throw new Error('gone');
    });
    const showUnlock = vi.fn();
    remove = installLockGuard({ shouldLock: () => true, lock, showUnlock, idleSeconds: () => 0 });
    setVisibility('hidden');
    await vi.advanceTimersByTimeAsync(0);
    expect(showUnlock).toHaveBeenCalledTimes(1);
  });
});

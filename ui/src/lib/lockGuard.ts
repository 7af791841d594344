// Locks the wallet when the app is hidden or left idle, and shows Unlock when it comes back.

export interface LockGuardOptions {
  /** False during onboarding and while Unlock is already showing. */
  shouldLock: () => boolean;
  /** Tells Rust to lock. */
  lock: () => Promise<unknown>;
  /** Shows the Unlock screen. */
  showUnlock: () => void;
  /** Idle time before locking, in seconds (0: never). */
  idleSeconds: () => number;
  doc?: Document;
  win?: Window;
}

/** Installs the listeners; returns a function that removes them. */
export function installLockGuard(opts: LockGuardOptions): () => void {
  const doc = opts.doc ?? document;
  const win = opts.win ?? window;
  let idle: ReturnType<typeof setTimeout> | null = null;

  function lockNow() {
    if (!opts.shouldLock()) return;
    opts.showUnlock();
    opts.lock().catch(() => {
      // Already locked, or the Rust side is gone: Unlock is showing either way.
    });
  }

  function restartIdle() {
    if (idle) clearTimeout(idle);
    const seconds = opts.idleSeconds();
    idle = seconds > 0 ? setTimeout(lockNow, seconds * 1000) : null;
  }

  function onVisibility() {
    if (doc.visibilityState === 'hidden') lockNow();
    else restartIdle();
  }

  const activity = ['pointerdown', 'keydown', 'wheel', 'touchstart'] as const;
  doc.addEventListener('visibilitychange', onVisibility);
  for (const name of activity) win.addEventListener(name, restartIdle, { passive: true });
  restartIdle();

  return () => {
    doc.removeEventListener('visibilitychange', onVisibility);
    for (const name of activity) win.removeEventListener(name, restartIdle);
    if (idle) clearTimeout(idle);
  };
}
